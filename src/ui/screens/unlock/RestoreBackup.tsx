import { useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { restoreBackup } from '../../../vault/services/backup';
import { openBackupFile } from '../../../vault/admin-ipc';
import { DerivingKey } from '../../components/Busy';
import { useSessionApi } from '../../session/SessionContext';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { EMPTY_PROOF, proofOf, RecoveryProofFields, type ProofDraft } from '../admin/RecoveryProofFields';

/**
 * First run, instead of creating a vault: restore one from a backup file (picked in main's dialog)
 * with the recovery key or k shares. Afterwards the app shows the unlock form, and everyone's
 * passphrases work as they did when the backup was made.
 */
export function RestoreBackup() {
  const { t } = useTranslation();
  const id = useId();
  const { deps, restart } = useSessionApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const [file, setFile] = useState<Uint8Array>();
  const [proof, setProof] = useState<ProofDraft>(EMPTY_PROOF);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string>();
  const [refusal, setRefusal] = useState<Refusal>();

  async function pick() {
    setNote(undefined);
    setRefusal(undefined);
    const opened = await openBackupFile().catch((error: unknown) => {
      setRefusal(refusalOf(error));
      return undefined;
    });
    if (opened?.status === 'opened') setFile(opened.bytes);
    else if (opened?.status === 'cancelled') setNote(t('admin.restore.cancelled'));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    // React bubbles events through the portal: the first-run form around the trigger must not see this submit.
    event.stopPropagation();
    if (!deps || !file || busy) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await restoreBackup(deps, file, proofOf(proof));
      dialog.current?.close();
      await restart();
    } catch (error) {
      setRefusal(refusalOf(error));
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="link" onClick={() => dialog.current?.showModal()}>
        {t('admin.restore.open')}
      </button>
      {/* Portalled out of the first-run form: a form may not hold another form. */}
      {createPortal(
        <dialog ref={dialog} className="confirm" aria-labelledby={`${id}-title`}>
          <form onSubmit={submit} noValidate>
            <h2 id={`${id}-title`}>{t('admin.restore.title')}</h2>
            <p>{t('admin.restore.intro')}</p>
            <div className="actions">
              <button type="button" className="secondary" onClick={() => void pick()} disabled={busy}>
                {t('admin.restore.pick')}
              </button>
              {file && <span role="status">{t('admin.restore.picked', { kib: Math.ceil(file.length / 1024) })}</span>}
              {note && <span role="status">{note}</span>}
            </div>
            {file && <RecoveryProofFields value={proof} onChange={setProof} />}
            {refusal && <RefusalNote refusal={refusal} />}
            {busy ? (
              <DerivingKey />
            ) : (
              <div className="actions">
                <button type="submit" disabled={!file}>
                  {t('admin.restore.restore')}
                </button>
                <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
                  {t('admin.cancel')}
                </button>
              </div>
            )}
          </form>
        </dialog>,
        document.body,
      )}
    </>
  );
}
