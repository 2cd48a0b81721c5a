import { rmdir } from 'node:fs/promises';
import { AppError } from '../../src/core/errors';
import type { HandlerTable } from './ipc';
import { destroyKeyFolder, type KeyFileStore } from './keyfile';
import type { PracticeKeys } from './keyfile-channels';

export interface WipeDeps {
  /** The key store's folder (userData/keys), to find every key file, also of vaults the renderer no longer knows. */
  keyDir: string;
  /** Electron's session.clearStorageData() in the app. */
  clearStorageData(): Promise<void>;
}

/**
 * `vault.wipe-storage`, the last step of a wipe (docs/threat-model.md §5a). The renderer has already destroyed
 * its vaults' key files and deleted its database; main then destroys every key file left in its
 * folder (a leftover from an interrupted key rotation, say: overwritten, then removed) and in the
 * practice vault's folder (clearing the storage deletes the practice database too, so its key files
 * would be all that was left of it), removes stray temp files and both folders, and clears the
 * window's storage (IndexedDB, Local Storage, caches). Without `wipe` (a build that has no window
 * session) the request is refused, never silently half done.
 */
export function wipeHandlers(keyFiles: KeyFileStore, wipe: WipeDeps | undefined, practice: PracticeKeys | undefined): Pick<HandlerTable, 'vault.wipe-storage'> {
  return {
    'vault.wipe-storage': async () => {
      if (!wipe) throw new AppError('wipe-unavailable', 'Wiping is not available here.');
      await destroyKeyFolder(keyFiles, wipe.keyDir);
      await removeFolder(wipe.keyDir);
      if (practice) {
        await destroyKeyFolder(practice.store, practice.dir);
        await removeFolder(practice.dir);
      }
      await wipe.clearStorageData();
      return {};
    },
  };
}

/** Removes an emptied folder; one never made is gone already. */
async function removeFolder(dir: string): Promise<void> {
  await rmdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
