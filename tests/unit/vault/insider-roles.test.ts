import { beforeAll, describe, expect, it } from 'vitest';
import { subkey, SubkeyPurpose } from '../../../src/core/crypto/kdf';
import { signUser } from '../../../src/core/crypto/signed-user';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { newId } from '../../../src/core/model/ids';
import type { User } from '../../../src/core/model/user';
import { PageLog } from '../../../src/vault/page-log';
import { createVault } from '../../../src/vault/services/create';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { addUser } from '../../../src/vault/services/users';
import { firstUnlock, PASS, testVault, type TestVault } from './helpers';

/**
 * The insider of docs/threat-model.md "Insiders": an operator with their own passphrase, the key file
 * and a copy of the profile, working offline. They unwrap the vault key from their own slot and write
 * pages the app itself would refuse to write.
 */
let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const OPERATOR_PASS = 'operator passphrase of my own';

async function vaultWithOperator(): Promise<{ t: TestVault; adminId: string; olegId: string }> {
  const t = await testVault();
  const { session: admin } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
  const { user, oneTimePassphrase } = await addUser(t.deps, admin, { name: 'Oleg', role: 'operator' });
  const adminId = admin.user.id;
  admin.lock();
  (await firstUnlock(t.deps, oneTimePassphrase, OPERATOR_PASS)).lock();
  return { t, adminId, olegId: user.id };
}

/** What the insider writes: user records appended as a page sealed under the vault key of their own slot. */
async function insiderWrites(t: TestVault, forge: (users: ReadonlyMap<string, User>, seed: Uint8Array) => User[]): Promise<void> {
  const { session } = await unlockWithPassphrase(t.deps, OPERATOR_PASS);
  const records = forge(session.getSnapshot().users, session.signing.userSeed!.slice()).map((v) => ({ t: 'user', id: v.id, v }));
  const log = new PageLog(t.deps.db, sodium, session.vaultId, subkey(sodium, session.vaultKey, SubkeyPurpose.records));
  session.lock();
  await log.readAll(); // where the log ends, as the app would find it
  await log.append(records);
}

describe('roles are signatures: an insider holding the vault key cannot forge them', () => {
  it('making oneself admin, suspending the admin and adding a user: all refused on load and named by health()', async () => {
    const { t, adminId, olegId } = await vaultWithOperator();
    const mallory = newId();
    await insiderWrites(t, (users, ownSeed) => [
      { ...users.get(olegId)!, role: 'admin' },
      // Signed, but with the insider's own key: only the admin key counts.
      signUser(sodium, ownSeed, { ...users.get(adminId)!, status: 'disabled' }, users.get(adminId)),
      { id: mallory, name: 'Mallory', role: 'admin', status: 'active' },
    ]);

    const { session: admin } = await unlockWithPassphrase(t.deps, PASS);
    expect(admin.user).toMatchObject({ id: adminId, role: 'admin', status: 'active' });
    expect(admin.users.get(olegId)).toMatchObject({ role: 'operator' });
    expect(admin.users.get(mallory)).toBeUndefined();
    expect(admin.health().filter((d) => d.store === 'user').map((d) => [d.itemId, d.reason])).toEqual([
      // Their own record with the role changed: the admin's signature no longer fits.
      [olegId, 'user record signature does not verify'],
      [adminId, 'user record signature does not verify'],
      [mallory, 'user record not signed by the admin key'],
    ]);
    admin.lock();
    // The insider's own session is not fooled either: their slot names the admin key they trust.
    const { session: oleg } = await unlockWithPassphrase(t.deps, OPERATOR_PASS);
    expect(oleg.user.role).toBe('operator');
  });

  it('an older admin-signed record put back is refused as replayed', async () => {
    const { t, olegId } = await vaultWithOperator();
    const { session: admin } = await unlockWithPassphrase(t.deps, PASS);
    await admin.users.put({ ...admin.users.get(olegId)!, status: 'disabled' }, 'user.suspend');
    await admin.users.put({ ...admin.users.get(olegId)!, status: 'active' }, 'user.reactivate');
    // The record of when Oleg was active, as an earlier copy of the disk holds it (admin-signed).
    const activeSigned = admin.users.get(olegId)!;
    await admin.users.put({ ...activeSigned, status: 'disabled' }, 'user.suspend');
    const vaultKey = admin.vaultKey.slice();
    const vaultId = admin.vaultId;
    admin.lock();
    const log = new PageLog(t.deps.db, sodium, vaultId, subkey(sodium, vaultKey, SubkeyPurpose.records));
    await log.readAll();
    await log.append([{ t: 'user', id: olegId, v: activeSigned }]);
    const { session: again } = await unlockWithPassphrase(t.deps, PASS);
    expect(again.users.get(olegId)).toMatchObject({ status: 'disabled' });
    expect(again.health()).toContainEqual(expect.objectContaining({ store: 'user', itemId: olegId, reason: 'older user record put back' }));
  });
});
