import { clearFailedUnlocks } from '../../core/crypto/keyfile';
import type { VaultDb } from '../db';
import type { Session } from '../session';
import type { VaultDeps } from './deps';

/**
 * What happened while the vault was locked, written to the audit log at the next successful unlock.
 * Kept in memory (per database), because a wrong passphrase must change nothing in IndexedDB.
 */
const unlockNotes = new WeakMap<VaultDb, { failures: number; restored: boolean }>();

function notesOf(db: VaultDb) {
  let notes = unlockNotes.get(db);
  if (!notes) unlockNotes.set(db, (notes = { failures: 0, restored: false }));
  return notes;
}

/** A backup was restored: the next unlock records 'vault.restore'. */
export function noteRestore(db: VaultDb): void {
  notesOf(db).restored = true;
}

export function noteFailedUnlock(db: VaultDb): void {
  notesOf(db).failures += 1;
}

/** Forgets the notes (a wipe, or duress: the decoy must not inherit them). */
export function dropNotes(db: VaultDb): void {
  unlockNotes.delete(db);
}

/**
 * A successful unlock: what happened while locked is recorded (failed attempts, a restore), the key
 * file's failure counter is reset, then the unlock itself, with an admin checkpoint when it is an admin's.
 */
export async function recordUnlock(deps: VaultDeps, session: Session, action: string, details: Record<string, string | boolean> = {}): Promise<void> {
  const notes = notesOf(deps.db);
  unlockNotes.delete(deps.db);
  const keyFile = session.currentKeyFile;
  const failures = Math.max(notes.failures, keyFile.unlockGuard?.failures ?? 0);
  if (failures > 0) await session.recordAudit('vault.unlock-failed', { count: failures });
  if (notes.restored) await session.recordAudit('vault.restore', {});
  if (keyFile.unlockGuard?.failures) {
    const cleared = clearFailedUnlocks(keyFile);
    await deps.keyFiles.write(session.vaultId, cleared);
    session.currentKeyFile = cleared;
  }
  // An admin's unlock entry carries a checkpoint of the chain before it (session.checkpointDetails).
  await session.recordAudit(action, { ...details, ...session.checkpointDetails() });
}
