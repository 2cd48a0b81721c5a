import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/SessionContext';

/** A screen the user's role may not open, reached by its address: said plainly (the vault refuses its actions anyway). */
export function Forbidden() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <section aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{t('admin.forbidden.title')}</h1>
      <p role="alert">{t('admin.forbidden.text', { role: t(`roles.${session.user.role}`) })}</p>
    </section>
  );
}
