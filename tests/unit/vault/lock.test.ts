import { describe, expect, it } from 'vitest';
import { addUser } from '../../../src/vault/services/users';
import { createVault } from '../../../src/vault/services/create';
import { replacePassphrase } from '../../../src/vault/services/passphrase';
import { unlockWithPassphrase, unlockWithRecoveryKey } from '../../../src/vault/services/unlock';
import { PASS, person, testVault } from './helpers';
import { LockedError } from '../../../src/vault/errors';

describe('locking', () => {
  it('zeroes the keys before anything is written, then records the lock in the audit chain', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await session.people.put(person({ alias: 'Lock Canary' }));
    const key = session.vaultKey;
    const pagesBefore = await deps.db.pages.count();

    const written = session.lockAndRecord('vault.lock');
    // Synchronously: keys zeroed, state gone, nothing written yet.
    expect(key.every((b) => b === 0)).toBe(true);
    expect(session.isLocked).toBe(true);
    expect(session.getSnapshot().people.size).toBe(0);
    expect(() => session.vaultKey).toThrow(LockedError);
    expect(await deps.db.pages.count()).toBe(pagesBefore);

    await written;
    expect(await deps.db.pages.count()).toBe(pagesBefore + 1);
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.audit.entries().map((e) => e.action)).toEqual(['vault.create', 'person.create', 'vault.lock', 'vault.unlock']);
    expect(again.audit.verify().problems).toEqual([]);
    expect(again.getSnapshot().damaged).toEqual([]);
    again.lock();
  });

  it('leaves the entry out while another write is under way, so the chain stays whole', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const pending = session.people.put(person()).catch((error: unknown) => error);
    await session.lockAndRecord('vault.lock');
    await pending;
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.audit.entries().map((e) => e.action)).not.toContain('vault.lock');
    expect(again.audit.verify().problems).toEqual([]);
    again.lock();
  });
});

describe('a session that may only choose a passphrase opens no identity', () => {
  it('recovery key and one-time passphrase: no person decrypted; after the new passphrase, everyone is there', async () => {
    const { deps } = await testVault();
    const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const resident = person({ alias: 'Sealed Canary' });
    await session.people.put(resident);
    const { user, oneTimePassphrase } = await addUser(deps, session, { name: 'Oleg', role: 'staff' });
    session.lock();

    const recovered = await unlockWithRecoveryKey(deps, recoveryCode);
    expect(recovered.mustSetPassphrase).toBe(true);
    expect(recovered.getSnapshot().people.size).toBe(0);
    expect(recovered.people.get(resident.id)).toBeUndefined();
    recovered.lock();

    const { session: once } = await unlockWithPassphrase(deps, oneTimePassphrase);
    expect(once.mustSetPassphrase).toBe(true);
    expect(once.getSnapshot().people.size).toBe(0);
    await replacePassphrase(deps, once, user.id, 'oleg chooses a long passphrase');
    // Choosing the passphrase re-wraps nothing of anyone's identity into view.
    expect(once.getSnapshot().people.size).toBe(0);
    once.lock();

    const { session: own } = await unlockWithPassphrase(deps, 'oleg chooses a long passphrase');
    expect(own.people.get(resident.id)).toEqual(resident);
    own.lock();
  });
});
