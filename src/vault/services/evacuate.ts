import { WrongPassphraseError, zeroPayload, type PassphraseSlot } from '../../core/crypto/slots';
import { getSlotSecret } from '../../core/crypto/keyfile';
import { sha256Hex } from '../../core/handoff/encoding';
import type { BackupSaveResult } from '../admin-ipc';
import type { Session } from '../session';
import { EvacuationUnverifiedError } from '../errors';
import { createBackup } from './backup';
import { vaultRow, type VaultDeps } from './deps';
import { tryOpen } from './slots';
import { wipeForEvacuation } from './wipe';

/**
 * Evacuate (staff and admins): when a raid is coming, get the data out and leave nothing behind, in
 * one step. The user's own passphrase is checked again; then, when the organisation has an off-site
 * recipient, a full backup encrypted to it (and to the recovery key, as every backup) goes through
 * main's save dialog, and main reads the written file back and hashes it; only when that hash is the
 * backup's own does the vault get wiped, by the one wipe rule (wipe.ts). A cancelled dialog, a
 * failed write or a file that is not what was written wipes nothing. Without an off-site recipient
 * it is the wipe alone (the screen says so before anything happens).
 */

export interface EvacuateArgs {
  /** The user's passphrase, typed again. */
  passphrase: string;
  /** Main's save dialog and atomic write of the backup (admin-ipc saveBackupFile in the app). */
  save(bytes: Uint8Array): Promise<BackupSaveResult>;
}

export type EvacuationResult = { status: 'cancelled' } | { status: 'wiped'; backup: { path: string; sha256: string } | null };

/** The off-site recipient Evacuate would encrypt to, or undefined when it would only wipe. */
export function offsiteRecipient(session: Session): string | undefined {
  return session.settings.get().offsiteRecipient;
}

export async function evacuate(deps: VaultDeps, session: Session, args: EvacuateArgs): Promise<EvacuationResult> {
  session.authorize('evacuation');
  await confirmOwnPassphrase(deps, session, args.passphrase);
  const recipient = offsiteRecipient(session);
  let backup: { path: string; sha256: string } | null = null;
  if (recipient !== undefined) {
    const bytes = await createBackup(deps, session, { ageRecipients: [recipient], purpose: 'evacuation' });
    const saved = await args.save(bytes);
    if (saved.status === 'cancelled') return { status: 'cancelled' };
    if (saved.sha256 !== sha256Hex(deps.sodium, bytes)) throw new EvacuationUnverifiedError();
    backup = { path: saved.path, sha256: saved.sha256 };
  }
  await wipeForEvacuation(deps, session);
  return { status: 'wiped', backup };
}

/** The session's user typed their own passphrase (one derivation per live slot of theirs); WrongPassphraseError otherwise. */
async function confirmOwnPassphrase(deps: VaultDeps, session: Session, passphrase: string): Promise<void> {
  const row = await vaultRow(deps, session);
  const keyFile = session.currentKeyFile;
  const mine = row.slots.filter((s): s is PassphraseSlot => s.kind === 'passphrase' && s.userId === session.user.id && getSlotSecret(keyFile, s.id) !== undefined);
  for (const slot of mine) {
    const payload = await tryOpen(deps, session.vaultId, slot, passphrase, getSlotSecret(keyFile, slot.id));
    if (payload) {
      zeroPayload(deps.sodium, payload);
      return;
    }
  }
  throw new WrongPassphraseError();
}
