import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PRACTICE_PASSPHRASE } from '../../core/practice/profile';
import { useSessionApi } from '../session/SessionContext';

/**
 * On every screen of practice mode, inside the header landmark: what this is, and the way out (a
 * lock). The page's accent colour changes with it (styles.css, [data-profile='practice']), so a
 * glance tells practice from real work.
 */
export function PracticeBanner() {
  const { t } = useTranslation();
  const { profile, lock } = useSessionApi();
  useEffect(() => {
    document.documentElement.dataset.profile = profile;
  }, [profile]);
  if (profile !== 'practice') return null;
  return (
    <div className="practice-banner" data-testid="practice-banner">
      <strong>{t('practice.banner')}</strong>
      <span>{t('practice.bannerHint', { passphrase: PRACTICE_PASSPHRASE })}</span>
      <button type="button" className="secondary" onClick={() => lock('button')}>
        {t('practice.leave')}
      </button>
    </div>
  );
}
