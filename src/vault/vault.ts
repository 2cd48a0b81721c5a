import { randomBytes, toBase64Url } from '../core/crypto/bytes';
import { type KdfCost, DEFAULT_KDF, newKdfParams } from '../core/crypto/kdf';
import { addSlotSecret, getSlotSecret, newKeyFile, removeSlotSecret, type KeyFile } from '../core/crypto/keyfile';
import { formatRecoveryKey, newRecoveryKey, parseRecoveryKey } from '../core/crypto/recovery-code';
import {
  createVaultKey,
  needsRehash,
  newSlotId,
  unwrapWithKek,
  WrongPassphraseError,
  WrongRecoveryKeyError,
  wrapWithKek,
  type KeySlot,
  type PassphraseSlot,
} from '../core/crypto/slots';
import { newId } from '../core/model/ids';
import type { User } from '../core/model/user';
import { assertStrongPassphrase } from '../core/passphrase';
import { assertCan } from '../core/roles';
import type { VaultDb, VaultRow } from './db';
import type { KdfRunner } from './kdf-runner';
import { Session, type SessionDeps } from './session';

/**
 * Creating and unlocking vaults: the key-slot side (LUKS-like, THREAT-MODEL 4, 5, 5a, 5b).
 * A wrong passphrase or recovery key writes nothing anywhere.
 */
export interface VaultDeps extends SessionDeps {
  kdf: KdfRunner;
  /** Argon2id cost for new slots; production uses DEFAULT_KDF, tests may pass cheaper ones with a weak-allowing runner. */
  kdfCost?: KdfCost;
}

export class NoVaultError extends Error {
  constructor() {
    super('There is no vault on this device yet.');
    this.name = 'NoVaultError';
  }
}

/** The newest vault generation on this device (a duress decoy is newer than what it hides). */
export async function activeVault(db: VaultDb): Promise<VaultRow | undefined> {
  return db.vaults.orderBy('generation').last();
}

async function passphraseSlot(deps: VaultDeps, vaultId: string, vaultKey: Uint8Array, userId: string, passphrase: string, keyFile: KeyFile) {
  const id = newSlotId();
  const withSecret = addSlotSecret(keyFile, id);
  const kdf = newKdfParams(deps.kdfCost ?? DEFAULT_KDF);
  const kek = await deps.kdf.derive(passphrase, kdf);
  try {
    const slot = wrapWithKek(deps.sodium, { vaultId, vaultKey, slot: { id, kind: 'passphrase', userId, kdf }, kek, slotSecret: getSlotSecret(withSecret, id)! });
    return { slot, keyFile: withSecret };
  } finally {
    deps.sodium.memzero(kek);
  }
}

/**
 * First run: a random vault key, the first admin's passphrase slot, and a recovery slot whose key is
 * returned once, to be shown, printed and confirmed. The key file is written before anything goes
 * to IndexedDB, so a crash leaves either no vault or a complete one.
 */
export async function createVault(
  deps: VaultDeps,
  args: { adminName: string; passphrase: string },
): Promise<{ session: Session; recoveryCode: string }> {
  assertStrongPassphrase(args.passphrase, [args.adminName]);
  const vaultId = toBase64Url(randomBytes(16));
  const vaultKey = createVaultKey();
  const admin: User = { id: newId(), name: args.adminName.trim(), role: 'admin', status: 'active' };
  const { slot, keyFile } = await passphraseSlot(deps, vaultId, vaultKey, admin.id, args.passphrase, newKeyFile());

  const recoveryKey = newRecoveryKey();
  const recoveryKdf = newKdfParams(deps.kdfCost ?? DEFAULT_KDF);
  const recoveryKek = await deps.kdf.derive(recoveryKey, recoveryKdf);
  const recoverySlot = wrapWithKek(deps.sodium, { vaultId, vaultKey, slot: { id: newSlotId(), kind: 'recovery', kdf: recoveryKdf }, kek: recoveryKek });
  deps.sodium.memzero(recoveryKek);
  const recoveryCode = formatRecoveryKey(recoveryKey);
  deps.sodium.memzero(recoveryKey);

  await deps.keyFiles.write(vaultId, keyFile);
  const previous = await activeVault(deps.db);
  const row: VaultRow = { id: vaultId, generation: (previous?.generation ?? 0) + 1, format: 1, slots: [slot, recoverySlot] };
  let session: Session | undefined;
  await deps.db.transaction('rw', deps.db.vaults, deps.db.pages, deps.db.heads, async () => {
    await deps.db.vaults.add(row);
    session = await Session.create({ deps, vaultId, vaultKey, keyFile, admin });
  });
  return { session: session!, recoveryCode };
}

/**
 * Unlocks with a passphrase: tries the slot used last on this device first, then the others.
 * Slots whose secret is gone from the key file (removed users) are skipped without a derivation.
 */
export async function unlockWithPassphrase(deps: VaultDeps, passphrase: string, preferredSlotId?: string): Promise<{ session: Session; slotId: string }> {
  const row = await activeVault(deps.db);
  if (!row) throw new NoVaultError();
  const keyFile = await deps.keyFiles.read(row.id);
  const slots = row.slots
    .filter((s): s is PassphraseSlot => s.kind === 'passphrase')
    .filter((s) => keyFile && getSlotSecret(keyFile, s.id))
    .sort((a, b) => Number(b.id === preferredSlotId) - Number(a.id === preferredSlotId));
  if (!keyFile || slots.length === 0) {
    // Same cost as a real attempt, so an empty or destroyed key file does not answer faster.
    const dummy = await deps.kdf.derive(passphrase, row.slots[0]?.kdf ?? newKdfParams());
    deps.sodium.memzero(dummy);
    throw new WrongPassphraseError();
  }
  for (const slot of slots) {
    const kek = await deps.kdf.derive(passphrase, slot.kdf);
    let vaultKey: Uint8Array;
    try {
      vaultKey = unwrapWithKek(deps.sodium, { vaultId: row.id, slot, kek, slotSecret: getSlotSecret(keyFile, slot.id)! });
    } catch (error) {
      if (error instanceof WrongPassphraseError) continue;
      throw error;
    } finally {
      deps.sodium.memzero(kek);
    }
    const session = await Session.open({ deps, vaultId: row.id, vaultKey, keyFile, userId: slot.userId });
    if (needsRehash(slot, deps.kdfCost ?? DEFAULT_KDF)) await replacePassphrase(deps, session, slot.userId, passphrase);
    await session.recordAudit('vault.unlock', {});
    return { session, slotId: slot.id };
  }
  throw new WrongPassphraseError();
}

/** Unlocks with the recovery key (grouped code). The session must then set a new passphrase for a user. */
export async function unlockWithRecoveryKey(deps: VaultDeps, code: string): Promise<Session> {
  const recoveryKey = parseRecoveryKey(code);
  const rows = await deps.db.vaults.orderBy('generation').reverse().toArray();
  if (rows.length === 0) throw new NoVaultError();
  // After duress the real vault is an older generation: the recovery key is tried on each.
  for (const row of rows) {
    for (const slot of row.slots.filter((s) => s.kind === 'recovery')) {
      const kek = await deps.kdf.derive(recoveryKey, slot.kdf);
      try {
        const vaultKey = unwrapWithKek(deps.sodium, { vaultId: row.id, slot, kek });
        const keyFile = (await deps.keyFiles.read(row.id)) ?? newKeyFile();
        const session = await Session.open({ deps, vaultId: row.id, vaultKey, keyFile, userId: undefined });
        await session.recordAudit('vault.recover', {});
        return session;
      } catch (error) {
        if (!(error instanceof WrongRecoveryKeyError)) throw error;
      } finally {
        deps.sodium.memzero(kek);
      }
    }
  }
  deps.sodium.memzero(recoveryKey);
  throw new WrongRecoveryKeyError();
}

/**
 * Gives a user a new passphrase: a new slot and slot secret, and the user's old slots destroyed in
 * the key file (their IndexedDB copies become useless without their secrets). Used after a recovery
 * unlock, when a slot's KDF cost is raised, and when a user changes their passphrase.
 */
export async function replacePassphrase(deps: VaultDeps, session: Session, userId: string, passphrase: string): Promise<string> {
  if (session.user.id !== userId) assertCan(session.user.role, 'administration');
  assertStrongPassphrase(passphrase);
  const row = await deps.db.vaults.get(session.vaultId);
  if (!row) throw new NoVaultError();
  let keyFile = session.currentKeyFile;
  const { slot, keyFile: withNew } = await passphraseSlot(deps, row.id, session.vaultKey, userId, passphrase, keyFile);
  keyFile = withNew;
  const old = row.slots.filter((s) => s.kind === 'passphrase' && s.userId === userId);
  for (const s of old) keyFile = removeSlotSecret(keyFile, s.id);
  // Order matters: the new slot is stored before the key file forgets the old ones.
  const slots: KeySlot[] = [...row.slots.filter((s) => !old.includes(s)), slot];
  await deps.keyFiles.write(row.id, withNew);
  await deps.db.vaults.update(row.id, { slots });
  await deps.keyFiles.write(row.id, keyFile);
  session.currentKeyFile = keyFile;
  return slot.id;
}

/** Admin: adds a user with their own passphrase slot (the vault key is not re-encrypted). */
export async function addUser(deps: VaultDeps, session: Session, args: { name: string; role: User['role']; passphrase: string }): Promise<User> {
  assertCan(session.user.role, 'administration');
  assertStrongPassphrase(args.passphrase, [args.name]);
  const user: User = { id: newId(), name: args.name.trim(), role: args.role, status: 'active' };
  const row = await deps.db.vaults.get(session.vaultId);
  if (!row) throw new NoVaultError();
  const { slot, keyFile } = await passphraseSlot(deps, row.id, session.vaultKey, user.id, args.passphrase, session.currentKeyFile);
  await deps.keyFiles.write(row.id, keyFile);
  session.currentKeyFile = keyFile;
  await deps.db.vaults.update(row.id, { slots: [...row.slots, slot] });
  await session.users.put(user, 'user.add');
  return user;
}
