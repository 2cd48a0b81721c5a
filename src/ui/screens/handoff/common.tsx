import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { BundleError } from '../../../core/handoff';
import { ForbiddenError } from '../../../core/roles';
import { HandoffInputError } from '../../../vault/handoff';

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

export interface Refusal {
  /** Translated reason: what happened, in the user's language. */
  readonly reason: string;
  /** The exact technical detail (English, from the core), shown under the reason. */
  readonly detail: string;
}

/** Every way an action can be refused, named in the user's language, with the core's exact message beneath. */
export function refusalOf(t: TFunction, error: unknown): Refusal {
  if (error instanceof BundleError) return { reason: t(`handoff.refusal.${error.reason}`), detail: error.message };
  if (error instanceof HandoffInputError) return { reason: t(`handoff.input.${error.code}`), detail: error.message };
  if (error instanceof ForbiddenError) return { reason: t('handoff.forbidden'), detail: error.message };
  return { reason: t('handoff.failed'), detail: error instanceof Error ? error.message : String(error) };
}

/** A refusal that came back from main as data ({status: 'refused', reason, message}). */
export function mainRefusal(t: TFunction, refused: { reason: string; message: string }): Refusal {
  return { reason: t(`handoff.refusal.${refused.reason}`), detail: refused.message };
}

export function RefusalNote({ refusal }: { refusal: Refusal }) {
  return (
    <div role="alert" className="handoff-refusal">
      <p>{refusal.reason}</p>
      <p className="hint">{refusal.detail}</p>
    </div>
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
