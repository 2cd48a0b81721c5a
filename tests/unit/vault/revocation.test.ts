import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { open, seal } from '../../../src/core/crypto/envelope';
import { subkey, SubkeyPurpose } from '../../../src/core/crypto/kdf';
import { signUser } from '../../../src/core/crypto/signed-user';
import { newId } from '../../../src/core/model/ids';
import type { User } from '../../../src/core/model/user';
import { PAGE_FORMAT, PageLog, type StoredRecord } from '../../../src/vault/page-log';
import { decodePage, encodePage } from '../../../src/vault/page-codec';
import { createVault } from '../../../src/vault/services/create';
import type { VaultDeps } from '../../../src/vault/services/deps';
import { rotateVaultKey } from '../../../src/vault/services/rotation';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { addUser, changeRole, removeUser, suspendUser } from '../../../src/vault/services/users';
import type { Session } from '../../../src/vault/session';
import { RotationPendingError } from '../../../src/vault/errors';
import { attack, found, keyFilesIn } from './attacker';
import { captureIndexedDbWrites } from './capture';
import { firstUnlock, PASS, person, testVault, type TestVault } from './helpers';

/*
 * Removal revokes (docs/threat-model.md §24): an insider who copied the vault key and the key file
 * while they had access, and who keeps every row LevelDB ever held, is removed, suspended or demoted.
 * Until an admin rotates the vault key nothing new is written; after it, nothing written opens with
 * what they copied. The attacks run offline with only what that insider holds.
 */

const INSIDER_PASS = 'insider passphrase of their own';
const OTHER_PASS = 'another operator passphrase';

const REVOKE = {
  remove: (deps: VaultDeps, admin: Session, id: string) => removeUser(deps, admin, id),
  suspend: (deps: VaultDeps, admin: Session, id: string) => suspendUser(deps, admin, id),
  demote: (deps: VaultDeps, admin: Session, id: string) => changeRole(deps, admin, id, 'operator'),
};

/** A vault with its admin (Ada) and a staff member (the insider), who has chosen their own passphrase. */
async function vaultWithInsider(t: TestVault) {
  const { session: admin, recoveryCode } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
  const { user: insider, oneTimePassphrase } = await addUser(t.deps, admin, { name: 'Ivan', role: 'staff' });
  const { user: other, oneTimePassphrase: otherOt } = await addUser(t.deps, admin, { name: 'Olga', role: 'operator' });
  admin.lock();
  (await firstUnlock(t.deps, otherOt, OTHER_PASS)).lock();
  return { recoveryCode, insiderId: insider.id, otherId: other.id, insiderOt: oneTimePassphrase };
}

describe('a vault key and key file copied before a removal open nothing written after it', () => {
  let capture: ReturnType<typeof captureIndexedDbWrites>;
  beforeEach(() => {
    capture = captureIndexedDbWrites();
  });
  afterEach(() => capture.restore());

  it.each(Object.keys(REVOKE) as (keyof typeof REVOKE)[])('%s: writes refused until the rotation, then the copied keys read nothing new', async (kind) => {
    const t = await testVault();
    const { deps } = t;
    const { recoveryCode, insiderId, insiderOt } = await vaultWithInsider(t);
    const before = 'Quillon Beforehand';
    const after = { alias: 'Zephyrine Afterward', legalName: 'Xanthippe Laterova', notes: 'Came on the last ferry', house: 'Vellichor House' };

    // While they have access, the insider copies the vault key from their slot and the key-file folder.
    const insider = await firstUnlock(deps, insiderOt, INSIDER_PASS);
    await insider.people.put(person({ alias: before }));
    const copiedVaultKey = insider.vaultKey.slice();
    insider.lock();
    const copiedKeyFiles = await keyFilesIn(t.keyDir);

    const { session: admin } = await unlockWithPassphrase(deps, PASS);
    await REVOKE[kind](deps, admin, insiderId);
    expect(admin.rotationPending).toBe(true);
    // Nothing new under the old key: data writes are refused, for admins too, until the rotation.
    await expect(admin.people.put(person({ alias: after.alias }))).rejects.toThrow(RotationPendingError);
    await expect(admin.houses.put({ id: newId(), alias: after.house, city: 'Batumi' })).rejects.toThrow(RotationPendingError);

    const { session: rotated, oneTimePassphrases } = await rotateVaultKey(deps, admin, { passphrase: PASS, recovery: { code: recoveryCode } });
    expect(rotated.rotationPending).toBe(false);
    expect(oneTimePassphrases.some((g) => g.userId === insiderId)).toBe(kind === 'demote');
    await rotated.people.put(person({ alias: after.alias, legalName: after.legalName, notes: after.notes }));
    await rotated.houses.put({ id: newId(), alias: after.house, city: 'Batumi' });
    rotated.lock();

    // Offline, with the copied vault key, their own passphrase, the copied key files and the current
    // ones (same laptop account), against every row IndexedDB was ever given.
    const texts = await attack(t, capture.rows, {
      keyFiles: [...copiedKeyFiles, ...(await keyFilesIn(t.keyDir))],
      passphrases: [INSIDER_PASS],
      recoveryKeys: [],
      vaultKeys: [copiedVaultKey],
    });
    expect(found(texts, [before]), 'what was written before the removal opens: the attack can see').toEqual([before]);
    expect(found(texts, Object.values(after)), 'nothing written after the removal opens').toEqual([]);
  });
});

describe('the pending rotation cannot be cleared offline', () => {
  /** Rewrites every page of a vault in place (same id, same range), as an insider holding the vault key can. */
  async function rewritePages(deps: VaultDeps, vaultId: string, vaultKey: Uint8Array, edit: (r: StoredRecord) => StoredRecord): Promise<void> {
    const key = subkey(deps.sodium, vaultKey, SubkeyPurpose.records);
    for (const row of await deps.db.pages.where('vaultId').equals(vaultId).toArray()) {
      const aad = { vaultId, store: 'pages', itemId: row.id, version: PAGE_FORMAT };
      const { page } = decodePage(open(deps.sodium, key, aad, row.data));
      const data = seal(deps.sodium, key, aad, encodePage({ ...page, records: page.records.map(edit) }), { padBlock: 4096 });
      await deps.db.pages.put({ ...row, data });
    }
  }

  /** The insider is removed; returns the vault key they copied and their record as the admin signed it before. */
  async function removedInsider(t: TestVault) {
    const { insiderId, insiderOt, otherId } = await vaultWithInsider(t);
    const insider = await firstUnlock(t.deps, insiderOt, INSIDER_PASS);
    const copiedVaultKey = insider.vaultKey.slice();
    const vaultId = insider.vaultId;
    insider.lock();
    const { session: admin } = await unlockWithPassphrase(t.deps, PASS);
    const beforeRemoval = admin.users.get(insiderId)!;
    await removeUser(t.deps, admin, insiderId);
    admin.lock();
    return { insiderId, otherId, copiedVaultKey, vaultId, beforeRemoval };
  }

  /** Another operator, still active, unlocks: the vault must still refuse their writes. */
  async function otherOperatorIsRefused(deps: VaultDeps): Promise<void> {
    const { session } = await unlockWithPassphrase(deps, OTHER_PASS);
    expect(session.rotationPending).toBe(true);
    await expect(session.people.put(person())).rejects.toThrow(RotationPendingError);
    session.lock();
  }

  it('the mark stripped from the signed record, in place: the record is refused, writes stay blocked, health() names it', async () => {
    const t = await testVault();
    const { insiderId, copiedVaultKey, vaultId } = await removedInsider(t);
    await rewritePages(t.deps, vaultId, copiedVaultKey, (r) => {
      if (r.t !== 'user' || r.id !== insiderId) return r;
      const { rotationPending: _, ...stripped } = r.v as User;
      return { ...r, v: stripped };
    });
    await otherOperatorIsRefused(t.deps);
    const { session: admin } = await unlockWithPassphrase(t.deps, PASS);
    expect(admin.health()).toContainEqual(expect.objectContaining({ store: 'user', itemId: insiderId, reason: 'user record signature does not verify' }));
    expect(admin.rotationPending).toBe(true);
  });

  it('the record from before the removal put back, or one signed with a key of their own: refused, writes stay blocked', async () => {
    const t = await testVault();
    const { insiderId, copiedVaultKey, vaultId, beforeRemoval } = await removedInsider(t);
    const log = new PageLog(t.deps.db, t.deps.sodium, vaultId, subkey(t.deps.sodium, copiedVaultKey, SubkeyPurpose.records));
    await log.readAll();
    const ownKey = t.deps.sodium.crypto_sign_keypair().privateKey.slice(0, 32);
    await log.append([
      { t: 'user', id: insiderId, v: beforeRemoval },
      { t: 'user', id: insiderId, v: signUser(t.deps.sodium, ownKey, { ...beforeRemoval, revision: 99 }, undefined) },
    ]);
    await otherOperatorIsRefused(t.deps);
    const { session: admin } = await unlockWithPassphrase(t.deps, PASS);
    expect(admin.users.get(insiderId)).toMatchObject({ status: 'disabled', rotationPending: true });
  });
});
