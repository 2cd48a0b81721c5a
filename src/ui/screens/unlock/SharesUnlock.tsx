import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unlockWithShares } from '../../../vault/services/unlock';
import { DerivingKey } from '../../components/Busy';
import { useSessionApi } from '../../session/SessionContext';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { RemainingAttempts } from '../admin/RemainingAttempts';
import { ShareInputs } from '../admin/RecoveryProofFields';

/**
 * Unlock with k recovery shares (also after a duress wipe: the older, real vault opens). A mistyped
 * share is named by its position; then a user must set a new passphrase, as after the recovery key.
 */
export function SharesUnlock({ onCancel }: { onCancel(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const { deps, beginUnlock, wipedByGuard } = useSessionApi();
  const [codes, setCodes] = useState<string[]>(['', '']);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [failures, setFailures] = useState(0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps || busy) return;
    setBusy(true);
    setRefusal(undefined);
    const finish = beginUnlock();
    try {
      // Next: "Set a new passphrase", a session phase every lock trigger reaches.
      finish(await unlockWithShares(deps, codes.map((c) => c.trim()).filter((c) => c !== '')));
    } catch (error) {
      if (await wipedByGuard()) return;
      setRefusal(refusalOf(error));
      setFailures((n) => n + 1);
      setBusy(false);
    }
  }

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h1 id={`${id}-title`}>{t('admin.unlock.sharesTitle')}</h1>
      <p className="hint">{t('admin.unlock.sharesIntro')}</p>
      <ShareInputs codes={codes} onChange={setCodes} />
      {refusal && <RefusalNote refusal={refusal} />}
      <RemainingAttempts failures={failures} />
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
