import { type KdfCost, DEFAULT_KDF } from '../../core/crypto/kdf';
import type { VaultDb, VaultRow } from '../db';
import type { KdfRunner } from '../kdf-runner';
import type { Session, SessionDeps } from '../session';
import { NoVaultError } from '../errors';

/**
 * What the vault's services are given (browser-deps.ts in the app, fakes in the unit tests): every
 * side effect — IndexedDB, Argon2id, main's key files, the clock, the storage wipe — comes in here.
 */
export interface VaultDeps extends SessionDeps {
  kdf: KdfRunner;
  /** Argon2id cost for new slots; production uses DEFAULT_KDF, tests may pass cheaper ones with a weak-allowing runner. */
  kdfCost?: KdfCost;
  /** Asks main to destroy every key file and clear this window's storage (wipe); the app passes ipcWipeStorage(). */
  wipeStorage?: () => Promise<void>;
}

/** The newest vault generation on this device (a duress decoy is newer than what it hides). */
export async function activeVault(db: VaultDb): Promise<VaultRow | undefined> {
  return db.vaults.orderBy('generation').last();
}

/** The row of the session's vault (its key slots). */
export async function vaultRow(deps: VaultDeps, session: Session): Promise<VaultRow> {
  const row = await deps.db.vaults.get(session.vaultId);
  if (!row) throw new NoVaultError();
  return row;
}

/** Argon2id cost of new slots: the admin's setting, else the device default. */
export function slotCost(deps: VaultDeps, session?: Session): KdfCost {
  return session?.security.get().kdf ?? deps.kdfCost ?? DEFAULT_KDF;
}
