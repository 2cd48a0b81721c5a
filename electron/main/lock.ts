import { LOCK_EVENT } from '../../src/core/channels';
import type { HandlerTable } from './ipc';

/**
 * Every lock ends the renderer process that held the vault (docs/security.md, "Locking").
 * JavaScript cannot zero strings, so typed passphrases and decrypted names outlive the renderer's
 * zeroed keys in its heap; main closes the window and opens a new one (a new renderer process,
 * starting at the unlock screen). The window factory, the send and the timers are injected, so this
 * is unit-tested under Node and the e2e harness runs the same logic with Chromium pages.
 */
export interface LockControllerDeps<W> {
  /** A new window at the app's entry page, in a renderer process of its own. */
  createWindow(): W | Promise<W>;
  /** Closes the window, ending its renderer process. */
  closeWindow(window: W): void | Promise<void>;
  /** Main -> renderer message without payload (LOCK_EVENT). */
  send(window: W, channel: string): void;
  timers: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
  /**
   * How long a lock waits for the renderer's answer (its drafts sealed and written, its keys zeroed)
   * before replacing it anyway: a lock is never delayed longer.
   */
  graceMs: number;
  /** A replacement failed: the app has no usable window (the app quits). */
  failed(error: unknown): void;
}

/** What the renderer answers ('session.locked'): it zeroed its keys, or an admin chose not to lock on suspend. */
export type LockAnswer = 'locked' | 'kept';

export interface LockController<W> {
  /** The window the app starts with. */
  attach(window: W): void;
  current(): W | undefined;
  /** True from the old window's close until the new one exists (the app must not quit then). */
  replacing(): boolean;
  /**
   * Suspend or screen lock: the lock begins; the renderer seals its drafts, zeroes its keys and
   * answers, and main replaces it then, or after the grace whether it answers or not.
   */
  lockFromMain(): void;
  /** The renderer's 'session.locking' (idle): a lock of its own begins; replaced after the grace at the latest. */
  begins(): void;
  /** The renderer's 'session.locked': replace it, unless it keeps its session after main's request. */
  answered(answer: LockAnswer): void;
  /** Resolves once no replacement is under way. */
  settled(): Promise<void>;
}

export function createLockController<W>(deps: LockControllerDeps<W>): LockController<W> {
  let window: W | undefined;
  /** A replacement waiting on its timer: after main's request (grace) or after the renderer's answer (next tick). */
  let pending: { handle: unknown; askedByMain: boolean } | undefined;
  let replacing: Promise<void> | undefined;
  let busy = false;

  const cancelPending = () => {
    if (pending) deps.timers.clear(pending.handle);
    pending = undefined;
  };

  const replace = () => {
    pending = undefined;
    if (replacing) return;
    const old = window;
    window = undefined;
    busy = true;
    replacing = (async () => {
      // Closed before the new one opens: the new page can never share the old renderer process.
      if (old !== undefined) await deps.closeWindow(old);
      window = await deps.createWindow();
    })()
      .catch(deps.failed)
      .finally(() => {
        busy = false;
        replacing = undefined;
      });
  };

  const schedule = (ms: number, askedByMain: boolean) => {
    cancelPending();
    pending = { handle: deps.timers.set(replace, ms), askedByMain };
  };

  return {
    attach(w) {
      window = w;
    },
    current: () => window,
    replacing: () => busy,
    lockFromMain() {
      if (window === undefined || pending || replacing) return;
      schedule(deps.graceMs, true);
      deps.send(window, LOCK_EVENT);
    },
    begins() {
      if (window === undefined || pending || replacing) return;
      schedule(deps.graceMs, false);
    },
    answered(answer) {
      if (answer === 'kept') {
        // Only an answer to main's own request may keep the renderer.
        if (pending?.askedByMain) cancelPending();
        return;
      }
      // On the next tick, so the IPC reply leaves before its sender is closed.
      if (!replacing) schedule(0, false);
    },
    settled: async () => {
      while (replacing) await replacing;
    },
  };
}

/** 'session.locking' and 'session.locked': the renderer's lock reaches the controller. */
export function lockHandlers(
  lock: Pick<LockController<unknown>, 'answered' | 'begins'> | undefined,
): Pick<HandlerTable, 'session.locked' | 'session.locking'> {
  return {
    'session.locked': ({ answer }) => {
      lock?.answered(answer);
      return {};
    },
    'session.locking': () => {
      lock?.begins();
      return {};
    },
  };
}
