import { randomBytes, toBase64, toBase64Url } from '../core/crypto/bytes';
import { newKdfParams } from '../core/crypto/kdf';
import { addSlotSecret, getRecoverySecret, getSlotSecret, newKeyFile, removeSlotSecret, replaceRecoverySecret, setWipeAfter } from '../core/crypto/keyfile';
import { newOneTimePassphrase } from '../core/crypto/one-time-passphrase';
import { newStaffKey } from '../core/crypto/org-keys';
import { formatRecoveryKey, newRecoveryKey, parseRecoveryKey } from '../core/crypto/recovery-code';
import { combineShares, splitRecoveryKey, type ShareCode } from '../core/crypto/shares';
import {
  createVaultKey,
  newSlotId,
  unwrapWithKek,
  WrongPassphraseError,
  WrongRecoveryKeyError,
  wrapWithKek,
  zeroPayload,
  type KeySlot,
  type PassphraseSlot,
  type SlotPayload,
} from '../core/crypto/slots';
import { newId } from '../core/model/ids';
import type { Role, User } from '../core/model/user';
import { assertStrongPassphrase } from '../core/passphrase';
import { can } from '../core/roles';
import type { VaultRow } from './db';
import type { SecuritySettings } from './records';
import { RECOVERY_ACTOR, Session } from './session';
import {
  activeVault,
  assertNotDuress,
  destroyEverything,
  encodeDecoy,
  makePassphraseSlot,
  recoverySlotFromKek,
  rewrapUserSlot,
  slotCost,
  tryOpen,
  type VaultDeps,
} from './vault';
import { NoVaultError, PassphraseInUseError, AdminChangeError } from './errors';

/**
 * Administration (docs/threat-model.md §5, 5a, 8, 9): users and roles, recovery key and shares, duress,
 * vault-key rotation, the failed-unlock wipe guard, and wipe. Every function checks the admin
 * permission in the core and lands in the audit log (through the session's commits).
 *
 * One-time passphrases: a slot can only be wrapped with a passphrase, and an admin must not know a
 * user's own. So whenever a user needs a new slot (new user, reset, reactivation, a role change that
 * adds or removes the staff key, vault-key rotation) the app makes a one-time passphrase for the
 * admin to hand over in person; the slot is marked one-time inside its sealed payload, and a session
 * opened with it can do nothing but choose the user's own passphrase (replacePassphrase).
 */

export interface OneTimeGrant {
  userId: string;
  passphrase: string;
}

function userOf(session: Session, userId: string): User {
  const user = session.users.get(userId);
  if (!user) throw new TypeError('unknown user');
  return user;
}

/** Changes to one's own role or status go through another admin; at least one active admin remains. */
function assertAdminChange(session: Session, changed: User): void {
  if (changed.id === session.user.id) throw new AdminChangeError('own-account', 'Another admin must change your own role or status.');
  const admins = session.users.list().filter((u) => (u.id === changed.id ? changed : u).role === 'admin' && (u.id === changed.id ? changed : u).status === 'active');
  if (admins.length === 0) throw new AdminChangeError('last-admin', 'At least one active admin must remain.');
}

async function grantOneTime(deps: VaultDeps, session: Session, userId: string, passphrase = newOneTimePassphrase()): Promise<string> {
  await rewrapUserSlot(deps, session, userId, passphrase, true);
  return passphrase;
}

async function vaultRow(deps: VaultDeps, session: Session): Promise<VaultRow> {
  const row = await deps.db.vaults.get(session.vaultId);
  if (!row) throw new NoVaultError();
  return row;
}

/** Destroys a user's slots: their secrets leave the key file; with `dropSlots` the slots leave the vault row too. */
async function destroyUserSlots(deps: VaultDeps, session: Session, userId: string, dropSlots: boolean): Promise<void> {
  const row = await vaultRow(deps, session);
  const theirs = row.slots.filter((s) => s.kind === 'passphrase' && s.userId === userId);
  let keyFile = session.currentKeyFile;
  for (const s of theirs) keyFile = removeSlotSecret(keyFile, s.id);
  await deps.keyFiles.write(row.id, keyFile);
  session.currentKeyFile = keyFile;
  if (dropSlots) await deps.db.vaults.update(row.id, { slots: row.slots.filter((s) => !theirs.includes(s)) });
}

// ---- users and roles ---------------------------------------------------------------------------

/**
 * Adds a user with a one-time passphrase: the admin's own choice (checked like any passphrase) or,
 * when omitted, one made by the app. The user must replace it at first unlock.
 */
export async function addUser(
  deps: VaultDeps,
  session: Session,
  args: { name: string; role: Role; oneTimePassphrase?: string },
): Promise<{ user: User; oneTimePassphrase: string }> {
  session.authorize('administration');
  if (args.oneTimePassphrase !== undefined) {
    assertStrongPassphrase(args.oneTimePassphrase, [args.name]);
    await assertNotDuress(deps, session, args.oneTimePassphrase);
  }
  const user: User = { id: newId(), name: args.name.trim(), role: args.role, status: 'active' };
  // The record first: the slot's payload follows the user's role.
  await session.users.put(user, 'user.add');
  return { user, oneTimePassphrase: await grantOneTime(deps, session, user.id, args.oneTimePassphrase) };
}

/**
 * Changes a user's role. Crossing the line between operator and staff/admin changes what their slot
 * must carry (the staff key, docs/threat-model.md §9): adding it needs a new slot, and removing it needs the
 * old slot destroyed, so the user gets a new one-time passphrase either way. Staff <-> admin keeps
 * the slot.
 */
export async function changeRole(deps: VaultDeps, session: Session, userId: string, role: Role): Promise<{ oneTimePassphrase?: string }> {
  session.authorize('administration');
  const user = userOf(session, userId);
  if (user.role === role) return {};
  const changed = { ...user, role };
  assertAdminChange(session, changed);
  await session.users.put(changed, 'user.role-change');
  if (can(user.role, 'handoff') === can(role, 'handoff') || user.status !== 'active') return {};
  return { oneTimePassphrase: await grantOneTime(deps, session, userId) };
}

/** Suspends a user: their slot secret leaves the key file, so the slot is dead even on a disk image. */
export async function suspendUser(deps: VaultDeps, session: Session, userId: string): Promise<void> {
  session.authorize('administration');
  const changed: User = { ...userOf(session, userId), status: 'disabled' };
  assertAdminChange(session, changed);
  await destroyUserSlots(deps, session, userId, false);
  await session.users.put(changed, 'user.suspend');
}

/** Removes a user: as suspending, and their slot leaves the vault row. The record stays (the audit log names them). */
export async function removeUser(deps: VaultDeps, session: Session, userId: string): Promise<void> {
  session.authorize('administration');
  const changed: User = { ...userOf(session, userId), status: 'disabled' };
  assertAdminChange(session, changed);
  await destroyUserSlots(deps, session, userId, true);
  await session.users.put(changed, 'user.remove');
}

/** Lets a suspended or removed user back in, with a one-time passphrase. */
export async function reactivateUser(deps: VaultDeps, session: Session, userId: string): Promise<{ oneTimePassphrase: string }> {
  session.authorize('administration');
  await session.users.put({ ...userOf(session, userId), status: 'active' }, 'user.reactivate');
  return { oneTimePassphrase: await grantOneTime(deps, session, userId) };
}

/** A user forgot their passphrase: their slots are replaced by a one-time one. */
export async function resetPassphrase(deps: VaultDeps, session: Session, userId: string): Promise<{ oneTimePassphrase: string }> {
  session.authorize('administration');
  if (userOf(session, userId).status !== 'active') throw new AdminChangeError('not-active', 'Reactivate the user instead.');
  const oneTimePassphrase = await grantOneTime(deps, session, userId);
  await session.recordAudit('user.passphrase-reset', { user: userId });
  return { oneTimePassphrase };
}

// ---- recovery key and shares -------------------------------------------------------------------

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
    slot = recoverySlotFromKek(deps.sodium, { vaultId: row.id, kek, kdf, payload: session.slotPayload('admin', false), recoverySecret: getRecoverySecret(next) });
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

// ---- duress ------------------------------------------------------------------------------------

/**
 * Sets (or with null removes) the duress passphrase (docs/threat-model.md §8). It becomes one more
 * passphrase slot, indistinguishable on disk from a user's, that holds no key. Typed at the unlock
 * screen it destroys every passphrase slot and opens an empty decoy vault with `decoyAdminName`
 * (default: this admin's name) as its admin and the duress passphrase as that admin's passphrase.
 * It must differ from every user's passphrase (checked: one derivation per user).
 */
export async function setDuressPassphrase(deps: VaultDeps, session: Session, passphrase: string | null, options: { decoyAdminName?: string } = {}): Promise<void> {
  session.authorize('administration');
  const row = await vaultRow(deps, session);
  const oldId = session.duress.slotId();
  if (passphrase === null && oldId === null) return;
  let made: Awaited<ReturnType<typeof makePassphraseSlot>> | undefined;
  if (passphrase !== null) {
    assertStrongPassphrase(passphrase);
    for (const s of row.slots) {
      if (s.kind !== 'passphrase' || s.id === oldId) continue;
      const payload = await tryOpen(deps, row.id, s, passphrase, getSlotSecret(session.currentKeyFile, s.id));
      if (payload) {
        zeroPayload(deps.sodium, payload);
        throw new PassphraseInUseError();
      }
    }
    const adminName = options.decoyAdminName ?? (session.user === RECOVERY_ACTOR ? undefined : session.user.name);
    if (adminName === undefined) throw new TypeError('name the decoy admin');
    const cost = slotCost(deps, session);
    const decoyKdf = newKdfParams(cost);
    const decoyKek = await deps.kdf.derive(passphrase, decoyKdf);
    let data: Uint8Array;
    try {
      data = encodeDecoy({
        adminName,
        createdAt: session.audit.entries()[0]?.at ?? deps.now().toISOString(),
        locale: session.settings.get().locale,
        kdf: decoyKdf,
        kek: toBase64(decoyKek),
      });
    } finally {
      deps.sodium.memzero(decoyKek);
    }
    // A random user id: the slot looks like any user's.
    made = await makePassphraseSlot(deps, { vaultId: row.id, userId: newId(), passphrase, payload: { kind: 'duress', data }, keyFile: session.currentKeyFile, cost });
    await deps.keyFiles.write(row.id, made.keyFile);
    session.currentKeyFile = made.keyFile;
  }
  await deps.db.vaults.update(row.id, { slots: [...row.slots.filter((s) => s.id !== oldId), ...(made ? [made.slot] : [])] });
  if (oldId) {
    const keyFile = removeSlotSecret(session.currentKeyFile, oldId);
    await deps.keyFiles.write(row.id, keyFile);
    session.currentKeyFile = keyFile;
  }
  await session.duress.set(made?.slot.id ?? null);
}

// ---- device-level security settings ------------------------------------------------------------

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

/**
 * While locked: how many failed unlocks are left before this device wipes itself, or null when the
 * guard is off. Read from the key file (the only place the counter lives); reading writes nothing.
 */
export async function unlockAttemptsLeft(deps: VaultDeps): Promise<number | null> {
  const row = await activeVault(deps.db);
  const guard = row ? (await deps.keyFiles.read(row.id))?.unlockGuard : undefined;
  return guard ? guard.wipeAfter - guard.failures : null;
}

export interface SecurityOverview extends SecuritySettings {
  duressEnabled: boolean;
  wipeAfterFailedUnlocks: number | null;
}

/** Everything the security settings screen shows (kdf and lockOnSuspend change through session.security.update). */
export function securityOverview(session: Session): SecurityOverview {
  session.authorize('administration');
  return {
    ...session.security.get(),
    duressEnabled: session.duress.slotId() !== null,
    wipeAfterFailedUnlocks: session.currentKeyFile.unlockGuard?.wipeAfter ?? null,
  };
}

// ---- vault-key rotation ------------------------------------------------------------------------

export type RecoveryProof = { code: string } | { shares: readonly string[] };

/**
 * A new vault key (admin's choice, e.g. after a device or a person may have been compromised): a new
 * vault generation with a new id, vault key, staff key, people KEK and key file; every readable
 * record re-sealed into fresh bulk pages (people under fresh person keys); then the old generation's
 * rows are deleted and its key file destroyed, so its slots die even on a disk image.
 *
 * The admin's passphrase and the recovery key (or k shares) are asked for and checked first: both
 * slots are re-wrapped with them, so the same passphrase and the same printed key or shares keep
 * working. Other users' slots cannot be re-wrapped without their passphrases: each active user gets
 * a one-time passphrase, returned here for the admin to hand over. The duress slot holds no key and
 * cannot move to the new generation: it must be set again (`duressCleared`).
 *
 * Old data stays in LevelDB under the old key (docs/threat-model.md §5a); what rotation protects is
 * everything written from now on, and the old slots are dead. A crash before the final transaction
 * leaves the old vault as it was; after it, only the old key file may survive until the next wipe.
 */
export async function rotateVaultKey(
  deps: VaultDeps,
  session: Session,
  args: { passphrase: string; recovery: RecoveryProof },
): Promise<{ session: Session; oneTimePassphrases: OneTimeGrant[]; duressCleared: boolean }> {
  session.authorize('administration');
  const me = session.user;
  if (me === RECOVERY_ACTOR) throw new AdminChangeError('recovery-session', 'Unlock with your own passphrase to rotate the vault key.');
  const { sodium } = deps;
  const row = await vaultRow(deps, session);
  const oldKeyFile = session.currentKeyFile;

  const mySlot = row.slots.find((s): s is PassphraseSlot => s.kind === 'passphrase' && s.userId === me.id && getSlotSecret(oldKeyFile, s.id) !== undefined);
  const recoverySlot = row.slots.find((s) => s.kind === 'recovery');
  if (!mySlot || !recoverySlot) throw new NoVaultError();
  const recoveryKey = 'code' in args.recovery ? parseRecoveryKey(args.recovery.code) : await combineShares(args.recovery.shares);
  const myKek = await deps.kdf.derive(args.passphrase, mySlot.kdf);
  const recoveryKek = await deps.kdf.derive(recoveryKey, recoverySlot.kdf);
  sodium.memzero(recoveryKey);
  const vaultKey = createVaultKey();
  const staffKey = newStaffKey();
  const grants: OneTimeGrant[] = [];
  try {
    // Both secrets are checked before anything changes: a typo must not lock anyone out.
    const check = (slot: KeySlot, kek: Uint8Array, secret: Uint8Array | undefined, error: Error) => {
      try {
        zeroPayload(sodium, unwrapWithKek(sodium, { vaultId: row.id, slot, kek, slotSecret: secret }));
      } catch {
        throw error;
      }
    };
    check(mySlot, myKek, getSlotSecret(oldKeyFile, mySlot.id), new WrongPassphraseError());
    check(recoverySlot, recoveryKek, getRecoverySecret(oldKeyFile), new WrongRecoveryKeyError());
    const content = session.contentForRotation();

    const vaultId = toBase64Url(randomBytes(16));
    const payload = (role: Role, oneTime: boolean): SlotPayload => ({
      kind: 'keys',
      vaultKey: vaultKey.slice(),
      staffKey: can(role, 'handoff') ? staffKey.slice() : undefined,
      oneTime,
    });
    const guard = oldKeyFile.unlockGuard;
    let keyFile = guard ? setWipeAfter(newKeyFile(), guard.wipeAfter) : newKeyFile();
    const adminSlotId = newSlotId();
    keyFile = addSlotSecret(keyFile, adminSlotId);
    const adminPayload = payload(me.role, false);
    const slots: KeySlot[] = [
      wrapWithKek(sodium, { vaultId, slot: { id: adminSlotId, kind: 'passphrase', userId: me.id, kdf: mySlot.kdf }, kek: myKek, slotSecret: getSlotSecret(keyFile, adminSlotId)!, payload: adminPayload }),
      recoverySlotFromKek(sodium, { vaultId, kek: recoveryKek, kdf: recoverySlot.kdf, payload: payload('admin', false), recoverySecret: getRecoverySecret(keyFile) }),
    ];
    zeroPayload(sodium, adminPayload);
    for (const user of session.users.list()) {
      if (user.id === me.id || user.status !== 'active') continue;
      const passphrase = newOneTimePassphrase();
      const made = await makePassphraseSlot(deps, { vaultId, userId: user.id, passphrase, payload: payload(user.role, true), keyFile, cost: slotCost(deps, session) });
      keyFile = made.keyFile;
      slots.push(made.slot);
      grants.push({ userId: user.id, passphrase });
    }

    await deps.keyFiles.write(vaultId, keyFile);
    const newest = (await activeVault(deps.db))!;
    let rotated: Session | undefined;
    await deps.db.transaction('rw', deps.db.vaults, deps.db.pages, deps.db.heads, async () => {
      await deps.db.vaults.add({ id: vaultId, generation: newest.generation + 1, format: 1, slots });
      rotated = await Session.seed({
        deps,
        vaultId,
        vaultKey: vaultKey.slice(),
        staffKey: staffKey.slice(),
        keyFile,
        actor: me,
        content,
        audit: { action: 'vault.key-rotate', details: { users: grants.length } },
      });
      await deps.db.pages.where('vaultId').equals(row.id).delete();
      await deps.db.heads.delete(row.id);
      await deps.db.vaults.delete(row.id);
    });
    await deps.keyFiles.destroy(row.id);
    const duressCleared = session.duress.slotId() !== null;
    session.lock();
    return { session: rotated!, oneTimePassphrases: grants, duressCleared };
  } finally {
    sodium.memzero(myKek);
    sodium.memzero(recoveryKek);
    sodium.memzero(vaultKey);
    sodium.memzero(staffKey);
  }
}

// ---- wipe --------------------------------------------------------------------------------------

/**
 * Destroys everything on this device (docs/threat-model.md §5a): key files first, then the database, then
 * main clears the window's storage. Cannot be recorded: afterwards there is no log to write to.
 * The app is back at first run; a backup and its recovery key (or shares) can restore the vault.
 */
export async function wipeDevice(deps: VaultDeps, session: Session): Promise<void> {
  session.authorize('administration');
  session.lock();
  await destroyEverything(deps);
}
