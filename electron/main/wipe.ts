import { AppError } from '../../src/core/errors';
import type { HandlerTable } from './ipc';
import { destroyKeyFolder, type KeyFileStore } from './keyfile';

export interface WipeDeps {
  /** The key store's folder (userData/keys), to find every key file, also of vaults the renderer no longer knows. */
  keyDir: string;
  /** Electron's session.clearStorageData() in the app. */
  clearStorageData(): Promise<void>;
}

/**
 * `vault.wipe-storage`, the last step of a wipe (docs/threat-model.md §5a). The renderer has already destroyed
 * its vaults' key files and deleted its database; main then destroys every key file left in its
 * folder (a leftover from an interrupted key rotation, say: overwritten, then removed), removes stray
 * temp files, and clears the window's storage (IndexedDB, Local Storage, caches). Without `wipe`
 * (a build that has no window session) the request is refused, never silently half done.
 */
export function wipeHandlers(keyFiles: KeyFileStore, wipe: WipeDeps | undefined): Pick<HandlerTable, 'vault.wipe-storage'> {
  return {
    'vault.wipe-storage': async () => {
      if (!wipe) throw new AppError('wipe-unavailable', 'Wiping is not available here.');
      await destroyKeyFolder(keyFiles, wipe.keyDir);
      await wipe.clearStorageData();
      return {};
    },
  };
}
