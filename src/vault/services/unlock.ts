import { newKdfParams } from '../../core/crypto/kdf';
import { getRecoverySecret, getSlotSecret } from '../../core/crypto/keyfile';
import { parseRecoveryKey } from '../../core/crypto/recovery-code';
import { combineShares } from '../../core/crypto/shares';
import { needsRehash, WrongPassphraseError, WrongRecoveryKeyError, zeroPayload, type PassphraseSlot, type SlotPayload } from '../../core/crypto/slots';
import { Session } from '../session';
import { signingOf } from '../session/key-holder';
import { activeVault, slotCost, type VaultDeps } from './deps';
import { enterDuress } from './duress';
import { rewrapUserSlot, tryOpen } from './slots';
import { recordUnlock } from './unlock-notes';
import { failedUnlock } from './wipe';
import { prepareDrafts } from '../drafts';
import { NoVaultError } from '../errors';
import { readRowsAhead } from '../snapshot/sealed';

/**
 * Unlocking: passphrase, recovery key, or k recovery shares. A wrong secret writes nothing to
 * IndexedDB (only the key file's failure counter, when "wipe after N failed unlocks" is on, wipe.ts).
 */

/**
 * Unlocks with a passphrase. Argon2id runs once for every passphrase slot whose secret is in the key
 * file, the duress slot included, whichever matches (or none): the time it takes says nothing about
 * which passphrase was typed. The cost is one derivation per user (measured in docs/security.md,
 * "Sessions"). If two users share a passphrase, `preferredSlotId` (the slot used last on this device)
 * decides. Slots whose secret is gone (removed users, duress) cost nothing.
 */
export async function unlockWithPassphrase(deps: VaultDeps, passphrase: string, preferredSlotId?: string): Promise<{ session: Session; slotId: string }> {
  const row = await activeVault(deps.db);
  if (!row) throw new NoVaultError();
  // Still sealed, so read while the KDF runs; an unlock that fails drops it unopened.
  const snapshotRows = readRowsAhead(deps.db, row.id);
  const keyFile = await deps.keyFiles.read(row.id);
  const slots = row.slots.filter((s): s is PassphraseSlot => s.kind === 'passphrase' && keyFile !== null && getSlotSecret(keyFile, s.id) !== undefined);
  if (!keyFile || slots.length === 0) {
    // Same cost as a real attempt, so an empty or destroyed key file does not answer faster.
    const dummy = await deps.kdf.derive(passphrase, row.slots[0]?.kdf ?? newKdfParams());
    deps.sodium.memzero(dummy);
    await failedUnlock(deps, row, keyFile);
    throw new WrongPassphraseError();
  }
  let chosen: { slot: PassphraseSlot; payload: Extract<SlotPayload, { kind: 'keys' }> } | undefined;
  let duress: Uint8Array | undefined;
  for (const slot of slots) {
    const payload = await tryOpen(deps, row.id, slot, passphrase, getSlotSecret(keyFile, slot.id));
    if (!payload) continue;
    if (payload.kind === 'duress') duress = payload.data;
    else if (!chosen || slot.id === preferredSlotId) {
      if (chosen) zeroPayload(deps.sodium, chosen.payload);
      chosen = { slot, payload };
    } else zeroPayload(deps.sodium, payload);
  }
  if (chosen) {
    if (duress) deps.sodium.memzero(duress);
    const { slot, payload } = chosen;
    const session = await Session.open({
      deps,
      vaultId: row.id,
      vaultKey: payload.vaultKey,
      staffKey: payload.staffKey,
      keyFile,
      signing: signingOf(payload),
      userId: slot.userId,
      oneTime: payload.oneTime,
      snapshotRows,
    });
    // A slot below the current cost is re-wrapped now, while the passphrase is at hand; the hint follows it.
    const rehash = !payload.oneTime && needsRehash(slot, slotCost(deps, session));
    const slotId = rehash ? await rewrapUserSlot(deps, session, slot.userId, passphrase, false) : slot.id;
    await recordUnlock(deps, session, 'vault.unlock');
    await prepareDrafts(session, deps.keyFiles);
    return { session, slotId };
  }
  if (duress) return enterDuress(deps, row, keyFile, duress);
  await failedUnlock(deps, row, keyFile);
  throw new WrongPassphraseError();
}

/**
 * Opens a vault with the recovery key's bytes. After duress the real vault is an older generation,
 * so every generation is tried, newest first. The session must then set a new passphrase for a user.
 */
async function unlockWithRecoveryBytes(deps: VaultDeps, recoveryKey: Uint8Array, method: 'key' | 'shares'): Promise<Session> {
  try {
    const rows = await deps.db.vaults.orderBy('generation').reverse().toArray();
    if (rows.length === 0) throw new NoVaultError();
    for (const row of rows) {
      // Without this device's key file (or a backup of it) the recovery slot cannot open.
      const keyFile = await deps.keyFiles.read(row.id);
      if (!keyFile) continue;
      for (const slot of row.slots.filter((s) => s.kind === 'recovery')) {
        const payload = await tryOpen(deps, row.id, slot, recoveryKey, getRecoverySecret(keyFile));
        if (!payload) continue;
        if (payload.kind !== 'keys') throw new TypeError('malformed slot payload');
        const { vaultKey, staffKey } = payload;
        const session = await Session.open({ deps, vaultId: row.id, vaultKey, staffKey, keyFile, signing: signingOf(payload), userId: undefined, oneTime: false });
        // `superseded`: a newer generation (a duress decoy, or an interrupted rotation) exists.
        await recordUnlock(deps, session, 'vault.recover', { method, superseded: row !== rows[0] });
        return session;
      }
    }
    const active = rows[0]!;
    await failedUnlock(deps, active, await deps.keyFiles.read(active.id));
    throw new WrongRecoveryKeyError();
  } finally {
    deps.sodium.memzero(recoveryKey);
  }
}

/** Unlocks with the recovery key (grouped code; case, spaces and dashes do not matter). */
export async function unlockWithRecoveryKey(deps: VaultDeps, code: string): Promise<Session> {
  return unlockWithRecoveryBytes(deps, parseRecoveryKey(code), 'key');
}

/** Unlocks with k recovery shares; a mistyped or foreign share is named (ShareError.shareNumber). */
export async function unlockWithShares(deps: VaultDeps, codes: readonly string[]): Promise<Session> {
  return unlockWithRecoveryBytes(deps, await combineShares(codes), 'shares');
}
