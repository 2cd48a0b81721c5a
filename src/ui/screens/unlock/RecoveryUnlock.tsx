import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unlockWithRecoveryKey } from '../../../vault/services/unlock';
import { DerivingKey } from '../../components/Busy';
import { describeError } from '../../errors/describe';
import { useSessionApi } from '../../session/SessionContext';

/** Unlock with the recovery key, then a user must set a new passphrase before anything else. */
export function RecoveryUnlock({ onCancel }: { onCancel(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const { deps, beginUnlock, wipedByGuard } = useSessionApi();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps) return;
    setBusy(true);
    setError(undefined);
    const finish = beginUnlock();
    try {
      // Next: "Set a new passphrase", a session phase every lock trigger reaches.
      finish(await unlockWithRecoveryKey(deps, code));
    } catch (e) {
      if (await wipedByGuard()) return;
      setError(describeError(t, e));
      setBusy(false);
    }
  }

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('unlock.recoveryUnlockTitle')}</h1>
      <div className="field">
        <label htmlFor={`${id}-code`}>{t('unlock.recoveryKey')}</label>
        <input id={`${id}-code`} autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
      </div>
      {error && <p role="alert">{error}</p>}
      {busy ? (
        <DerivingKey />
      ) : (
        <div className="actions">
          <button type="submit">{t('unlock.unlock')}</button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('unlock.back')}
          </button>
        </div>
      )}
    </form>
  );
}
