import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { languageOf } from '../../../core/language';
import { saveBackupFile } from '../../../vault/admin-ipc';
import { evacuate, offsiteRecipient } from '../../../vault/services/evacuate';
import { PassphraseInput } from '../../components/PassphraseInput';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { useSession, useSessionApi, useVaultState } from '../../session/SessionContext';
import { Working } from '../admin/common';
import { KeyText } from '../handoff/common';

/**
 * Evacuate, for staff and admins: a backup to the organisation's off-site key through main's save
 * dialog, then the wipe; or, with no off-site key set, the wipe alone, which the screen says before
 * anything happens. The vault checks the role, the passphrase and the saved file (services/evacuate.ts).
 */
export function EvacuateScreen() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const session = useSession();
  useVaultState();
  const { deps, restart } = useSessionApi();
  const [passphrase, setPassphrase] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [cancelled, setCancelled] = useState(false);
  if (session.isLocked) return null;
  const recipient = offsiteRecipient(session);
  const word = t('evacuate.word');
  const ready = passphrase !== '' && typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps || !ready || busy) return;
    setBusy(true);
    setRefusal(undefined);
    setCancelled(false);
    try {
      const result = await evacuate(deps, session, { passphrase, save: (bytes) => saveBackupFile(bytes, deps.now(), languageOf(i18n.language)) });
      if (result.status === 'wiped') return await restart();
      setCancelled(true);
    } catch (error) {
      setRefusal(refusalOf(error));
    }
    setBusy(false);
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('evacuate.title')}</h1>
      <p>{t('evacuate.intro')}</p>
      {recipient ? (
        <>
          <ol>
            <li>
              {t('evacuate.stepBackup')} <KeyText>{recipient}</KeyText>
            </li>
            <li>{t('evacuate.stepWipe')}</li>
          </ol>
          <p className="hint">{t('evacuate.opens')}</p>
        </>
      ) : (
        <p className="warning" data-testid="evacuate-no-backup">
          {t('evacuate.noRecipient')}
        </p>
      )}
      <p className="warning">{t('evacuate.final')}</p>
      {cancelled && <p role="status">{t('evacuate.cancelled')}</p>}
      {refusal && (
        <>
          <RefusalNote refusal={refusal} />
          <p role="status">{t('evacuate.nothingWiped')}</p>
        </>
      )}
      <form className="card confirm" onSubmit={submit} noValidate aria-labelledby={`${id}-form`}>
        <h2 id={`${id}-form`}>{t('evacuate.formTitle')}</h2>
        <PassphraseInput label={t('evacuate.passphrase')} value={passphrase} onChange={setPassphrase} />
        <div className="field">
          <label htmlFor={`${id}-word`}>{t('evacuate.type', { word })}</label>
          <input id={`${id}-word`} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
        {busy ? (
          <Working />
        ) : (
          <button type="submit" className="danger" disabled={!ready}>
            {t(recipient ? 'evacuate.button' : 'evacuate.buttonWipeOnly')}
          </button>
        )}
      </form>
    </section>
  );
}
