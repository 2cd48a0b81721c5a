import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../core/api';
import { call } from '../../bridge';
import { describeError } from '../errors/describe';

export function About() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<ResponseOf<'app.info'>>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    call('appInfo', {}).then(setInfo, (e: unknown) => setError(describeError(t, e)));
  }, [t]);
  return (
    <section aria-labelledby="about-title">
      <h1 id="about-title">{t('about.title')}</h1>
      {error && <p role="alert">{t('about.error', { reason: error })}</p>}
      {!info && !error && <p>{t('about.loading')}</p>}
      {info && (
        <dl className="facts" data-testid="app-info">
          <dt>{info.name}</dt>
          <dd>{t('about.version', { version: info.version })}</dd>
          <dd>{t('about.platform', { platform: info.platform })}</dd>
          <dd>{info.packaged ? t('about.packaged') : t('about.development')}</dd>
        </dl>
      )}
    </section>
  );
}
