import { z } from 'zod';
import { fromBase64, isBase64Of, randomBytes, toBase64, toBase64Url, utf8Decode, utf8Encode } from '../core/crypto/bytes';
import { backupKeyPair } from '../core/crypto/backup';
import { type KdfCost, type KdfParams, DEFAULT_KDF, KdfParamsSchema, newKdfParams } from '../core/crypto/kdf';
import {
  addSlotSecret,
  clearFailedUnlocks,
  countFailedUnlock,
  getRecoverySecret,
  getSlotSecret,
  newKeyFile,
  removeAllSlotSecrets,
  removeSlotSecret,
  type KeyFile,
} from '../core/crypto/keyfile';
import { newOrgKeys, newStaffKey } from '../core/crypto/org-keys';
import { formatRecoveryKey, newRecoveryKey, parseRecoveryKey } from '../core/crypto/recovery-code';
import { combineShares } from '../core/crypto/shares';
import {
  createVaultKey,
  needsRehash,
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
} from '../core/crypto/slots';
import type { Sodium } from '../core/crypto/sodium';
import { newId } from '../core/model/ids';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../core/model/settings';
import { userSchema, type User } from '../core/model/user';
import { assertStrongPassphrase } from '../core/passphrase';
import type { VaultDb, VaultRow } from './db';
import type { KdfRunner } from './kdf-runner';
import { Session, type SessionDeps } from './session';
import { NoVaultError, PassphraseInUseError } from './errors';

/**
 * Creating, unlocking and destroying vaults: the key-slot side (LUKS-like, docs/threat-model.md §4-8).
 * A wrong passphrase or recovery key writes nothing to IndexedDB (only the key file's failure
 * counter, when "wipe after N failed unlocks" is on).
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

/** Argon2id cost of new slots: the admin's setting, else the device default. */
export function slotCost(deps: VaultDeps, session?: Session): KdfCost {
  return session?.security.get().kdf ?? deps.kdfCost ?? DEFAULT_KDF;
}

// ---- audit notes for the next unlock -----------------------------------------------------------

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

export function noteRestore(db: VaultDb): void {
  notesOf(db).restored = true;
}

/** A failed unlock: counted in memory, and in the key file when the wipe guard is on; the last allowed failure wipes. */
async function failedUnlock(deps: VaultDeps, row: VaultRow, keyFile: KeyFile | null): Promise<void> {
  notesOf(deps.db).failures += 1;
  if (!keyFile?.unlockGuard) return;
  const counted = countFailedUnlock(keyFile);
  if (counted.unlockGuard!.failures >= counted.unlockGuard!.wipeAfter) await destroyEverything(deps);
  else await deps.keyFiles.write(row.id, counted);
}

async function recordUnlock(deps: VaultDeps, session: Session, action: string, details: Record<string, string | boolean> = {}): Promise<void> {
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
  await session.recordAudit(action, details);
}

// ---- slots -------------------------------------------------------------------------------------

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

// ---- creating ----------------------------------------------------------------------------------

interface NewVault {
  admin: User;
  /** Argon2id of the admin passphrase and of the recovery key, derived by the caller. */
  adminKek: { kek: Uint8Array; kdf: KdfParams };
  recoveryKek: { kek: Uint8Array; kdf: KdfParams };
  settings: Settings;
  createdAt: string | undefined;
}

/**
 * Writes a new vault generation: random vault and staff keys, organisation keys, the admin's slot and
 * the recovery slot. The key file is written before anything goes to IndexedDB, so a crash leaves
 * either no vault or a complete one.
 */
async function buildVault(deps: VaultDeps, v: NewVault): Promise<{ session: Session; adminSlotId: string }> {
  const { sodium } = deps;
  const vaultId = toBase64Url(randomBytes(16));
  const vaultKey = createVaultKey();
  const staffKey = newStaffKey();
  const orgKeys = await newOrgKeys(sodium);
  const payload = (): SlotPayload => ({ kind: 'keys', vaultKey: vaultKey.slice(), staffKey: staffKey.slice(), oneTime: false });
  const adminSlotId = newSlotId();
  const keyFile = addSlotSecret(newKeyFile(), adminSlotId);
  const adminPayload = payload();
  const adminSlot = wrapWithKek(sodium, {
    vaultId,
    slot: { id: adminSlotId, kind: 'passphrase', userId: v.admin.id, kdf: v.adminKek.kdf },
    kek: v.adminKek.kek,
    slotSecret: getSlotSecret(keyFile, adminSlotId)!,
    payload: adminPayload,
  });
  zeroPayload(sodium, adminPayload);
  const recoverySlot = recoverySlotFromKek(sodium, { vaultId, ...v.recoveryKek, payload: payload(), recoverySecret: getRecoverySecret(keyFile) });

  await deps.keyFiles.write(vaultId, keyFile);
  const previous = await activeVault(deps.db);
  const row: VaultRow = { id: vaultId, generation: (previous?.generation ?? 0) + 1, format: 1, slots: [adminSlot, recoverySlot] };
  let session: Session | undefined;
  await deps.db.transaction('rw', deps.db.vaults, deps.db.pages, deps.db.heads, async () => {
    await deps.db.vaults.add(row);
    session = await Session.create({ deps, vaultId, vaultKey, staffKey, keyFile, admin: v.admin, orgKeys, settings: v.settings, createdAt: v.createdAt });
  });
  return { session: session!, adminSlotId };
}

/**
 * First run: the first admin's passphrase slot, and a recovery slot whose key is returned once, to be
 * shown, printed and confirmed.
 */
export async function createVault(deps: VaultDeps, args: { adminName: string; passphrase: string }): Promise<{ session: Session; recoveryCode: string }> {
  assertStrongPassphrase(args.passphrase, [args.adminName]);
  const admin: User = { id: newId(), name: args.adminName.trim(), role: 'admin', status: 'active' };
  const cost = slotCost(deps);
  const adminKdf = newKdfParams(cost);
  const recoveryKdf = newKdfParams(cost);
  const recoveryKey = newRecoveryKey();
  const adminKek = await deps.kdf.derive(args.passphrase, adminKdf);
  const recoveryKek = await deps.kdf.derive(recoveryKey, recoveryKdf);
  try {
    const { session } = await buildVault(deps, {
      admin,
      adminKek: { kek: adminKek, kdf: adminKdf },
      recoveryKek: { kek: recoveryKek, kdf: recoveryKdf },
      settings: DEFAULT_SETTINGS,
      createdAt: undefined,
    });
    return { session, recoveryCode: formatRecoveryKey(recoveryKey) };
  } finally {
    deps.sodium.memzero(adminKek);
    deps.sodium.memzero(recoveryKek);
    deps.sodium.memzero(recoveryKey);
  }
}

// ---- duress ------------------------------------------------------------------------------------

/**
 * What the duress slot carries (sealed inside it): what the decoy vault needs to look like the real
 * one at a glance, and an Argon2id result of the duress passphrase under a second salt, prepared when
 * the admin set it, so the decoy's admin slot costs no extra derivation at the moment of duress (no
 * timing difference) and shares no salt with the old slot (no link between the two on disk).
 */
export const DecoySchema = z.strictObject({
  adminName: userSchema.shape.name,
  createdAt: z.iso.datetime(),
  locale: settingsSchema.shape.locale,
  kdf: KdfParamsSchema,
  kek: z.string().refine((s) => isBase64Of(s, 32), 'must be 32 bytes in base64'),
});
export type Decoy = z.infer<typeof DecoySchema>;

export function encodeDecoy(decoy: Decoy): Uint8Array {
  return utf8Encode(JSON.stringify(DecoySchema.parse(decoy)));
}

/**
 * The duress passphrase matched (docs/threat-model.md §8): every passphrase slot secret of the real vault is
 * destroyed (its recovery secret and people KEK stay, so the recovery key or shares still open it),
 * then a fresh, empty vault is created and opened as if nothing happened. Nothing is recorded: the
 * real vault cannot be written without its key, and the decoy must not hint at duress.
 */
async function enterDuress(deps: VaultDeps, row: VaultRow, keyFile: KeyFile, data: Uint8Array): Promise<{ session: Session; slotId: string }> {
  const decoy = DecoySchema.parse(JSON.parse(utf8Decode(data)));
  await deps.keyFiles.write(row.id, removeAllSlotSecrets(keyFile));
  unlockNotes.delete(deps.db);
  // A real unlock reads the whole log; reading it here too keeps the two equally slow.
  await deps.db.pages.where('vaultId').equals(row.id).toArray();
  const admin: User = { id: newId(), name: decoy.adminName, role: 'admin', status: 'active' };
  const adminKek = fromBase64(decoy.kek);
  // Nobody will ever hold this vault's recovery key: a random kek makes a slot that looks like any other.
  const recoveryKek = randomBytes(32);
  try {
    const { session, adminSlotId } = await buildVault(deps, {
      admin,
      adminKek: { kek: adminKek, kdf: decoy.kdf },
      recoveryKek: { kek: recoveryKek, kdf: newKdfParams(decoy.kdf) },
      settings: { ...DEFAULT_SETTINGS, locale: decoy.locale },
      createdAt: decoy.createdAt,
    });
    await session.recordAudit('vault.unlock', {});
    return { session, slotId: adminSlotId };
  } finally {
    deps.sodium.memzero(adminKek);
    deps.sodium.memzero(recoveryKek);
  }
}

// ---- unlocking ---------------------------------------------------------------------------------

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
    const session = await Session.open({ deps, vaultId: row.id, vaultKey: payload.vaultKey, staffKey: payload.staffKey, keyFile, userId: slot.userId, oneTime: payload.oneTime });
    // A slot below the current cost is re-wrapped now, while the passphrase is at hand; the hint follows it.
    const rehash = !payload.oneTime && needsRehash(slot, slotCost(deps, session));
    const slotId = rehash ? await rewrapUserSlot(deps, session, slot.userId, passphrase, false) : slot.id;
    await recordUnlock(deps, session, 'vault.unlock');
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
        const session = await Session.open({ deps, vaultId: row.id, vaultKey, staffKey, keyFile, userId: undefined, oneTime: false });
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

// ---- passphrases -------------------------------------------------------------------------------

/** A new passphrase must not open the duress slot (one derivation when one is set). */
export async function assertNotDuress(deps: VaultDeps, session: Session, passphrase: string): Promise<void> {
  const duressId = session.duress.slotId();
  const row = await deps.db.vaults.get(session.vaultId);
  const slot = row?.slots.find((s) => s.id === duressId);
  if (!slot) return;
  const payload = await tryOpen(deps, session.vaultId, slot, passphrase, getSlotSecret(session.currentKeyFile, slot.id));
  if (!payload) return;
  zeroPayload(deps.sodium, payload);
  throw new PassphraseInUseError();
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
  const payload = session.slotPayload(user.role, oneTime);
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
  return slot.id;
}

/**
 * A user chooses a new passphrase: their own (after a one-time passphrase or whenever they like), or
 * an admin's for someone after a recovery unlock. Checked against the policy and the duress slot.
 */
export async function replacePassphrase(deps: VaultDeps, session: Session, userId: string, passphrase: string): Promise<string> {
  assertStrongPassphrase(passphrase, [session.users.get(userId)?.name ?? '']);
  await assertNotDuress(deps, session, passphrase);
  const slotId = await rewrapUserSlot(deps, session, userId, passphrase, false);
  await session.recordAudit('user.passphrase-change', { user: userId });
  return slotId;
}

// ---- destroying --------------------------------------------------------------------------------

/**
 * Wipe (docs/threat-model.md §5a): key files first (from then on nothing opens, even from a disk image), then
 * the IndexedDB database, then main clears the window's storage and any key file left behind.
 */
export async function destroyEverything(deps: VaultDeps): Promise<void> {
  const rows = await deps.db.vaults.toArray();
  for (const row of rows) await deps.keyFiles.destroy(row.id);
  unlockNotes.delete(deps.db);
  // Reopens (empty) on next use, so the app can go straight back to first run.
  await deps.db.delete({ disableAutoOpen: false });
  await deps.wipeStorage?.();
}
