import { backupKeyPair } from '../../core/crypto/backup';
import { toBase64 } from '../../core/crypto/bytes';
import { type KdfCost, type KdfParams, newKdfParams } from '../../core/crypto/kdf';
import { addSlotSecret, getSlotSecret, removeSlotSecret, type KeyFile } from '../../core/crypto/keyfile';
import { newSigningSeed, signingPublicKey } from '../../core/crypto/signing';
import {
  newSlotId,
  unwrapWithKek,
  WrongPassphraseError,
  WrongRecoveryKeyError,
  wrapWithKek,
  zeroPayload,
  type KeySlot,
  type PassphraseSlot,
  type RecoverySlot,
  type SlotPayload,
} from '../../core/crypto/slots';
import type { Sodium } from '../../core/crypto/sodium';
import type { Session } from '../session';
import { activeVault, slotCost, vaultRow, type VaultDeps } from './deps';
import { NoVaultError } from '../errors';

/**
 * Key slots (LUKS-like, docs/threat-model.md §4-8): making, opening, re-wrapping and destroying them.
 * A slot opens only with its secret AND its slot secret from main's key file, so removing the latter
 * kills the slot even on a disk image.
 */

/** Wraps `payload` into a new passphrase slot with its own key-file secret; zeroes the payload. */
export async function makePassphraseSlot(
  deps: VaultDeps,
  args: { vaultId: string; userId: string; passphrase: string; payload: SlotPayload; keyFile: KeyFile; cost: KdfCost },
): Promise<{ slot: PassphraseSlot; keyFile: KeyFile }> {
  const id = newSlotId();
  const keyFile = addSlotSecret(args.keyFile, id);
  const kdf = newKdfParams(args.cost);
  const kek = await deps.kdf.derive(args.passphrase, kdf);
  try {
    const slot = wrapWithKek(deps.sodium, { vaultId: args.vaultId, slot: { id, kind: 'passphrase', userId: args.userId, kdf }, kek, slotSecret: getSlotSecret(keyFile, id)!, payload: args.payload });
    return { slot, keyFile };
  } finally {
    deps.sodium.memzero(kek);
    zeroPayload(deps.sodium, args.payload);
  }
}

/** The recovery slot, from the recovery key's kek (which also yields the backup key pair, backup.ts); zeroes the payload. */
export function recoverySlotFromKek(
  sodium: Sodium,
  args: { vaultId: string; kek: Uint8Array; kdf: KdfParams; payload: SlotPayload; recoverySecret: Uint8Array },
): RecoverySlot {
  const pair = backupKeyPair(sodium, args.kek);
  sodium.memzero(pair.privateKey);
  try {
    const header = { id: newSlotId(), kind: 'recovery' as const, kdf: args.kdf, backupKey: toBase64(pair.publicKey) };
    return wrapWithKek(sodium, { vaultId: args.vaultId, slot: header, kek: args.kek, slotSecret: args.recoverySecret, payload: args.payload });
  } finally {
    zeroPayload(sodium, args.payload);
  }
}

/** Opens `slot` with `secret` (passphrase or recovery key); undefined when it does not open. The caller zeroes the payload. */
export async function tryOpen(deps: VaultDeps, vaultId: string, slot: KeySlot, secret: string | Uint8Array, slotSecret: Uint8Array | undefined): Promise<SlotPayload | undefined> {
  const kek = await deps.kdf.derive(secret, slot.kdf);
  try {
    return unwrapWithKek(deps.sodium, { vaultId, slot, kek, slotSecret });
  } catch (error) {
    if (error instanceof WrongPassphraseError || error instanceof WrongRecoveryKeyError) return undefined;
    throw error;
  } finally {
    deps.sodium.memzero(kek);
  }
}

/**
 * Gives a user a new slot and destroys their old ones in the key file (their IndexedDB copies become
 * useless without their secrets). The payload follows the user's role: staff and admins get the
 * staff key. A recovery session that sets a passphrase on an older generation (after duress) makes
 * that generation the active one again.
 */
export async function rewrapUserSlot(deps: VaultDeps, session: Session, userId: string, passphrase: string, oneTime: boolean): Promise<string> {
  if (session.user.id !== userId) session.authorize('administration');
  const user = session.users.get(userId);
  if (!user) throw new TypeError('unknown user');
  const row = await deps.db.vaults.get(session.vaultId);
  if (!row) throw new NoVaultError();
  // One's own new slot keeps one's audit seed; a slot made for someone else gets a fresh one, whose
  // public key joins their admin-signed record (a vault made before signatures has none).
  const own = userId === session.user.id;
  const fresh = !own && session.signing.adminPublicKey !== undefined ? newSigningSeed() : undefined;
  const payload = session.slotPayload(user.role, oneTime, own ? session.signing.userSeed : fresh);
  const { slot, keyFile: withNew } = await makePassphraseSlot(deps, { vaultId: row.id, userId, passphrase, payload, keyFile: session.currentKeyFile, cost: slotCost(deps, session) });
  const old = row.slots.filter((s) => s.kind === 'passphrase' && s.userId === userId);
  let keyFile = withNew;
  for (const s of old) keyFile = removeSlotSecret(keyFile, s.id);
  const newest = await activeVault(deps.db);
  const generation = newest && newest.id !== row.id ? newest.generation + 1 : row.generation;
  // Order matters: the new slot is stored before the key file forgets the old ones.
  await deps.keyFiles.write(row.id, withNew);
  session.currentKeyFile = withNew;
  await deps.db.vaults.update(row.id, { slots: [...row.slots.filter((s) => !old.includes(s)), slot], generation });
  await deps.keyFiles.write(row.id, keyFile);
  session.currentKeyFile = keyFile;
  if (fresh) {
    const signingKeys = [...(user.signingKeys ?? []), signingPublicKey(deps.sodium, fresh)];
    deps.sodium.memzero(fresh);
    await session.users.put({ ...session.users.get(userId)!, signingKeys }, 'user.signing-key');
  }
  return slot.id;
}

/** Destroys a user's slots: their secrets leave the key file; with `dropSlots` the slots leave the vault row too. */
export async function destroyUserSlots(deps: VaultDeps, session: Session, userId: string, dropSlots: boolean): Promise<void> {
  const row = await vaultRow(deps, session);
  const theirs = row.slots.filter((s) => s.kind === 'passphrase' && s.userId === userId);
  let keyFile = session.currentKeyFile;
  for (const s of theirs) keyFile = removeSlotSecret(keyFile, s.id);
  await deps.keyFiles.write(row.id, keyFile);
  session.currentKeyFile = keyFile;
  if (dropSlots) await deps.db.vaults.update(row.id, { slots: row.slots.filter((s) => !theirs.includes(s)) });
}
