import { newKdfParams } from '../../core/crypto/kdf';
import { getRecoverySecret, replaceRecoverySecret } from '../../core/crypto/keyfile';
import { formatRecoveryKey, newRecoveryKey, parseRecoveryKey } from '../../core/crypto/recovery-code';
import { combineShares, splitRecoveryKey, type ShareCode } from '../../core/crypto/shares';
import type { KeySlot } from '../../core/crypto/slots';
import type { Session } from '../session';
import { slotCost, vaultRow, type VaultDeps } from './deps';
import { recoverySlotFromKek } from './slots';

/**
 * The recovery key and its shares (docs/threat-model.md §5): replacing the key, splitting it into k-of-n
 * shares, and reading a proof of it (code or shares) for rotation and restore. Unlocking with it is
 * in unlock.ts.
 */

/** The recovery key as typed, or k of its shares. */
export type RecoveryProof = { code: string } | { shares: readonly string[] };

/** The recovery key's bytes from a proof; the caller zeroes them. */
export async function recoveryKeyOf(proof: RecoveryProof): Promise<Uint8Array> {
  return 'code' in proof ? parseRecoveryKey(proof.code) : combineShares(proof.shares);
}

/**
 * Replaces the recovery slot with one for `recoveryKey`. Crash-safe order: the new slot joins the
 * row, then the key file gets the new recovery secret (from here the old slot is dead, also in
 * LevelDB), then the old slot leaves the row. The caller shows the new key only after this returns.
 */
async function replaceRecoverySlot(deps: VaultDeps, session: Session, recoveryKey: Uint8Array, details: Record<string, number>): Promise<void> {
  const row = await vaultRow(deps, session);
  const kdf = newKdfParams(slotCost(deps, session));
  const next = replaceRecoverySecret(session.currentKeyFile);
  const kek = await deps.kdf.derive(recoveryKey, kdf);
  let slot: KeySlot;
  try {
    slot = recoverySlotFromKek(deps.sodium, { vaultId: row.id, kek, kdf, payload: session.slotPayload('admin', false, undefined), recoverySecret: getRecoverySecret(next) });
  } finally {
    deps.sodium.memzero(kek);
  }
  await deps.db.vaults.update(row.id, { slots: [...row.slots, slot] });
  await deps.keyFiles.write(row.id, next);
  session.currentKeyFile = next;
  await deps.db.vaults.update(row.id, { slots: [...row.slots.filter((s) => s.kind !== 'recovery'), slot] });
  await session.recordAudit('recovery.replace', details);
}

/** A new recovery key (shown once, to print); the old key and old shares stop working. */
export async function replaceRecoveryKey(deps: VaultDeps, session: Session): Promise<{ recoveryCode: string }> {
  session.authorize('administration');
  const key = newRecoveryKey();
  try {
    await replaceRecoverySlot(deps, session, key, { shares: 0 });
    return { recoveryCode: formatRecoveryKey(key) };
  } finally {
    deps.sodium.memzero(key);
  }
}

/**
 * A new recovery key split into n shares, any k of which open the vault (one sheet per share). The
 * whole key is never shown; the old key and old shares stop working.
 */
export async function splitRecovery(deps: VaultDeps, session: Session, { n, k }: { n: number; k: number }): Promise<{ shares: ShareCode[] }> {
  session.authorize('administration');
  const key = newRecoveryKey();
  try {
    // Split first: bad n or k is refused before anything changes.
    const shares = await splitRecoveryKey(key, { n, k });
    await replaceRecoverySlot(deps, session, key, { shares: n, threshold: k });
    return { shares };
  } finally {
    deps.sodium.memzero(key);
  }
}
