import { useTranslation } from 'react-i18next';

/**
 * Said where people are missing because their identities are still opening after the unlock
 * (vault/session/people-keyring.ts): the screen renders them when the vault announces they are open.
 */
export function OpeningIdentities() {
  const { t } = useTranslation();
  return (
    <p className="busy" role="status" data-testid="opening-identities">
      <progress aria-label={t('identities.opening')} /> {t('identities.opening')}
    </p>
  );
}
