import { countFailedUnlock, setWipeAfter, type KeyFile } from '../../core/crypto/keyfile';
import type { VaultRow } from '../db';
import type { Session } from '../session';
import { activeVault, type VaultDeps } from './deps';
import { dropNotes, noteFailedUnlock } from './unlock-notes';

/**
 * Wipe (docs/threat-model.md §5a), every rule of it: the admin's "wipe this device", Evacuate's
 * wipe, and the guard that wipes after N failed unlocks. Key files go first (from then on nothing
 * opens, even from a disk image), then the IndexedDB database, then main clears the window's
 * storage and removes every key folder, the practice vault's included (electron/main/wipe.ts; in
 * practice mode the wipe resets the practice vault only). A wipe cannot be recorded: afterwards
 * there is no log to write to. A backup and its recovery key (or shares) can restore the vault.
 */

/** Destroys everything on this device. */
export async function destroyEverything(deps: VaultDeps): Promise<void> {
  const rows = await deps.db.vaults.toArray();
  for (const row of rows) await deps.keyFiles.destroy(row.id);
  dropNotes(deps.db);
  // Reopens (empty) on next use, so the app can go straight back to first run.
  await deps.db.delete({ disableAutoOpen: false });
  await deps.wipeStorage?.();
}

/** The admin wipes this device; the session is locked first. */
export async function wipeDevice(deps: VaultDeps, session: Session): Promise<void> {
  session.authorize('administration');
  await lockAndDestroy(deps, session);
}

/** Evacuate's last step (services/evacuate.ts, staff and admins): the same wipe, once its backup is saved or when there is none to write. */
export async function wipeForEvacuation(deps: VaultDeps, session: Session): Promise<void> {
  session.authorize('evacuation');
  await lockAndDestroy(deps, session);
}

async function lockAndDestroy(deps: VaultDeps, session: Session): Promise<void> {
  session.lock();
  await destroyEverything(deps);
}

/** A failed unlock: counted in memory, and in the key file when the wipe guard is on; the last allowed failure wipes. */
export async function failedUnlock(deps: VaultDeps, row: VaultRow, keyFile: KeyFile | null): Promise<void> {
  noteFailedUnlock(deps.db);
  if (!keyFile?.unlockGuard) return;
  const counted = countFailedUnlock(keyFile);
  if (counted.unlockGuard!.failures >= counted.unlockGuard!.wipeAfter) await destroyEverything(deps);
  else await deps.keyFiles.write(row.id, counted);
}

/**
 * Wipe after N failed unlocks (off = null). The setting lives in the key file, not in the vault:
 * it is needed while the vault is locked, and a failed unlock must not write to IndexedDB.
 */
export async function setWipeAfterFailedUnlocks(deps: VaultDeps, session: Session, wipeAfter: number | null): Promise<void> {
  session.authorize('administration');
  const keyFile = setWipeAfter(session.currentKeyFile, wipeAfter);
  await deps.keyFiles.write(session.vaultId, keyFile);
  session.currentKeyFile = keyFile;
  await session.recordAudit('security.wipe-after', { wipeAfter });
}

/** The guard's setting in the session's key file (null when off). */
export function wipeAfterFailedUnlocks(session: Session): number | null {
  return session.currentKeyFile.unlockGuard?.wipeAfter ?? null;
}

/**
 * While locked: how many failed unlocks are left before this device wipes itself, or null when the
 * guard is off. Read from the key file (the only place the counter lives); reading writes nothing.
 */
export async function unlockAttemptsLeft(deps: VaultDeps): Promise<number | null> {
  const row = await activeVault(deps.db);
  const guard = row ? (await deps.keyFiles.read(row.id))?.unlockGuard : undefined;
  return guard ? guard.wipeAfter - guard.failures : null;
}

/** A new key file (vault-key rotation) keeps the old one's guard setting, with its counter reset. */
export function carryWipeGuard(from: KeyFile, to: KeyFile): KeyFile {
  return from.unlockGuard ? setWipeAfter(to, from.unlockGuard.wipeAfter) : to;
}
