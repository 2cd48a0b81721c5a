import { useTranslation } from 'react-i18next';
import { DamageNotice } from './screens/admin/DamageNotice';
import { RotationPendingNotice } from './screens/admin/RotationPendingNotice';
import { HashRouter, NavLink, Route, Routes } from 'react-router';
import { can } from '../core/roles';
import { LanguageSelect } from './components/LanguageSelect';
import { DraftOffers } from './drafts/DraftOffers';
import { describeError } from './errors/describe';
import { AsOfBar, AsOfProvider } from './operations/AsOf';
import { PracticeBanner } from './practice/PracticeBanner';
import { ROUTES } from './routes';
import { Forbidden } from './screens/admin/Forbidden';
import { FirstRun } from './screens/unlock/FirstRun';
import { RecoveryKeySheet } from './screens/unlock/RecoveryKeySheet';
import { SetNewPassphrase } from './screens/unlock/SetNewPassphrase';
import { UnlockForm } from './screens/unlock/UnlockForm';
import { LockTriggers } from './session/LockTriggers';
import { SessionProvider, sessionOf, useSessionApi, useSession } from './session/SessionContext';

export function App() {
  return (
    <SessionProvider>
      {/* Above every phase, so each lock trigger reaches each state that holds a key. */}
      <LockTriggers />
      <Gate />
    </SessionProvider>
  );
}

/**
 * Outside the app proper, nothing but one form is rendered: the unlock (or create) form, the
 * recovery key sheet of a vault just made, or "Set a new passphrase" of a session that may do
 * nothing else.
 */
function Gate() {
  const { t } = useTranslation();
  const { phase, lock, unlocked } = useSessionApi();
  if (phase.kind === 'unlocked') return <Unlocked key={phase.session.vaultId} />;
  return (
    <>
      <header className="app-header">
        <PracticeBanner />
        <span className="app-name">{t('app.name')}</span>
        <span className="spacer" />
        <LanguageSelect />
        {sessionOf(phase) && <LockButton />}
      </header>
      <main id="main" className="gate">
        {phase.kind === 'starting' && <p role="status">{t('app.starting')}</p>}
        {phase.kind === 'failed' && <p role="alert">{t('app.startFailed', { reason: describeError(t, phase.error) })}</p>}
        {phase.kind === 'first-run' && <FirstRun />}
        {phase.kind === 'locked' && <UnlockForm />}
        {phase.kind === 'created' && <RecoveryKeySheet key={phase.session.vaultId} code={phase.recoveryCode} onConfirmed={() => unlocked(phase.session)} />}
        {phase.kind === 'must-change' && <SetNewPassphrase key={phase.session.vaultId} session={phase.session} onCancel={() => lock('button')} />}
      </main>
    </>
  );
}

function LockButton() {
  const { t } = useTranslation();
  const { lock } = useSessionApi();
  return (
    <button type="button" className="secondary" onClick={() => lock('button')} title={t('app.lockHint')}>
      {t('app.lock')}
    </button>
  );
}

function Unlocked() {
  const { t } = useTranslation();
  const session = useSession();
  const routes = ROUTES.filter((r) => can(session.user.role, r.permission));
  return (
    <HashRouter>
      <AsOfProvider>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <header className="app-header">
          <PracticeBanner />
          <span className="app-name">{t('app.name')}</span>
          <LanguageSelect />
          {/* Beside Lock on every screen, not in the menu: the emergency action must be one step away. */}
          {can(session.user.role, 'evacuation') && (
            <NavLink className="evacuate-link" to="/evacuate">
              {t('evacuate.nav')}
            </NavLink>
          )}
          <LockButton />
          {/* A line of its own (styles.css), so the Russian menu fits on one line at 1024 px. */}
          <nav aria-label={t('app.mainNav')}>
            {routes
              .filter((r) => r.nav)
              .map((r) => (
                <NavLink key={r.path} to={r.path} end={r.path === '/'}>
                  {t(r.label)}
                </NavLink>
              ))}
          </nav>
        </header>
        <AsOfBar />
        <main id="main" tabIndex={-1}>
          <RotationPendingNotice />
          <DamageNotice />
          <DraftOffers />
          <Routes>
            {ROUTES.map((r) => (
              <Route key={r.path} path={r.path} element={can(session.user.role, r.permission) ? r.element() : <Forbidden />} />
            ))}
            <Route path="*" element={<p>{t('notFound')}</p>} />
          </Routes>
        </main>
      </AsOfProvider>
    </HashRouter>
  );
}
