import type { BrowserWindow, OpenDialogOptions, SaveDialogOptions } from 'electron';

export type FileKind = 'bundle' | 'public-key' | 'csv';

/**
 * The native file dialogs, injected: Electron's in the app, a temp folder in tests. Only a path the
 * user picked here is ever written or read (docs/threat-model.md §11). Both resolve to undefined on cancel.
 */
export interface FileDialogs {
  save(suggestedName: string, kind: FileKind): Promise<string | undefined>;
  open(kind: 'bundle' | 'csv'): Promise<string | undefined>;
}

/** Language-neutral filters: main has no translations, and the extension says enough. */
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
};

export interface DialogLike {
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** Electron's dialogs, modal to the app window (so they cannot be left open behind a lock). */
export function electronFileDialogs(dialog: DialogLike, windowOf: () => BrowserWindow | undefined): FileDialogs {
  const window = () => {
    const win = windowOf();
    if (!win) throw new Error('no window to attach the dialog to');
    return win;
  };
  return {
    async save(suggestedName, kind) {
      const result = await dialog.showSaveDialog(window(), {
        defaultPath: suggestedName,
        filters: FILTERS[kind],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },
    async open(kind) {
      const result = await dialog.showOpenDialog(window(), { filters: FILTERS[kind], properties: ['openFile'] });
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
