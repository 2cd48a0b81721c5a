import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { languageOf } from '../../../core/language';
import { createBackup } from '../../../vault/services/backup';
import { saveBackupFile } from '../../../vault/admin-ipc';
import { useSessionApi, useSession } from '../../session/SessionContext';
import { KeyText } from '../handoff/common';
import { AdminNav, Working } from './common';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';

/**
 * Encrypted backup of the whole vault, to the recovery key (and optionally to the admin's own age
 * recipients); main asks where to save it and writes it atomically with mode 0600.
 */
export function BackupScreen() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const session = useSession();
  const { deps } = useSessionApi();
  const [recipients, setRecipients] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [saved, setSaved] = useState<{ path: string; sha256: string }>();
  const [cancelled, setCancelled] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps || busy) return;
    setBusy(true);
    setRefusal(undefined);
    setSaved(undefined);
    setCancelled(false);
    try {
      const ageRecipients = recipients
        .split(/\s+/)
        .map((r) => r.trim())
        .filter((r) => r !== '');
      const result = await saveBackupFile(await createBackup(deps, session, { ageRecipients }), deps.now(), languageOf(i18n.language));
      if (result.status === 'saved') setSaved(result);
      else setCancelled(true);
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <AdminNav />
      <h1 id={`${id}-title`}>{t('admin.backup.title')}</h1>
      <p>{t('admin.backup.intro')}</p>
      <ul>
        <li>{t('admin.backup.opens')}</li>
        <li>{t('admin.backup.snapshot')}</li>
        <li>{t('admin.backup.where')}</li>
      </ul>
      {saved && (
        <div role="status" className="card">
          <p>{t('admin.backup.saved', { path: saved.path })}</p>
          <dl className="facts">
            <dt>{t('admin.backup.sha256')}</dt>
            <dd data-testid="backup-sha256">
              <KeyText>{saved.sha256}</KeyText>
            </dd>
          </dl>
          <p className="hint">{t('admin.backup.sha256Hint')}</p>
        </div>
      )}
      {cancelled && <p role="status">{t('admin.backup.cancelled')}</p>}
      {refusal && <RefusalNote refusal={refusal} />}
      <form className="card" onSubmit={submit} aria-labelledby={`${id}-form`} noValidate>
        <h2 id={`${id}-form`}>{t('admin.backup.formTitle')}</h2>
        <div className="field">
          <label htmlFor={`${id}-age`}>{t('admin.backup.recipients')}</label>
          <textarea
            id={`${id}-age`}
            autoComplete="off"
            className="key-input"
            rows={2}
            spellCheck={false}
            value={recipients}
            onChange={(e) => setRecipients(e.target.value)}
            aria-describedby={`${id}-age-hint`}
          />
          <p className="hint" id={`${id}-age-hint`}>
            {t('admin.backup.recipientsHint')}
          </p>
        </div>
        {busy ? <Working /> : <button type="submit">{t('admin.backup.save')}</button>}
      </form>
      <p className="hint">{t('admin.backup.restoreHint')}</p>
    </section>
  );
}
