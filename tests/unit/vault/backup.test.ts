import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { BackupOpenError } from '../../../src/core/crypto/backup';
import { WrongPassphraseError } from '../../../src/core/crypto/slots';
import { newId } from '../../../src/core/model/ids';
import { ForbiddenError } from '../../../src/core/roles';
import { addUser } from '../../../src/vault/services/users';
import { splitRecovery } from '../../../src/vault/services/recovery';
import { backupFileName, createBackup, restoreBackup } from '../../../src/vault/services/backup';
import type { Session, VaultState } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import { replacePassphrase } from '../../../src/vault/services/passphrase';
import { unlockWithPassphrase, unlockWithRecoveryKey } from '../../../src/vault/services/unlock';
import { type VaultDeps } from '../../../src/vault/services/deps';
import { dumpDb, firstUnlock, PASS, person, testVault } from './helpers';
import { RestoreTargetNotEmptyError } from '../../../src/vault/errors';

const OLEG = 'olegs own long passphrase';

/** A vault with something of every kind: users, a house, people (one forgotten), events, changed settings. */
async function populated(deps: VaultDeps) {
  const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
  const { oneTimePassphrase } = await addUser(deps, session, { name: 'Oleg', role: 'operator' });
  const houseId = newId();
  const roomId = newId();
  const bedId = newId();
  await session.houses.put({ id: houseId, alias: 'Blue', city: 'Tbilisi' });
  await session.rooms.put({ id: roomId, houseId, name: 'Upstairs', capacity: 2 });
  await session.beds.put({ id: bedId, roomId, label: 'A' });
  const kolya = person({ alias: 'Kolya-canary' });
  const gone = person({ alias: 'Gone' });
  await session.people.put(kolya);
  await session.people.put(gone);
  await session.people.forget([gone.id]);
  await session.events.append({ id: newId(), type: 'arrival', at: '2026-10-01T12:00:00.000Z', recordedAt: '2026-10-01T12:00:00.000Z', personId: kolya.id, houseId, bedId });
  await session.settings.update({ locale: 'ru', idleLockMinutes: 9 });
  session.lock();
  const { session: first } = await unlockWithPassphrase(deps, oneTimePassphrase);
  await replacePassphrase(deps, first, first.user.id, OLEG);
  first.lock();
  const { session: admin } = await unlockWithPassphrase(deps, PASS);
  return { admin, recoveryCode, kolya };
}

function folded(state: VaultState) {
  return {
    people: [...state.people.entries()],
    events: state.events,
    houses: [...state.houses.entries()],
    rooms: [...state.rooms.entries()],
    beds: [...state.beds.entries()],
    partners: [...state.partners.entries()],
    users: [...state.users.entries()],
    settings: state.settings,
    security: state.security,
  };
}

async function restoredSession(deps: VaultDeps): Promise<Session> {
  return (await unlockWithPassphrase(deps, PASS)).session;
}

describe('encrypted backup and restore', () => {
  it('restores everything into an empty profile: state, audit chain, passphrases, recovery key, people identities', async () => {
    const source = await testVault();
    const { admin, recoveryCode, kolya } = await populated(source.deps);
    const bytes = await createBackup(source.deps, admin, {});
    const before = admin.getSnapshot();
    expect(before.audit.at(-1)!.action).toBe('backup.export');
    // age format; no plaintext inside.
    expect(new TextDecoder().decode(bytes.subarray(0, 21))).toBe('age-encryption.org/v1');
    expect(Buffer.from(bytes).includes(Buffer.from('Kolya-canary'))).toBe(false);
    expect(Buffer.from(bytes).includes(Buffer.from('Oleg'))).toBe(false);

    const target = await testVault();
    await expect(restoreBackup(target.deps, bytes, { code: recoveryCode.replace(/^.{4}/, 'ZZZZ') })).rejects.toThrow();
    expect(await target.deps.db.vaults.count()).toBe(0);
    await restoreBackup(target.deps, bytes, { code: recoveryCode });

    const restored = await restoredSession(target.deps);
    const after = restored.getSnapshot();
    expect(folded(after)).toEqual(folded(before));
    expect(after.people.get(kolya.id)).toEqual(kolya);
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit.slice(before.audit.length).map((e) => e.action)).toEqual(['vault.restore', 'vault.unlock']);
    expect(restored.audit.verify().problems).toEqual([]);
    expect(after.damaged).toEqual([]);
    expect(restored.orgKeys().ageRecipient).toBe(admin.orgKeys().ageRecipient);
    restored.lock();
    expect((await unlockWithPassphrase(target.deps, OLEG)).session.user.name).toBe('Oleg');
    expect((await unlockWithRecoveryKey(target.deps, recoveryCode)).vaultId).toBe(restored.vaultId);
  });

  it('opens with k recovery shares, or with an age identity the admin added (what `age -d -i` does)', async () => {
    const source = await testVault();
    const { admin } = await populated(source.deps);
    const { shares } = await splitRecovery(source.deps, admin, { n: 3, k: 2 });
    const identity = await generateX25519Identity();
    const bytes = await createBackup(source.deps, admin, { ageRecipients: [await identityToRecipient(identity)] });
    const before = folded(admin.getSnapshot());

    const byShares = await testVault();
    await restoreBackup(byShares.deps, bytes, { shares: [shares[2]!.code, shares[0]!.code] });
    expect(folded((await restoredSession(byShares.deps)).getSnapshot())).toEqual(before);

    const byIdentity = await testVault();
    await restoreBackup(byIdentity.deps, bytes, { ageIdentity: identity });
    expect(folded((await restoredSession(byIdentity.deps)).getSnapshot())).toEqual(before);
    // A standard age decrypter with only that identity reads the file: the recovery stanza is skipped.
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    expect(JSON.parse(await decrypter.decrypt(bytes, 'text'))).toMatchObject({ format: 'waystation-backup', version: 1 });

    const stranger = await testVault();
    await expect(restoreBackup(stranger.deps, bytes, { ageIdentity: await generateX25519Identity() })).rejects.toThrow(BackupOpenError);
    await expect(createBackup(source.deps, admin, { ageRecipients: ['age1pq1notallowed'] })).rejects.toThrow(BackupOpenError);
  });

  it('refuses a profile that already has a vault, and a damaged file, writing nothing', async () => {
    const source = await testVault();
    const { admin, recoveryCode } = await populated(source.deps);
    const bytes = await createBackup(source.deps, admin);
    const snapshot = await dumpDb(source.deps.db);
    await expect(restoreBackup(source.deps, bytes, { code: recoveryCode })).rejects.toThrow(RestoreTargetNotEmptyError);
    expect(await dumpDb(source.deps.db)).toEqual(snapshot);

    const target = await testVault();
    const damaged = bytes.slice();
    damaged[damaged.length - 10]! ^= 1;
    await expect(restoreBackup(target.deps, damaged, { code: recoveryCode })).rejects.toThrow(BackupOpenError);
    expect(await target.deps.db.vaults.count()).toBe(0);
    expect(await target.store.read(admin.vaultId)).toBeNull();
  });

  it('is for admins only, and the file name says nothing', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const { oneTimePassphrase } = await addUser(deps, session, { name: 'Sam', role: 'staff' });
    session.lock();
    const staff = await firstUnlock(deps, oneTimePassphrase, 'sams own long passphrase');
    await expect(createBackup(deps, staff)).rejects.toThrow(ForbiddenError);
    expect(backupFileName(new Date('2026-11-20T10:00:00Z'))).toBe('waystation-2026-11-20.age');
    await expect(unlockWithPassphrase(deps, 'nope nope nope nope')).rejects.toThrow(WrongPassphraseError);
  });
});
