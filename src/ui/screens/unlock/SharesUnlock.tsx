import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unlockWithShares } from '../../../vault/services/unlock';
import { RemainingAttempts } from '../admin/RemainingAttempts';
import { ShareInputs } from '../admin/RecoveryProofFields';
import { UnlockCard, useRecoveryAttempt } from './UnlockCard';

/**
 * Unlock with k recovery shares (also after a duress wipe: the older, real vault opens). A mistyped
 * share is named by its position; then a user must set a new passphrase, as after the recovery key.
 */
export function SharesUnlock({ onCancel }: { onCancel(): void }) {
  const { t } = useTranslation();
  const [codes, setCodes] = useState<string[]>(['', '']);
  const { busy, problem, failures, attempt } = useRecoveryAttempt();

  return (
    <UnlockCard
      title={t('admin.unlock.sharesTitle')}
      intro={t('admin.unlock.sharesIntro')}
      problem={problem}
      status={<RemainingAttempts failures={failures} />}
      busy={busy}
      submitLabel={t('unlock.unlock')}
      cancelLabel={t('unlock.back')}
      onSubmit={() => void attempt((deps) => unlockWithShares(deps, codes.map((c) => c.trim()).filter((c) => c !== '')))}
      onCancel={onCancel}
      noValidate
    >
      <ShareInputs codes={codes} onChange={setCodes} />
    </UnlockCard>
  );
}
