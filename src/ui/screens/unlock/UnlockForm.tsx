import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../bridge';
import { WrongPassphraseError } from '../../../core/crypto/slots';
import { unlockWithPassphrase } from '../../../vault/services/unlock';
import { DerivingKey } from '../../components/Busy';
import { RemainingAttempts } from '../admin/RemainingAttempts';
import { PassphraseInput } from '../../components/PassphraseInput';
import { useSessionApi } from '../../session/SessionContext';
import { PracticeEntry } from '../../practice/PracticeEntry';
import { RecoveryUnlock } from './RecoveryUnlock';
import { SharesUnlock } from './SharesUnlock';
import { describeError } from '../../errors/describe';

const SLOT_HINT = 'waystation.slot';

/**
 * The unlock form: one passphrase field, one clear message when wrong, a growing delay after
 * repeated failures. Main counts the failures (electron/main/unlock-delay.ts), so a reload or the
 * fresh page after a lock shows the same wait.
 */
export function UnlockForm() {
  const { t } = useTranslation();
  const { deps, beginUnlock, wipedByGuard } = useSessionApi();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [recovering, setRecovering] = useState<'key' | 'shares'>();
  const [failures, setFailures] = useState(0);

  function showDelay(status: { failures: number; waitMs: number }) {
    setFailures(status.failures);
    setNow(Date.now());
    setWaitUntil(Date.now() + status.waitMs);
  }

  useEffect(() => {
    let current = true;
    call('unlockDelay', {}).then(
      (status) => current && showDelay(status),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);

  // The key-derivation worker starts while the passphrase is typed, not after it is submitted.
  useEffect(() => {
    void deps?.kdf.warm().catch(() => undefined);
  }, [deps]);

  useEffect(() => {
    if (waitUntil <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), 250);
    return () => clearTimeout(timer);
  }, [waitUntil, now]);

  if (recovering === 'key') return <RecoveryUnlock onCancel={() => setRecovering(undefined)} />;
  if (recovering === 'shares') return <SharesUnlock onCancel={() => setRecovering(undefined)} />;

  const waiting = waitUntil > now;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps || waiting || passphrase === '') return;
    setBusy(true);
    setError(undefined);
    const finish = beginUnlock();
    try {
      // Main decides whether this attempt may run yet, whatever this page remembers.
      const status = await call('unlockDelay', {});
      if (status.waitMs > 0) {
        showDelay(status);
        return;
      }
      // The hint is an opaque slot id: which of this device's slots to try first.
      const { session, slotId } = await unlockWithPassphrase(deps, passphrase, localStorage.getItem(SLOT_HINT) ?? undefined);
      localStorage.setItem(SLOT_HINT, slotId);
      setPassphrase('');
      void call('unlockSucceeded', {}).catch(() => undefined);
      // A one-time passphrase (new user, or reset by an admin) opens only "Set a new passphrase".
      finish(session);
    } catch (e) {
      setPassphrase('');
      if (e instanceof WrongPassphraseError && (await wipedByGuard())) return;
      if (e instanceof WrongPassphraseError) {
        setError(t('unlock.wrong'));
        showDelay(await call('unlockFailed', {}).catch(() => ({ failures: failures + 1, waitMs: 0 })));
      } else setError(t('unlock.failed', { reason: describeError(t, e) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form className="card narrow" onSubmit={submit} aria-labelledby="unlock-title">
        <h1 id="unlock-title">{t('unlock.title')}</h1>
        <PassphraseInput label={t('unlock.passphrase')} value={passphrase} onChange={setPassphrase} autoFocus />
        {error && <p role="alert">{error}</p>}
        <RemainingAttempts failures={failures} />
        {waiting && <p className="hint">{t('unlock.wait', { seconds: Math.ceil((waitUntil - now) / 1000) })}</p>}
        {busy ? (
          <DerivingKey />
        ) : (
          <div className="actions">
            <button type="submit" disabled={waiting}>
              {t('unlock.unlock')}
            </button>
            <button type="button" className="link" onClick={() => setRecovering('key')}>
              {t('unlock.useRecovery')}
            </button>
            <button type="button" className="link" onClick={() => setRecovering('shares')}>
              {t('admin.unlock.useShares')}
            </button>
          </div>
        )}
      </form>
      <PracticeEntry />
    </>
  );
}
