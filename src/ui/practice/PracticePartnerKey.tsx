import { useTranslation } from 'react-i18next';
import type { Partner } from '../../core/model/partner';
import { KeyText } from '../screens/handoff/common';

/**
 * Practice only: the practice partner's secret age key, so a volunteer can open a practice bundle
 * with the partner CLI as a partner would (docs/operators.md, "Practice mode").
 */
export function PracticePartnerKey({ partners }: { partners: readonly Partner[] }) {
  const { t } = useTranslation();
  const partner = partners.find((p) => p.practice);
  if (!partner?.practice) return null;
  return (
    <section aria-labelledby="practice-partner-key">
      <h2 id="practice-partner-key">{t('practice.partnerKeyTitle', { name: partner.name })}</h2>
      <p className="hint">{t('practice.partnerKeyHint')}</p>
      <div data-testid="practice-partner-identity">
        <KeyText>{partner.practice.ageIdentity}</KeyText>
      </div>
    </section>
  );
}
