import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unlockAttemptsLeft } from '../../../vault/services/wipe';
import { useSessionApi } from '../../session/SessionContext';

/**
 * On an unlock screen, when "wipe after N failed unlocks" is on: how many attempts are left before
 * this device wipes itself. `failures` is the screen's own count, so the number is read again after
 * each failed attempt.
 */
export function RemainingAttempts({ failures }: { failures: number }) {
  const { t } = useTranslation();
  const { deps } = useSessionApi();
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    if (!deps) return;
    let current = true;
    void unlockAttemptsLeft(deps).then(
      (n) => current && setLeft(n),
      () => current && setLeft(null),
    );
    return () => {
      current = false;
    };
  }, [deps, failures]);
  if (left === null) return null;
  return (
    <p className="warning" data-testid="attempts-left">
      {t('admin.unlock.attemptsLeft', { n: left })}
    </p>
  );
}
