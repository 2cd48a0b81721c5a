import { z } from 'zod';
import { decryptBackup, encryptBackup } from '../../core/crypto/backup';
import { fromBase64, isBase64UrlOf, toBase64, utf8Decode, utf8Encode } from '../../core/crypto/bytes';
import { parseKeyFile, serializeKeyFile } from '../../core/crypto/keyfile';
import { KeySlotSchema } from '../../core/crypto/slots';
import type { Permission } from '../../core/roles';
import type { PageRow, VaultRow } from '../db';
import type { Session } from '../session';
import type { VaultDeps } from './deps';
import { recoveryKeyOf, type RecoveryProof } from './recovery';
import { noteRestore } from './unlock-notes';
import { NoVaultError, RestoreTargetNotEmptyError } from '../errors';

/**
 * Encrypted backup and restore of a whole vault (one file). The backup holds exactly what this
 * device needs to open the vault again: the vault row (key slots), every sealed page and the sealed
 * head, as stored, and the key file (slot secrets, recovery secret, people KEK: without it neither
 * passphrases, nor the recovery key, nor people's identities would open, docs/threat-model.md §5a).
 *
 * The file is age-encrypted (core/crypto/backup.ts) to the recovery key, which the app never keeps:
 * the recovery slot's `backupKey` is the public half of a key pair only the recovery key (or k
 * shares) rebuilds. An admin may add X25519 age recipients of their own (`age -d -i key.txt` then
 * opens it). A backup is a snapshot: restoring an old one brings back the users, slots and people as
 * they were then, so old backups should be destroyed after removing users or forgetting people.
 *
 * Content (JSON, BackupSchema): { format: 'waystation-backup', version: 1, vault: { id, format,
 * slots }, pages: [{ id, data }], head, keyFile } (binary as base64).
 */
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const rowId = z.string().refine((s) => isBase64UrlOf(s, 16), 'must be 16 bytes in base64url');

const BackupSchema = z.strictObject({
  format: z.literal('waystation-backup'),
  version: z.literal(1),
  vault: z.strictObject({ id: rowId, format: z.literal(1), slots: z.array(KeySlotSchema).min(1).max(64) }),
  pages: z.array(z.strictObject({ id: rowId, data: base64 })),
  head: base64.nullable(),
  keyFile: base64,
});

/** A suggested file name without anything that would say what the file is for (docs/threat-model.md §21). */
export function backupFileName(now: Date): string {
  return `waystation-${now.toISOString().slice(0, 10)}.age`;
}

/** Who may make a backup, and how it is recorded: the admin's backup, or Evacuate's (staff and admins, services/evacuate.ts). */
const PURPOSES = {
  backup: { permission: 'administration', action: 'backup.export' },
  evacuation: { permission: 'evacuation', action: 'vault.evacuate' },
} as const satisfies Record<string, { permission: Permission; action: string }>;

/**
 * The encrypted backup of the session's vault. The export is recorded first, so the backup holds its
 * own audit entry. Admin only, unless it is Evacuate's.
 */
export async function createBackup(
  deps: VaultDeps,
  session: Session,
  options: { ageRecipients?: readonly string[]; purpose?: keyof typeof PURPOSES } = {},
): Promise<Uint8Array> {
  const purpose = PURPOSES[options.purpose ?? 'backup'];
  session.authorize(purpose.permission);
  const ageRecipients = options.ageRecipients ?? [];
  await session.recordAudit(purpose.action, { recipients: ageRecipients.length });
  const { db } = deps;
  const [row, pages, head] = await db.transaction('r', db.vaults, db.pages, db.heads, () =>
    Promise.all([db.vaults.get(session.vaultId), db.pages.where('vaultId').equals(session.vaultId).toArray(), db.heads.get(session.vaultId)]),
  );
  const keyFile = await deps.keyFiles.read(session.vaultId);
  const recovery = row?.slots.findLast((s) => s.kind === 'recovery');
  if (!row || !keyFile || recovery?.kind !== 'recovery') throw new NoVaultError();
  const content: z.input<typeof BackupSchema> = {
    format: 'waystation-backup',
    version: 1,
    vault: { id: row.id, format: row.format, slots: row.slots },
    pages: pages.map((p) => ({ id: p.id, data: toBase64(p.data) })),
    head: head ? toBase64(head.data) : null,
    keyFile: toBase64(serializeKeyFile(keyFile)),
  };
  return encryptBackup(deps.sodium, utf8Encode(JSON.stringify(content)), { backupKey: recovery.backupKey, kdf: recovery.kdf, ageRecipients });
}

/**
 * Restores a backup into an empty installation: the key file first, then the rows in one
 * transaction. Nothing is written unless the file opens and validates. Afterwards every passphrase
 * of the backup works, and so does the recovery key; the next unlock records 'vault.restore'.
 */
export async function restoreBackup(deps: VaultDeps, bytes: Uint8Array, using: RecoveryProof | { ageIdentity: string }): Promise<void> {
  if ((await deps.db.vaults.count()) > 0) throw new RestoreTargetNotEmptyError();
  let plain: Uint8Array;
  if ('ageIdentity' in using) plain = await decryptBackup(deps.sodium, bytes, using);
  else {
    const recoveryKey = await recoveryKeyOf(using);
    try {
      plain = await decryptBackup(deps.sodium, bytes, { deriveRecoveryKek: (kdf) => deps.kdf.derive(recoveryKey, kdf) });
    } finally {
      deps.sodium.memzero(recoveryKey);
    }
  }
  const content = BackupSchema.parse(JSON.parse(utf8Decode(plain)));
  const keyFile = parseKeyFile(fromBase64(content.keyFile));
  const row: VaultRow = { ...content.vault, generation: 1 };
  const pages: PageRow[] = content.pages.map((p) => ({ id: p.id, vaultId: row.id, data: fromBase64(p.data) }));
  await deps.keyFiles.write(row.id, keyFile);
  await deps.db.transaction('rw', deps.db.vaults, deps.db.pages, deps.db.heads, async () => {
    await deps.db.vaults.add(row);
    await deps.db.pages.bulkAdd(pages);
    if (content.head !== null) await deps.db.heads.put({ vaultId: row.id, data: fromBase64(content.head) });
  });
  noteRestore(deps.db);
}
