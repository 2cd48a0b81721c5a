import { readdir } from 'node:fs/promises';
import { toBase64Url } from '../../../src/core/crypto/bytes';
import { newKeyFile, serializeKeyFile } from '../../../src/core/crypto/keyfile';
import { describe, expect, it } from 'vitest';
import { WrongPassphraseError } from '../../../src/core/crypto/slots';
import { ForbiddenError } from '../../../src/core/roles';
import { addUser } from '../../../src/vault/services/users';
import { securityOverview } from '../../../src/vault/services/security-overview';
import { setDuressPassphrase } from '../../../src/vault/services/duress';
import { setWipeAfterFailedUnlocks, unlockAttemptsLeft, wipeDevice } from '../../../src/vault/services/wipe';
import { activeVault } from '../../../src/vault/services/deps';
import { createVault } from '../../../src/vault/services/create';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { dumpDb, firstUnlock, PASS, testVault, wireMainWipe } from './helpers';
import { NoVaultError } from '../../../src/vault/errors';

describe('wipe', () => {
  it('destroys the key files of every generation, deletes the database, clears storage: back to first run', async () => {
    const t = await testVault();
    const { cleared, practice } = wireMainWipe(t);
    const { deps, store } = t;
    const practiceId = toBase64Url(new Uint8Array(16).fill(7));
    await practice.store.write(practiceId, serializeKeyFile(newKeyFile()));
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await setDuressPassphrase(deps, session, 'the weather is lovely today');
    const realId = session.vaultId;
    session.lock();
    const { session: decoy } = await unlockWithPassphrase(deps, 'the weather is lovely today');
    expect(await store.read(realId)).not.toBeNull();

    await wipeDevice(deps, decoy);
    expect(decoy.isLocked).toBe(true);
    expect(await activeVault(deps.db)).toBeUndefined();
    expect(await deps.db.pages.count()).toBe(0);
    expect(await store.read(realId)).toBeNull();
    expect(await store.read(decoy.vaultId)).toBeNull();
    // The key folders themselves are gone, the practice vault's too (nothing to find on the disk).
    await expect(readdir(t.keyDir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readdir(practice.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(cleared).toEqual(['storage']);
    await expect(unlockWithPassphrase(deps, PASS)).rejects.toThrow(NoVaultError);
    // First run works again on the same profile.
    const { session: fresh } = await createVault(deps, { adminName: 'Bea', passphrase: 'a new beginning passphrase' });
    expect(fresh.user.name).toBe('Bea');
  });

  it('is for admins only', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const { oneTimePassphrase } = await addUser(deps, session, { name: 'Sam', role: 'staff' });
    session.lock();
    const staff = await firstUnlock(deps, oneTimePassphrase, 'sams own long passphrase');
    await expect(wipeDevice(deps, staff)).rejects.toThrow(ForbiddenError);
    expect(await activeVault(deps.db)).toBeDefined();
  });
});

describe('failed unlocks', () => {
  it('are counted in memory (nothing written anywhere) and recorded with their count at the next unlock', async () => {
    const { deps, store } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    session.lock();
    const db = await dumpDb(deps.db);
    const keyFile = await store.read(session.vaultId);
    for (let i = 0; i < 4; i++) await expect(unlockWithPassphrase(deps, `wrong ${i} passphrase`)).rejects.toThrow(WrongPassphraseError);
    expect(await dumpDb(deps.db)).toEqual(db);
    expect(await store.read(session.vaultId)).toEqual(keyFile);
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    // The admin's unlock entry also carries its checkpoint of the chain (core/audit/checkpoint.ts).
    expect(again.audit.entries().slice(-2).map((e) => [e.action, e.details['count'] ?? e.details['checkpointCount']])).toEqual([
      ['vault.unlock-failed', 4],
      ['vault.unlock', again.audit.entries().length - 1],
    ]);
    again.lock();
    const { session: third } = await unlockWithPassphrase(deps, PASS);
    expect(third.audit.entries().filter((e) => e.action === 'vault.unlock-failed')).toHaveLength(1);
  });

  it('wipe the device after N in a row when the guard is on; the counter lives in the key file, IndexedDB is untouched', async () => {
    const t = await testVault();
    const { cleared } = wireMainWipe(t);
    const { deps, store } = t;
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await setWipeAfterFailedUnlocks(deps, session, 3);
    expect(securityOverview(session).wipeAfterFailedUnlocks).toBe(3);
    expect(session.audit.entries().at(-1)).toMatchObject({ action: 'security.wipe-after', details: { wipeAfter: 3 } });
    const vaultId = session.vaultId;
    session.lock();

    const db = await dumpDb(deps.db);
    for (let i = 0; i < 2; i++) await expect(unlockWithPassphrase(deps, `wrong ${i} passphrase`)).rejects.toThrow(WrongPassphraseError);
    expect(await dumpDb(deps.db)).toEqual(db);
    expect((await deps.keyFiles.read(vaultId))!.unlockGuard).toEqual({ failures: 2, wipeAfter: 3 });
    // What the unlock screen shows while locked.
    expect(await unlockAttemptsLeft(deps)).toBe(1);
    // A success resets the count (and records it).
    const { session: ok } = await unlockWithPassphrase(deps, PASS);
    expect(ok.audit.entries().at(-2)).toMatchObject({ action: 'vault.unlock-failed', details: { count: 2 } });
    expect((await deps.keyFiles.read(vaultId))!.unlockGuard).toEqual({ failures: 0, wipeAfter: 3 });
    ok.lock();

    for (let i = 0; i < 3; i++) await expect(unlockWithPassphrase(deps, `wrong ${i} passphrase`)).rejects.toThrow(WrongPassphraseError);
    expect(await activeVault(deps.db)).toBeUndefined();
    expect(await store.read(vaultId)).toBeNull();
    expect(cleared).toEqual(['storage']);
    await expect(unlockWithPassphrase(deps, PASS)).rejects.toThrow(NoVaultError);
  });

  it('turning the guard off removes the counter from the key file', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await setWipeAfterFailedUnlocks(deps, session, 5);
    expect(await unlockAttemptsLeft(deps)).toBe(5);
    await setWipeAfterFailedUnlocks(deps, session, null);
    expect(await unlockAttemptsLeft(deps)).toBeNull();
    expect((await deps.keyFiles.read(session.vaultId))!.unlockGuard).toBeUndefined();
    expect(securityOverview(session).wipeAfterFailedUnlocks).toBeNull();
    await expect(setWipeAfterFailedUnlocks(deps, session, 0)).rejects.toThrow(RangeError);
  });
});
