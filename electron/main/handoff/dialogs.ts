import type { BrowserWindow, MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { SaveText } from './dialog-text';

export type FileKind = 'bundle' | 'public-key' | 'csv' | 'receipt';

/**
 * The native file dialogs, injected: Electron's in the app, a temp folder in tests. Only a path the
 * user picked here is ever written or read (docs/threat-model.md §11). Both resolve to undefined on cancel.
 * A save shows `text`, which main wrote from the content it checked (dialog-text.ts), and nothing else.
 */
export interface FileDialogs {
  save(suggestedName: string, kind: FileKind, text: SaveText): Promise<string | undefined>;
  open(kind: 'bundle' | 'csv' | 'receipt'): Promise<string | undefined>;
}

/** Language-neutral filters: the extension says enough. */
const FILTERS: Record<FileKind, { name: string; extensions: string[] }[]> = {
  bundle: [
    { name: '.age', extensions: ['age'] },
    { name: '*', extensions: ['*'] },
  ],
  'public-key': [{ name: '.pub', extensions: ['pub'] }],
  csv: [
    { name: '.csv', extensions: ['csv', 'txt'] },
    { name: '*', extensions: ['*'] },
  ],
  receipt: [
    { name: '.json', extensions: ['json'] },
    { name: '*', extensions: ['*'] },
  ],
};

export interface DialogLike {
  showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<{ response: number }>;
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/**
 * Electron's dialogs, modal to the app window (so they cannot be left open behind a lock). A save first
 * shows main's text in a message box, Cancel by default: the save dialog's own message is shown on
 * macOS only, and its title not by every Linux desktop. It carries the same title (and, on macOS,
 * message) too.
 */
export interface ElectronFileDialogs extends FileDialogs {
  /**
   * On lock: closes an open confirmation box, and a save in progress answers "cancelled" whatever is
   * picked afterwards, so nothing prepared before the lock is written after it.
   */
  cancelPending(): void;
}

export function electronFileDialogs(dialog: DialogLike, windowOf: () => BrowserWindow | undefined): ElectronFileDialogs {
  const window = () => {
    const win = windowOf();
    if (!win) throw new Error('no window to attach the dialog to');
    return win;
  };
  let locks = 0;
  const boxes = new Set<AbortController>();
  return {
    async save(suggestedName, kind, text) {
      const started = locks;
      const box = new AbortController();
      boxes.add(box);
      let confirmed: { response: number };
      try {
        confirmed = await dialog.showMessageBox(window(), {
          type: 'warning',
          title: text.title,
          message: text.message,
          detail: text.detail,
          buttons: [text.cancel, text.save],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
          signal: box.signal,
        });
      } finally {
        boxes.delete(box);
      }
      if (confirmed.response !== 1 || locks !== started) return undefined;
      const result = await dialog.showSaveDialog(window(), {
        title: text.title,
        message: text.message,
        defaultPath: suggestedName,
        filters: FILTERS[kind],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return result.canceled || !result.filePath || locks !== started ? undefined : result.filePath;
    },
    cancelPending() {
      locks++;
      for (const box of boxes) box.abort();
    },
    async open(kind) {
      const result = await dialog.showOpenDialog(window(), { filters: FILTERS[kind], properties: ['openFile'] });
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
