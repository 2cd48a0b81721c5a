import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assessPassphrase } from '../../../core/passphrase';
import { RECOVERY_ACTOR, type Session } from '../../../vault/session';
import { replacePassphrase } from '../../../vault/services/passphrase';
import { unlockWithPassphrase } from '../../../vault/services/unlock';
import { NewPassphraseInput, PassphraseInput } from '../../components/PassphraseInput';
import { useSessionApi } from '../../session/SessionContext';
import { describeError } from '../../errors/describe';
import { UnlockCard } from './UnlockCard';

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

  async function submit() {
    if (!deps || busy) return;
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
    <UnlockCard
      title={t('unlock.newPassphraseTitle')}
      intro={recovered ? t('unlock.newPassphraseIntro') : t('unlock.oneTimeIntro', { name: session.user.name })}
      problem={error}
      busy={busy}
      submitLabel={t('unlock.save')}
      cancelLabel={t('unlock.cancelLock')}
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
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
    </UnlockCard>
  );
}
