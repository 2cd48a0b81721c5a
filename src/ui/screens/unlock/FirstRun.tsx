import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assessPassphrase } from '../../../core/passphrase';
import { createVault } from '../../../vault/services/create';
import { DerivingKey } from '../../components/Busy';
import { NewPassphraseInput, PassphraseInput } from '../../components/PassphraseInput';
import { useSessionApi } from '../../session/SessionContext';
import { PracticeEntry } from '../../practice/PracticeEntry';
import { RestoreBackup } from './RestoreBackup';
import { describeError } from '../../errors/describe';

/** First run: the first admin names themselves, picks a passphrase, then must confirm the recovery key. */
export function FirstRun() {
  const { t } = useTranslation();
  const { deps, beginUnlock } = useSessionApi();
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (!deps) return;
    if (name.trim() === '') return setError(t('unlock.nameRequired'));
    const verdict = assessPassphrase(passphrase, [name]);
    if (!verdict.ok) return setError(t(`unlock.weak.${verdict.reason}`));
    if (passphrase !== repeat) return setError(t('unlock.mismatch'));
    setBusy(true);
    const finish = beginUnlock();
    try {
      // The recovery key sheet that follows is a session phase: every lock trigger reaches it.
      const { session, recoveryCode } = await createVault(deps, { adminName: name, passphrase });
      finish(session, recoveryCode);
    } catch (e) {
      setError(t('unlock.createFailed', { reason: describeError(t, e) }));
      setBusy(false);
    }
  }

  return (
    <>
      <form className="card narrow" onSubmit={submit} aria-labelledby="first-run-title">
        <h1 id="first-run-title">{t('unlock.createTitle')}</h1>
        <p className="hint">{t('unlock.createIntro')}</p>
        <div className="field">
          <label htmlFor="admin-name">{t('unlock.yourName')}</label>
          <input id="admin-name" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </div>
        <NewPassphraseInput label={t('unlock.passphrase')} value={passphrase} onChange={setPassphrase} userInputs={[name]} />
        <PassphraseInput label={t('unlock.repeat')} value={repeat} onChange={setRepeat} autoComplete="new-password" />
        {error && <p role="alert">{error}</p>}
        {busy ? <DerivingKey /> : <button type="submit">{t('unlock.create')}</button>}
        <RestoreBackup />
      </form>
      <PracticeEntry />
    </>
  );
}
