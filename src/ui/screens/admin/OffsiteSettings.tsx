import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isBackupRecipient } from '../../../core/crypto/backup';
import { useSession, useVaultState } from '../../session/SessionContext';
import { Working } from './common';
import { useOutcome } from './outcome';

/** The organisation's off-site age recipient, which Evacuate encrypts its backup to (empty: Evacuate only wipes). */
export function OffsiteSettings() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const { settings } = useVaultState();
  const [recipient, setRecipient] = useState(settings.offsiteRecipient ?? '');
  const [invalid, setInvalid] = useState(false);
  const { busy, run, view } = useOutcome();

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = recipient.trim().toLowerCase();
    setInvalid(value !== '' && !isBackupRecipient(value));
    if (value !== '' && !isBackupRecipient(value)) return;
    void run(() => session.settings.update({ offsiteRecipient: value === '' ? undefined : value }));
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('admin.settings.offsite')}</h2>
      <div className="field">
        <label htmlFor={`${id}-age`}>{t('admin.settings.offsiteRecipient')}</label>
        <input
          id={`${id}-age`}
          className="key-input"
          autoComplete="off"
          spellCheck={false}
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
          aria-invalid={invalid}
          aria-describedby={`${id}-hint${invalid ? ` ${id}-invalid` : ''}`}
        />
        <p className="hint" id={`${id}-hint`}>
          {t('admin.settings.offsiteHint')}
        </p>
        {invalid && (
          <p role="alert" id={`${id}-invalid`}>
            {t('admin.settings.offsiteInvalid')}
          </p>
        )}
      </div>
      {view}
      {busy ? <Working /> : <button type="submit">{t('admin.settings.save')}</button>}
    </form>
  );
}
