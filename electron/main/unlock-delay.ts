import type { Clock } from '../../src/core/clock';
import { delayAfterFailures } from '../../src/core/unlock-delay';
import type { HandlerTable } from './ipc';

/**
 * The failed-unlock count and the time the next attempt is allowed, held in main: a reload, or
 * the new renderer every lock brings, asks main and sees the same wait. The page asks before each
 * attempt and reports each outcome. It guards against a hurried person at the keyboard, not a
 * compromised renderer, which holds the sealed key slots and can try passphrases on its own.
 */
export interface UnlockDelayStatus {
  failures: number;
  waitMs: number;
}

export interface UnlockDelay {
  status(): UnlockDelayStatus;
  failed(): UnlockDelayStatus;
  succeeded(): void;
}

export function createUnlockDelay(now: Clock): UnlockDelay {
  let failures = 0;
  let allowedAt = 0;
  const status = () => ({ failures, waitMs: Math.max(0, allowedAt - now().getTime()) });
  return {
    status,
    failed() {
      failures += 1;
      allowedAt = now().getTime() + delayAfterFailures(failures);
      return status();
    },
    succeeded() {
      failures = 0;
      allowedAt = 0;
    },
  };
}

export function unlockDelayHandlers(delay: UnlockDelay): Pick<HandlerTable, 'unlock.delay' | 'unlock.failed' | 'unlock.succeeded'> {
  return {
    'unlock.delay': () => delay.status(),
    'unlock.failed': () => delay.failed(),
    'unlock.succeeded': () => {
      delay.succeeded();
      return {};
    },
  };
}
