import { createHash } from 'node:crypto';
import { MAX_BACKUP_BYTES } from '../../src/core/api';
import { fromBase64, toBase64 } from '../../src/core/crypto/bytes';
import { saveDialogText } from './handoff/dialog-text';
import type { FileDialogs } from './handoff/dialogs';
import { readFileCapped, writeFileAtomic } from './files';
import { AppError } from '../../src/core/errors';
import type { HandlerTable } from './ipc';

export interface BackupDeps {
  dialogs: FileDialogs;
  /** Size cap of a backup read for restore; the contract's by default. */
  maxBytes?: number;
}

/**
 * `backup.*`: main writes an encrypted vault backup and reads one back, only at paths picked in a
 * native dialog (docs/threat-model.md §11), with the same atomic 0600 write and size-capped read as handoff
 * bundles (a backup is an age file too). The renderer encrypts; main never sees a key. Main reads the
 * age header to say in the save dialog who can open the file: the vault's recovery key and how many
 * other age keys (X25519 stanzas do not say whose; docs/security.md). The SHA-256 it returns, of the
 * file read back after the write, lets an admin note down which file is which without opening it,
 * and lets Evacuate check the file on disk before it wipes.
 */
export function backupHandlers(deps: BackupDeps): Pick<HandlerTable, 'backup.save' | 'backup.open'> {
  const maxBytes = deps.maxBytes ?? MAX_BACKUP_BYTES;
  return {
    'backup.save': async ({ suggestedName, content, language }) => {
      const bytes = fromBase64(content);
      const header = backupHeader(bytes);
      if (header === undefined) {
        throw new AppError('not-a-backup', 'the content is not an age file encrypted to the recovery key (and X25519 keys only)');
      }
      const target = await deps.dialogs.save(suggestedName, 'bundle', saveDialogText({ kind: 'backup', ageKeys: header.ageKeys }, language));
      if (target === undefined) return { status: 'cancelled' as const };
      await writeFileAtomic(target, bytes);
      // Hashed as read back from the disk, not from memory: Evacuate wipes only when this is its backup's hash.
      const written = await readFileCapped(target, bytes.length);
      return { status: 'saved' as const, path: target, sha256: createHash('sha256').update(written).digest('hex') };
    },

    'backup.open': async () => {
      const source = await deps.dialogs.open('bundle');
      if (source === undefined) return { status: 'cancelled' as const };
      return { status: 'opened' as const, bytes: toBase64(await readFileCapped(source, maxBytes)) };
    },
  };
}

/** How far into the file the age header may reach: ample for the recovery stanza and many X25519 ones. */
const MAX_HEADER_BYTES = 64 * 1024;
const RECOVERY_STANZA = 'waystation.app/recovery';

/**
 * The recipients of a backup as its age header lists them (docs/security-crypto.md): exactly one
 * recovery stanza and otherwise X25519 stanzas, all that core/crypto/backup.ts writes. Anything else
 * (another stanza type, a malformed line, no header end, no payload) is undefined.
 */
export function backupHeader(bytes: Uint8Array): { ageKeys: number } | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, MAX_HEADER_BYTES)).toString('latin1');
  const end = head.indexOf('\n--- ');
  const macEnd = head.indexOf('\n', end + 1);
  if (end < 0 || macEnd < 0 || macEnd + 1 >= bytes.length) return undefined;
  const [version, ...lines] = head.slice(0, end).split('\n');
  if (version !== 'age-encryption.org/v1' || !lines[0]?.startsWith('-> ')) return undefined;
  let recovery = 0;
  let ageKeys = 0;
  for (const line of lines) {
    if (!line.startsWith('-> ')) {
      if (!/^[A-Za-z0-9+/]{0,64}$/.test(line)) return undefined;
      continue;
    }
    const args = line.slice(3).split(' ');
    if (args[0] === RECOVERY_STANZA && args.length === 4) recovery++;
    else if (args[0] === 'X25519' && args.length === 2) ageKeys++;
    else return undefined;
  }
  return recovery === 1 ? { ageKeys } : undefined;
}
