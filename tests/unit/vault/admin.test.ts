import { Decrypter, Encrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { WrongPassphraseError, WrongRecoveryKeyError, type KeySlot } from '../../../src/core/crypto/slots';
import { newId } from '../../../src/core/model/ids';
import { ForbiddenError } from '../../../src/core/roles';
import type { User } from '../../../src/core/model/user';
import { addUser, changeRole, reactivateUser, removeUser, resetPassphrase, suspendUser } from '../../../src/vault/services/users';
import { rotateVaultKey } from '../../../src/vault/services/rotation';
import { securityOverview } from '../../../src/vault/services/security-overview';
import { splitRecovery } from '../../../src/vault/services/recovery';
import { createVault } from '../../../src/vault/services/create';
import { replacePassphrase } from '../../../src/vault/services/passphrase';
import { unlockWithPassphrase, unlockWithRecoveryKey, unlockWithShares } from '../../../src/vault/services/unlock';
import { type VaultDeps } from '../../../src/vault/services/deps';
import { firstUnlock, PASS, person, slotOpensFromImage, testVault } from './helpers';
import { LockedError, PassphraseChangeRequiredError, DamagedVaultError, AdminChangeError } from '../../../src/vault/errors';

async function adminVault() {
  const t = await testVault();
  const created = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
  return { ...t, admin: created.session, recoveryCode: created.recoveryCode };
}

/** First unlock with a one-time passphrase, then the user's own; returns the working session. */
async function slotsOf(deps: VaultDeps, vaultId: string, userId: string): Promise<KeySlot[]> {
  return (await deps.db.vaults.get(vaultId))!.slots.filter((s) => s.kind === 'passphrase' && s.userId === userId);
}

describe('admin: users', () => {
  it('a new user gets a one-time passphrase and can do nothing but choose their own', async () => {
    const { deps, admin } = await adminVault();
    const { user, oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    expect(oneTimePassphrase).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){4}$/);
    expect(admin.users.get(user.id)).toEqual(user);
    admin.lock();

    const { session } = await unlockWithPassphrase(deps, oneTimePassphrase);
    expect(session.user.id).toBe(user.id);
    expect(session.mustSetPassphrase).toBe(true);
    await expect(session.people.put(person())).rejects.toThrow(PassphraseChangeRequiredError);
    await expect(session.events.append({} as never)).rejects.toThrow(PassphraseChangeRequiredError);
    await replacePassphrase(deps, session, user.id, 'olegs own long passphrase');
    session.lock();

    // The one-time passphrase is dead, also against a disk image holding its slot.
    await expect(unlockWithPassphrase(deps, oneTimePassphrase)).rejects.toThrow(WrongPassphraseError);
    const { session: own } = await unlockWithPassphrase(deps, 'olegs own long passphrase');
    expect(own.mustSetPassphrase).toBe(false);
    await own.people.put(person());
    expect(own.audit.entries().map((e) => e.action)).toContain('user.passphrase-change');
  });

  it('an admin may choose the one-time passphrase; it must still pass the policy', async () => {
    const { deps, admin } = await adminVault();
    await expect(addUser(deps, admin, { name: 'Oleg', role: 'staff', oneTimePassphrase: 'short' })).rejects.toThrow(/12 characters/);
    const { oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'staff', oneTimePassphrase: 'a handed over passphrase' });
    expect(oneTimePassphrase).toBe('a handed over passphrase');
    admin.lock();
    const { session } = await unlockWithPassphrase(deps, 'a handed over passphrase');
    expect(session.mustSetPassphrase).toBe(true);
    expect(() => session.orgKeys()).toThrow(PassphraseChangeRequiredError);
  });

  it('suspending destroys the slot secret: the slot is dead even on a disk image; reactivating gives a one-time passphrase', async () => {
    const { deps, admin } = await adminVault();
    const { user, oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    const oleg = await firstUnlock(deps, oneTimePassphrase, 'olegs own long passphrase');
    oleg.lock();
    const { session } = await unlockWithPassphrase(deps, PASS);
    const [slot] = await slotsOf(deps, session.vaultId, user.id);
    expect(await slotOpensFromImage(deps, session.vaultId, slot!, 'olegs own long passphrase')).toBe(true);

    await suspendUser(deps, session, user.id);
    expect(session.users.get(user.id)?.status).toBe('disabled');
    expect(await slotsOf(deps, session.vaultId, user.id)).toHaveLength(1); // still in the row, but dead
    expect(await slotOpensFromImage(deps, session.vaultId, slot!, 'olegs own long passphrase')).toBe(false);
    await expect(unlockWithPassphrase(deps, 'olegs own long passphrase')).rejects.toThrow(WrongPassphraseError);

    const { oneTimePassphrase: again } = await reactivateUser(deps, session, user.id);
    session.lock();
    const back = await firstUnlock(deps, again, 'olegs second passphrase');
    expect(back.user).toMatchObject({ id: user.id, status: 'active' });
  });

  it('removing takes the slot out of the row and destroys its secret; the record stays for the audit log', async () => {
    const { deps, admin } = await adminVault();
    const { user, oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    const [slot] = await slotsOf(deps, admin.vaultId, user.id);
    await removeUser(deps, admin, user.id);
    expect(await slotsOf(deps, admin.vaultId, user.id)).toEqual([]);
    expect(await slotOpensFromImage(deps, admin.vaultId, slot!, oneTimePassphrase)).toBe(false);
    expect(admin.users.get(user.id)?.status).toBe('disabled');
    expect(admin.audit.entries().map((e) => e.action)).toEqual(expect.arrayContaining(['user.add', 'user.remove']));
  });

  it('an admin resets a forgotten passphrase to a one-time one; the old passphrase stops working', async () => {
    const { deps, admin } = await adminVault();
    const { user, oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    (await firstUnlock(deps, oneTimePassphrase, 'olegs own long passphrase')).lock();
    const { session } = await unlockWithPassphrase(deps, PASS);
    const { oneTimePassphrase: reset } = await resetPassphrase(deps, session, user.id);
    session.lock();
    await expect(unlockWithPassphrase(deps, 'olegs own long passphrase')).rejects.toThrow(WrongPassphraseError);
    expect((await firstUnlock(deps, reset, 'olegs newer passphrase')).user.id).toBe(user.id);
  });

  it('refuses changes that would leave no active admin, and changes to oneself', async () => {
    const { deps, admin } = await adminVault();
    await expect(changeRole(deps, admin, admin.user.id, 'staff')).rejects.toThrow(AdminChangeError);
    await expect(suspendUser(deps, admin, admin.user.id)).rejects.toMatchObject({ reason: 'own-account' });
    const { user: second } = await addUser(deps, admin, { name: 'Bea', role: 'admin' });
    await suspendUser(deps, admin, second.id);
    // The UI translates the reason.
    await expect(resetPassphrase(deps, admin, second.id)).rejects.toMatchObject({ name: 'AdminChangeError', reason: 'not-active' });
    await expect(changeRole(deps, admin, newId(), 'staff')).rejects.toThrow(TypeError);
  });

  it('an operator session cannot administer', async () => {
    const { deps, admin } = await adminVault();
    const { user, oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    admin.lock();
    const op = await firstUnlock(deps, oneTimePassphrase, 'olegs own long passphrase');
    await expect(suspendUser(deps, op, user.id)).rejects.toThrow(ForbiddenError);
    await expect(resetPassphrase(deps, op, user.id)).rejects.toThrow(ForbiddenError);
    await expect(splitRecovery(deps, op, { n: 3, k: 2 })).rejects.toThrow(ForbiddenError);
    expect(() => securityOverview(op)).toThrow(ForbiddenError);
    // Nor re-wrap someone else's slot through the passphrase functions.
    await expect(replacePassphrase(deps, op, admin.user.id, 'a takeover passphrase')).rejects.toThrow(ForbiddenError);
  });
});

describe('admin: organisation keys (docs/threat-model.md §9)', () => {
  it('exist from creation; staff and admin sessions open them, operators cannot; lock zeroes them', async () => {
    const { deps, admin } = await adminVault();
    const keys = admin.orgKeys();
    expect(keys.ageIdentity).toMatch(/^AGE-SECRET-KEY-1/);
    expect(keys.ageRecipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(keys.signing.secretKey).toHaveLength(64);
    expect(keys.signing.keyId).toHaveLength(8);
    // The signing key signs, and the identity decrypts what is encrypted to the recipient.
    const message = new TextEncoder().encode('manifest');
    const signature = deps.sodium.crypto_sign_detached(message, keys.signing.secretKey);
    expect(deps.sodium.crypto_sign_verify_detached(signature, message, keys.signing.publicKey)).toBe(true);
    const encrypter = new Encrypter();
    encrypter.addRecipient(keys.ageRecipient);
    const decrypter = new Decrypter();
    decrypter.addIdentity(keys.ageIdentity);
    expect(await decrypter.decrypt(await encrypter.encrypt(message), 'text')).toBe('manifest');

    const { oneTimePassphrase: staffOt } = await addUser(deps, admin, { name: 'Sam', role: 'staff' });
    const { oneTimePassphrase: opOt } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    const publicKey = keys.signing.publicKey.slice();
    admin.lock();
    expect(keys.signing.secretKey.every((b) => b === 0)).toBe(true);
    expect(() => admin.orgKeys()).toThrow(LockedError);

    const staff = await firstUnlock(deps, staffOt, 'sams own long passphrase');
    expect(staff.orgKeys().signing.publicKey).toEqual(publicKey);
    staff.lock();
    const op = await firstUnlock(deps, opOt, 'olegs own long passphrase');
    expect(() => op.orgKeys()).toThrow(ForbiddenError);
  });

  it('the recovery key opens them too', async () => {
    const { admin, deps, recoveryCode } = await adminVault();
    const recipient = admin.orgKeys().ageRecipient;
    admin.lock();
    expect((await unlockWithRecoveryKey(deps, recoveryCode)).orgKeys().ageRecipient).toBe(recipient);
  });

  it('each promotion is a one-time slot with what the role adds; a demotion destroys the slot and its keys wait for the rotation', async () => {
    const { deps, admin, recoveryCode } = await adminVault();
    const { user, oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    admin.lock();
    (await firstUnlock(deps, oneTimePassphrase, 'olegs own long passphrase')).lock();
    const { session } = await unlockWithPassphrase(deps, PASS);

    const promoted = await changeRole(deps, session, user.id, 'staff');
    expect(promoted.oneTimePassphrase).toBeDefined();
    await expect(unlockWithPassphrase(deps, 'olegs own long passphrase')).rejects.toThrow(WrongPassphraseError);
    session.lock();
    const asStaff = await firstUnlock(deps, promoted.oneTimePassphrase!, 'olegs staff passphrase');
    expect(asStaff.user.role).toBe('staff');
    expect(asStaff.orgKeys().ageIdentity).toMatch(/^AGE-SECRET-KEY-1/);
    asStaff.lock();

    // staff -> admin: a new slot, now carrying the admin seed.
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    const toAdmin = await changeRole(deps, again, user.id, 'admin');
    again.lock();
    const asAdmin = await firstUnlock(deps, toAdmin.oneTimePassphrase!, 'olegs admin passphrase');
    expect(asAdmin.signing.adminSeed).toBeDefined();
    asAdmin.lock();

    // admin -> operator: the slot that carried the admin seed and the staff key is destroyed at once, and
    // the vault waits for a rotation, whose slot for them carries neither.
    const { session: third } = await unlockWithPassphrase(deps, PASS);
    const [adminSlot] = await slotsOf(deps, third.vaultId, user.id);
    expect(await changeRole(deps, third, user.id, 'operator')).toEqual({});
    expect(await slotOpensFromImage(deps, third.vaultId, adminSlot!, 'olegs admin passphrase')).toBe(false);
    expect(third.rotationPending).toBe(true);
    const { session: rotated, oneTimePassphrases } = await rotateVaultKey(deps, third, { passphrase: PASS, recovery: { code: recoveryCode } });
    rotated.lock();
    const handedOver = oneTimePassphrases.find((g) => g.userId === user.id)!.passphrase;
    const { session: oneTime } = await unlockWithPassphrase(deps, handedOver);
    expect(oneTime.signing.adminSeed).toBeUndefined();
    oneTime.lock();
    const asOperator = await firstUnlock(deps, handedOver, 'olegs operator passphrase');
    expect(asOperator.signing.adminSeed).toBeUndefined();
    expect(() => asOperator.orgKeys()).toThrow(ForbiddenError);
    expect(asOperator.audit.entries().filter((e) => e.action === 'user.role-change')).toHaveLength(3);
  });
});

describe('admin: vault-key rotation', () => {
  it('re-seals everything under a new key; admin passphrase and recovery shares keep working; others get one-time passphrases', async () => {
    const { deps, admin } = await adminVault();
    const { shares } = await splitRecovery(deps, admin, { n: 3, k: 2 });
    const { user: sam, oneTimePassphrase: samOt } = await addUser(deps, admin, { name: 'Sam', role: 'staff' });
    const { user: oleg, oneTimePassphrase: olegOt } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    const { user: gone } = await addUser(deps, admin, { name: 'Gone', role: 'operator' });
    const keep = person({ alias: 'Keep' });
    const forget = person({ alias: 'Forget' });
    await admin.people.put(keep);
    await admin.people.put(forget);
    await admin.people.forget([forget.id]);
    await admin.events.append({ id: newId(), type: 'arrival', at: '2026-10-01T12:00:00.000Z', recordedAt: '2026-10-01T12:00:00.000Z', personId: keep.id, houseId: newId(), bedId: newId() });
    await suspendUser(deps, admin, gone.id);
    const orgRecipient = admin.orgKeys().ageRecipient;
    const before = admin.getSnapshot();
    const oldVaultId = admin.vaultId;
    const oldSlots = (await deps.db.vaults.get(oldVaultId))!.slots;
    // A snapshot of the old generation (its rows are opaque here): it goes with the generation.
    await deps.db.snapshots.add({ id: `${oldVaultId}/0`, vaultId: oldVaultId, snap: 'old', part: 0, parts: 1, data: new Uint8Array(64) });
    const oldRecovery = oldSlots.find((s) => s.kind === 'recovery')!;

    await expect(rotateVaultKey(deps, admin, { passphrase: 'not my passphrase', recovery: { shares: shares.slice(0, 2).map((s) => s.code) } })).rejects.toThrow(
      WrongPassphraseError,
    );
    await expect(rotateVaultKey(deps, admin, { passphrase: PASS, recovery: { shares: [shares[0]!.code] } })).rejects.toThrow(/2 shares are needed/);
    const foreign = await createVault((await testVault()).deps, { adminName: 'Eve', passphrase: PASS });
    await expect(rotateVaultKey(deps, admin, { passphrase: PASS, recovery: { code: foreign.recoveryCode } })).rejects.toThrow(WrongRecoveryKeyError);
    expect(admin.isLocked).toBe(false);

    const result = await rotateVaultKey(deps, admin, { passphrase: PASS, recovery: { shares: [shares[2]!.code, shares[0]!.code] } });
    const rotated = result.session;
    expect(admin.isLocked).toBe(true);
    expect(rotated.vaultId).not.toBe(oldVaultId);
    expect(result.duressCleared).toBe(false);
    expect(result.oneTimePassphrases.map((g) => g.userId).sort()).toEqual([sam.id, oleg.id].sort());
    const after = rotated.getSnapshot();
    for (const key of ['houses', 'rooms', 'beds', 'partners', 'people'] as const) expect([...after[key]]).toEqual([...before[key]]);
    // Users come back signed by the new admin key; the others each with the key of their new slot added.
    const roles = (users: ReadonlyMap<string, User>) => [...users.values()].map(({ id, name, role, status }) => ({ id, name, role, status }));
    expect(roles(after.users)).toEqual(roles(before.users));
    for (const user of after.users.values()) {
      const added = user.id === admin.user.id || user.status !== 'active' ? 0 : 1;
      expect(user.signingKeys!.length).toBe(before.users.get(user.id)!.signingKeys!.length + added);
    }
    expect(after.events).toEqual(before.events);
    expect(after.settings).toEqual(before.settings);
    expect(after.people.get(forget.id)).toBeUndefined();
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit.at(-1)).toMatchObject({ action: 'vault.key-rotate', details: { users: 2 } });
    expect(rotated.audit.verify().problems).toEqual([]);
    expect(rotated.orgKeys().ageRecipient).toBe(orgRecipient);

    // The old generation is gone: rows deleted, key file destroyed, so its slots are dead on a disk image.
    expect(await deps.db.vaults.get(oldVaultId)).toBeUndefined();
    expect(await deps.db.pages.where('vaultId').equals(oldVaultId).count()).toBe(0);
    expect(await deps.db.snapshots.where('vaultId').equals(oldVaultId).count()).toBe(0);
    expect(await deps.keyFiles.read(oldVaultId)).toBeNull();
    expect(await slotOpensFromImage(deps, oldVaultId, oldSlots.find((s) => s.kind === 'passphrase')!, PASS)).toBe(false);
    rotated.lock();

    const { session: me } = await unlockWithPassphrase(deps, PASS);
    expect(me.people.get(keep.id)).toEqual(keep);
    me.lock();
    expect((await unlockWithShares(deps, [shares[1]!.code, shares[2]!.code])).vaultId).toBe(rotated.vaultId);
    const samOtNew = result.oneTimePassphrases.find((g) => g.userId === sam.id)!.passphrase;
    await expect(unlockWithPassphrase(deps, samOt)).rejects.toThrow(WrongPassphraseError);
    const samSession = await firstUnlock(deps, samOtNew, 'sams own long passphrase');
    expect(samSession.orgKeys().ageRecipient).toBe(orgRecipient);
    expect(samSession.people.get(keep.id)).toEqual(keep);
    samSession.lock();
    await expect(unlockWithPassphrase(deps, olegOt)).rejects.toThrow(WrongPassphraseError);
    const olegSession = await firstUnlock(deps, result.oneTimePassphrases.find((g) => g.userId === oleg.id)!.passphrase, 'olegs own long passphrase');
    expect(() => olegSession.orgKeys()).toThrow(ForbiddenError);
    // The same recovery key still seeds the same backup key: old printed shares keep opening backups.
    const newRecovery = (await deps.db.vaults.get(rotated.vaultId))!.slots.find((s) => s.kind === 'recovery')!;
    expect(newRecovery.kind === 'recovery' && oldRecovery.kind === 'recovery' && newRecovery.backupKey === oldRecovery.backupKey).toBe(true);
  });

  it('refuses a vault with damaged items, and a recovery session', async () => {
    const { deps, admin, recoveryCode } = await adminVault();
    const before = new Set((await deps.db.pages.toArray()).map((r) => r.id));
    await admin.people.put(person());
    const target = (await deps.db.pages.toArray()).find((r) => !before.has(r.id))!;
    admin.lock();
    const recovered = await unlockWithRecoveryKey(deps, recoveryCode);
    await expect(rotateVaultKey(deps, recovered, { passphrase: PASS, recovery: { code: recoveryCode } })).rejects.toThrow(AdminChangeError);
    recovered.lock();
    const data = target.data.slice();
    data[60] = data[60]! ^ 1;
    await deps.db.pages.put({ ...target, data });
    const { session } = await unlockWithPassphrase(deps, PASS);
    await expect(rotateVaultKey(deps, session, { passphrase: PASS, recovery: { code: recoveryCode } })).rejects.toThrow(DamagedVaultError);
    expect((await deps.db.vaults.toArray()).map((r) => r.id)).toEqual([session.vaultId]);
  });
});

describe('admin: security settings', () => {
  it('the Argon2id cost chosen by the admin is used for new slots and raises old ones at their next unlock; never below the policy', async () => {
    const { deps, admin } = await adminVault();
    expect(securityOverview(admin)).toEqual({ kdf: null, lockOnSuspend: true, duressEnabled: false, wipeAfterFailedUnlocks: null });
    await expect(admin.security.update({ kdf: { alg: 'argon2id13', opsLimit: 2, memLimitBytes: 64 * 1024 * 1024 } })).rejects.toThrow(/minimum/);
    const strong = { alg: 'argon2id13' as const, opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 };
    await admin.security.update({ kdf: strong, lockOnSuspend: false });
    expect(admin.getSnapshot().security).toEqual({ kdf: strong, lockOnSuspend: false });
    expect(admin.audit.entries().at(-1)!.action).toBe('security.change');

    const { user } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    const [slot] = await slotsOf(deps, admin.vaultId, user.id);
    expect(slot!.kdf).toMatchObject(strong);
    const [adminSlot] = await slotsOf(deps, admin.vaultId, admin.user.id);
    expect(adminSlot!.kdf.opsLimit).toBe(1); // made at the test vault's cheap cost
    admin.lock();
    const { session, slotId } = await unlockWithPassphrase(deps, PASS);
    const [raised] = await slotsOf(deps, session.vaultId, session.user.id);
    expect(slotId).toBe(raised!.id);
    expect(raised!.kdf).toMatchObject(strong);
    expect(raised!.id).not.toBe(adminSlot!.id);
    expect(await slotOpensFromImage(deps, session.vaultId, adminSlot!, PASS)).toBe(false);
  });
});
