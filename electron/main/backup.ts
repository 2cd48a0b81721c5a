import { createHash } from 'node:crypto';
import { MAX_BACKUP_BYTES } from '../../src/core/api';
import { fromBase64, toBase64 } from '../../src/core/crypto/bytes';
import type { FileDialogs } from './handoff/dialogs';
import { readFileCapped, ReadRefusedError, writeFileAtomic } from './handoff/files';
import type { HandlerTable } from './ipc';

export interface BackupDeps {
  dialogs: FileDialogs;
  /** Size cap of a backup read for restore; the contract's by default. */
  maxBytes?: number;
}

/**
 * `backup.*`: main writes an encrypted vault backup and reads one back, only at paths picked in a
 * native dialog (docs/threat-model.md §11), with the same atomic 0600 write and size-capped read as handoff
 * bundles (a backup is an age file too). The renderer encrypts; main never sees a key. The SHA-256 it
 * returns lets an admin note down which file is which without opening it.
 */
export function backupHandlers(deps: BackupDeps): Pick<HandlerTable, 'backup.save' | 'backup.open'> {
  const maxBytes = deps.maxBytes ?? MAX_BACKUP_BYTES;
  return {
    'backup.save': async ({ suggestedName, content }) => {
      const target = await deps.dialogs.save(suggestedName, 'bundle');
      if (target === undefined) return { status: 'cancelled' as const };
      const bytes = fromBase64(content);
      try {
        await writeFileAtomic(target, bytes);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        return { status: 'refused' as const, reason: 'write-failed' as const, message: `the file could not be written (${code})` };
      }
      return { status: 'saved' as const, path: target, sha256: createHash('sha256').update(bytes).digest('hex') };
    },

    'backup.open': async () => {
      const source = await deps.dialogs.open('bundle');
      if (source === undefined) return { status: 'cancelled' as const };
      try {
        return { status: 'opened' as const, bytes: toBase64(await readFileCapped(source, maxBytes)) };
      } catch (error) {
        if (error instanceof ReadRefusedError) return { status: 'refused' as const, reason: error.reason, message: error.message.slice(0, 300) };
        throw error;
      }
    },
  };
}
