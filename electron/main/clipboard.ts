import type { HandlerTable } from './ipc';

/**
 * Copying goes through main (the page has no clipboard permission) so a copied value can be
 * cleared after a delay (docs/threat-model.md §18: 30 s by default) and at once on panic lock. The delayed
 * clear only wipes the clipboard if it still holds what we put there.
 */
export interface ClipboardLike {
  writeText(text: string): void;
  readText(): string;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function clipboardHandlers(clipboard: ClipboardLike, timers: Timers = globalThis as unknown as Timers): Pick<HandlerTable, 'clipboard.copy' | 'clipboard.clear'> {
  let pending: unknown;
  let copied: string | undefined;
  const cancel = () => {
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = undefined;
  };
  return {
    'clipboard.copy': ({ text, clearAfterSeconds }) => {
      cancel();
      clipboard.writeText(text);
      copied = text;
      pending = timers.setTimeout(() => {
        if (clipboard.readText() === copied) clipboard.writeText('');
        copied = undefined;
        pending = undefined;
      }, clearAfterSeconds * 1000);
      return {};
    },
    'clipboard.clear': () => {
      cancel();
      clipboard.writeText('');
      copied = undefined;
      return {};
    },
  };
}
