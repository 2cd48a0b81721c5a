import type { HandlerTable } from './ipc';

/**
 * Copying goes through main (the page has no clipboard permission) so main knows what the app put
 * there and can take it back (docs/threat-model.md §18): after the configured delay (30 s by default), at
 * once on every lock and when the app quits. Each clear only touches the clipboard if it still
 * holds our copy, so something the user copied elsewhere since is left alone.
 */
export interface ClipboardLike {
  writeText(text: string): void;
  readText(): string;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ClipboardGuard {
  handlers: Pick<HandlerTable, 'clipboard.copy' | 'clipboard.clear'>;
  /** On lock and on quit: clear the clipboard if it still holds the app's copy. */
  clearIfOurs(): void;
}

function createClipboardGuard(clipboard: ClipboardLike, timers: Timers): ClipboardGuard {
  let pending: unknown;
  let copied: string | undefined;
  const clearIfOurs = () => {
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = undefined;
    if (copied !== undefined && clipboard.readText() === copied) clipboard.writeText('');
    copied = undefined;
  };
  return {
    clearIfOurs,
    handlers: {
      'clipboard.copy': ({ text, clearAfterSeconds }) => {
        clearIfOurs();
        clipboard.writeText(text);
        copied = text;
        pending = timers.setTimeout(clearIfOurs, clearAfterSeconds * 1000);
        return {};
      },
      'clipboard.clear': () => {
        clearIfOurs();
        return {};
      },
    },
  };
}

const guards = new WeakMap<ClipboardLike, ClipboardGuard>();

/** One guard per clipboard, so the IPC handlers and main's lock and quit hooks share what was copied. */
export function clipboardGuard(clipboard: ClipboardLike, timers: Timers = globalThis as unknown as Timers): ClipboardGuard {
  let guard = guards.get(clipboard);
  if (!guard) guards.set(clipboard, (guard = createClipboardGuard(clipboard, timers)));
  return guard;
}
