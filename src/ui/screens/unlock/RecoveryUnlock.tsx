import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unlockWithRecoveryKey } from '../../../vault/services/unlock';
import { UnlockCard, useRecoveryAttempt } from './UnlockCard';

/** Unlock with the recovery key, then a user must set a new passphrase before anything else. */
export function RecoveryUnlock({ onCancel }: { onCancel(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [code, setCode] = useState('');
  const { busy, problem, attempt } = useRecoveryAttempt();

  return (
    <UnlockCard
      title={t('unlock.recoveryUnlockTitle')}
      problem={problem}
      busy={busy}
      submitLabel={t('unlock.unlock')}
      cancelLabel={t('unlock.back')}
      onSubmit={() => void attempt((deps) => unlockWithRecoveryKey(deps, code))}
      onCancel={onCancel}
    >
      <div className="field">
        <label htmlFor={`${id}-code`}>{t('unlock.recoveryKey')}</label>
        <input id={`${id}-code`} autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
      </div>
    </UnlockCard>
  );
}
