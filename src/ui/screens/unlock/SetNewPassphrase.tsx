import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assessPassphrase } from '../../../core/passphrase';
import { RECOVERY_ACTOR, type Session } from '../../../vault/session';
import { replacePassphrase } from '../../../vault/services/passphrase';
import { unlockWithPassphrase } from '../../../vault/services/unlock';
import { DerivingKey } from '../../components/Busy';
import { NewPassphraseInput, PassphraseInput } from '../../components/PassphraseInput';
import { useSessionApi } from '../../session/SessionContext';
import { describeError } from '../../errors/describe';

/**
 * After a recovery unlock: pick the user and give them a new passphrase; their old slots are destroyed.
 * After a one-time passphrase: the user sets their own. Cancel locks.
 */
export function SetNewPassphrase({ session, onCancel }: { session: Session; onCancel(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const { deps, beginUnlock } = useSessionApi();
  const recovered = session.user.id === RECOVERY_ACTOR.id;
  const users = recovered ? session.users.list().filter((u) => u.status === 'active') : [session.user];
  const [userId, setUserId] = useState(users.find((u) => u.role === 'admin')?.id ?? users[0]?.id ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps) return;
    const verdict = assessPassphrase(passphrase);
    if (!verdict.ok) return setError(t(`unlock.weak.${verdict.reason}`));
    if (passphrase !== repeat) return setError(t('unlock.mismatch'));
    setBusy(true);
    const finish = beginUnlock();
    try {
      await replacePassphrase(deps, session, userId, passphrase);
      session.lock();
      const { session: fresh } = await unlockWithPassphrase(deps, passphrase);
      finish(fresh);
    } catch (e) {
      setError(t('unlock.failed', { reason: describeError(t, e) }));
      setBusy(false);
    }
  }

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('unlock.newPassphraseTitle')}</h1>
      <p className="hint">{recovered ? t('unlock.newPassphraseIntro') : t('unlock.oneTimeIntro', { name: session.user.name })}</p>
      {recovered && (
        <div className="field">
          <label htmlFor={`${id}-user`}>{t('unlock.user')}</label>
          <select id={`${id}-user`} value={userId} onChange={(e) => setUserId(e.target.value)}>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <NewPassphraseInput label={t('unlock.passphrase')} value={passphrase} onChange={setPassphrase} autoFocus />
      <PassphraseInput label={t('unlock.repeat')} value={repeat} onChange={setRepeat} autoComplete="new-password" />
      {error && <p role="alert">{error}</p>}
      {busy ? (
        <DerivingKey />
      ) : (
        <div className="actions">
          <button type="submit">{t('unlock.save')}</button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('unlock.cancelLock')}
          </button>
        </div>
      )}
    </form>
  );
}
