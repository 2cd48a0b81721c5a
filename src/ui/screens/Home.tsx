import { useTranslation } from 'react-i18next';
import { useSession } from '../session/SessionContext';

export function Home() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('nav.dashboard')}</h1>
      <p>{t('app.signedInAs', { name: session.user.name, role: t(`roles.${session.user.role}`) })}</p>
    </section>
  );
}
