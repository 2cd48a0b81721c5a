import { useTranslation } from 'react-i18next';

/** Visible progress while Argon2id runs in its worker (one derivation per key slot: docs/security.md, "Sessions"). */
export function DerivingKey() {
  const { t } = useTranslation();
  return (
    <p className="busy" role="status">
      <progress aria-label={t('unlock.deriving')} /> {t('unlock.deriving')}
    </p>
  );
}
