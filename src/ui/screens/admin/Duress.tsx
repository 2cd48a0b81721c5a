import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assessPassphrase } from '../../../core/passphrase';
import { setDuressPassphrase } from '../../../vault/services/duress';
import { NewPassphraseInput, PassphraseInput } from '../../components/PassphraseInput';
import { useSessionApi, useSession, useVaultState } from '../../session/SessionContext';
import { AdminNav, ConfirmDialog, Working } from './common';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';

/**
 * The duress passphrase (docs/threat-model.md §8), optional: typed at the unlock screen it destroys every
 * passphrase's access to this vault and opens an empty one. The screen says plainly what it does
 * and what still opens the real data afterwards.
 */
/** What a copy of the disk still shows after duress; each is checked in tests/unit/vault/duress-forensics.test.ts. */
const DISK_NOTES = ['admin.duress.disk1', 'admin.duress.disk2', 'admin.duress.disk3', 'admin.duress.disk4', 'admin.duress.disk5'] as const;

export function DuressScreen() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const { deps } = useSessionApi();
  useVaultState();
  const enabled = session.duress.slotId() !== null;
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [decoyName, setDecoyName] = useState(session.user.name);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const [clearing, setClearing] = useState(false);

  async function save(value: string | null) {
    if (!deps) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await setDuressPassphrase(deps, session, value, { decoyAdminName: decoyName.trim() || session.user.name });
      setPassphrase('');
      setRepeat('');
      setClearing(false);
      setDone(t(value === null ? 'admin.duress.cleared' : 'admin.duress.saved'));
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    setProblem(undefined);
    const verdict = assessPassphrase(passphrase);
    if (!verdict.ok) return setProblem(t(`unlock.weak.${verdict.reason}`));
    if (passphrase !== repeat) return setProblem(t('unlock.mismatch'));
    void save(passphrase);
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <AdminNav />
      <h1 id={`${id}-title`}>{t('admin.duress.title')}</h1>
      <p className="card" data-testid="duress-status">
        <strong>{t(enabled ? 'admin.duress.on' : 'admin.duress.off')}</strong>
      </p>
      <h2>{t('admin.duress.whatTitle')}</h2>
      <ul>
        <li>{t('admin.duress.what1')}</li>
        <li>{t('admin.duress.what2')}</li>
        <li>{t('admin.duress.what3')}</li>
        <li>
          <strong>{t('admin.duress.what4')}</strong>
        </li>
      </ul>
      <h2>{t('admin.duress.diskTitle')}</h2>
      <p>{t('admin.duress.diskIntro')}</p>
      <ul data-testid="duress-disk">
        {DISK_NOTES.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <p className="warning">{t('admin.duress.practise')}</p>
      {done && <p role="status">{done}</p>}

      <form className="card" onSubmit={submit} aria-labelledby={`${id}-set`} noValidate>
        <h2 id={`${id}-set`}>{t(enabled ? 'admin.duress.changeTitle' : 'admin.duress.setTitle')}</h2>
        <NewPassphraseInput label={t('admin.duress.passphrase')} value={passphrase} onChange={setPassphrase} />
        <PassphraseInput label={t('unlock.repeat')} value={repeat} onChange={setRepeat} autoComplete="new-password" />
        <div className="field">
          <label htmlFor={`${id}-decoy`}>{t('admin.duress.decoyName')}</label>
          <input id={`${id}-decoy`} autoComplete="off" maxLength={80} value={decoyName} onChange={(e) => setDecoyName(e.target.value)} aria-describedby={`${id}-decoy-hint`} />
          <p className="hint" id={`${id}-decoy-hint`}>
            {t('admin.duress.decoyHint')}
          </p>
        </div>
        {problem && <p role="alert">{problem}</p>}
        {refusal && !clearing && <RefusalNote refusal={refusal} />}
        {busy && !clearing ? <Working /> : <button type="submit">{t('admin.duress.save')}</button>}
      </form>

      {enabled && (
        <>
          <h2>{t('admin.duress.clearTitle')}</h2>
          <button type="button" className="secondary" onClick={() => setClearing(true)}>
            {t('admin.duress.clear')}
          </button>
        </>
      )}
      <ConfirmDialog
        open={clearing}
        title={t('admin.duress.clearTitle')}
        confirmLabel={t('admin.duress.clear')}
        busy={busy}
        refusal={refusal}
        onConfirm={() => void save(null)}
        onCancel={() => setClearing(false)}
      >
        <p>{t('admin.duress.clearExplain')}</p>
      </ConfirmDialog>
    </section>
  );
}
