import { appInfoHandler, type AppInfoDeps } from './app-info';
import { backupHandlers } from './backup';
import { clipboardGuard, type ClipboardLike } from './clipboard';
import { handoffHandlers, type HandoffDeps } from './handoff/handlers';
import { receiptHandlers } from './handoff/receipts';
import { availabilityHandlers } from './handoff/availability';
import type { HandlerTable } from './ipc';
import type { KeyFileStore } from './keyfile';
import { keyFileHandlers, type PracticeKeys } from './keyfile-channels';
import { lockHandlers, type LockController } from './lock';
import { reportsHandlers } from './reports';
import { createUnlockDelay, unlockDelayHandlers } from './unlock-delay';
import { wipeHandlers, type WipeDeps } from './wipe';

/** Everything the main-process handlers need from the outside world, injected (Electron in the app, temp dirs in tests). */
export interface MainDeps {
  app: AppInfoDeps;
  keyFiles: KeyFileStore;
  /** The practice vault's key files; absent: practice mode is refused. */
  practiceKeys?: PracticeKeys;
  clipboard: ClipboardLike;
  handoff: HandoffDeps;
  /** Clearing the window's storage on wipe (Electron's session in the app). */
  wipe?: WipeDeps;
  /** Replaces the renderer on every lock (lock.ts); absent in tests that do not lock. */
  lock?: Pick<LockController<unknown>, 'answered' | 'begins'>;
}

export function createHandlers(deps: MainDeps): HandlerTable {
  return {
    'app.info': appInfoHandler(deps.app),
    ...keyFileHandlers(deps.keyFiles, deps.practiceKeys),
    ...clipboardGuard(deps.clipboard).handlers,
    ...handoffHandlers(deps.handoff),
    ...receiptHandlers({ dialogs: deps.handoff.dialogs }),
    ...availabilityHandlers(deps.handoff),
    // The same injected dialogs as handoff: one pair of native dialogs for every user-picked file.
    ...reportsHandlers({ dialogs: deps.handoff.dialogs }),
    ...backupHandlers({ dialogs: deps.handoff.dialogs }),
    ...wipeHandlers(deps.keyFiles, deps.wipe, deps.practiceKeys),
    // One counter per main process, on the app's clock (the one handoff stamps exports with).
    ...unlockDelayHandlers(createUnlockDelay(deps.handoff.now)),
    ...lockHandlers(deps.lock),
  };
}
