import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

/** Partners, send, receive and the list of bundles sent: the handoff screens share one entry in the main navigation. */
export function HandoffNav() {
  const { t } = useTranslation();
  return (
    <nav className="handoff-tabs" aria-label={t('handoff.nav.sections')}>
      <NavLink to="/handoff" end>
        {t('handoff.nav.partners')}
      </NavLink>
      <NavLink to="/handoff/send">{t('handoff.nav.send')}</NavLink>
      <NavLink to="/handoff/receive">{t('handoff.nav.receive')}</NavLink>
      <NavLink to="/handoff/sent">{t('handoff.nav.sent')}</NavLink>
    </nav>
  );
}

/** Key material as text to read aloud: monospace, selectable, wrapping anywhere. */
export function KeyText({ children, label }: { children: string; label?: string }) {
  return (
    <code className="key-text" aria-label={label}>
      {children}
    </code>
  );
}
