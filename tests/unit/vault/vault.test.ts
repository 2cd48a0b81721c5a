import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../src/core/model/ids';
import { getPeopleKek } from '../../../src/core/crypto/keyfile';
import { WrongPassphraseError, WrongRecoveryKeyError } from '../../../src/core/crypto/slots';
import { ForbiddenError } from '../../../src/core/roles';
import { VaultDb } from '../../../src/vault/db';
import { TAIL_MERGE_AT } from '../../../src/vault/page-log';
import { addUser } from '../../../src/vault/services/users';
import { activeVault } from '../../../src/vault/services/deps';
import { createVault } from '../../../src/vault/services/create';
import { replacePassphrase } from '../../../src/vault/services/passphrase';
import { unlockWithPassphrase, unlockWithRecoveryKey } from '../../../src/vault/services/unlock';
import { assessPassphrase, WeakPassphraseError } from '../../../src/core/passphrase';
import { dumpDb, keyFileWithoutWitness, PASS, person, testVault } from './helpers';
import { LockedError, UserUnreadableError, NoVaultError } from '../../../src/vault/errors';

/** The page row a write adds (page ids are random, so "the last row" means nothing). */
async function newPageOf(db: VaultDb, write: () => Promise<void>) {
  const before = new Set((await db.pages.toArray()).map((r) => r.id));
  await write();
  const added = (await db.pages.toArray()).filter((r) => !before.has(r.id));
  expect(added).toHaveLength(1);
  return added[0]!;
}

describe('vault: create, unlock, lock', () => {
  it('creates a vault whose data comes back after unlock', async () => {
    const { deps } = await testVault();
    await expect(unlockWithPassphrase(deps, PASS)).rejects.toThrow(NoVaultError);
    const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    expect(recoveryCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    expect(session.user).toMatchObject({ name: 'Ada', role: 'admin' });
    const p = person({ alias: 'Kolya' });
    await session.people.put(p);
    session.lock();

    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.people.get(p.id)).toEqual(p);
    expect(again.user.name).toBe('Ada');
    expect(again.audit.entries().map((e) => e.action)).toEqual(['vault.create', 'person.create', 'vault.unlock']);
  });

  it('a wrong passphrase is refused with one message and changes nothing on disk', async () => {
    const { deps, store } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await session.people.put(person());
    session.lock();
    const before = await dumpDb(deps.db);
    const keyFileBefore = await store.read(session.vaultId);
    for (let i = 0; i < 20; i++) {
      await expect(unlockWithPassphrase(deps, `wrong ${i} ${PASS}`)).rejects.toThrow(new WrongPassphraseError());
    }
    expect(await dumpDb(deps.db)).toEqual(before);
    expect(await store.read(session.vaultId)).toEqual(keyFileBefore);
  });

  it('lock zeroes the keys, drops the decrypted state and refuses further use', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await session.people.put(person({ alias: 'Secret Alias' }));
    const vaultKey = session.vaultKey;
    expect(vaultKey.some((b) => b !== 0)).toBe(true);
    let notified = 0;
    session.subscribe(() => notified++);
    session.lock();
    expect(vaultKey.every((b) => b === 0)).toBe(true);
    expect(notified).toBe(1);
    expect(session.isLocked).toBe(true);
    expect(session.getSnapshot().people.size).toBe(0);
    expect(JSON.stringify([...session.getSnapshot().users.values()])).not.toContain('Ada');
    await expect(session.people.put(person())).rejects.toThrow(LockedError);
    expect(() => session.vaultKey).toThrow(LockedError);
  });

  it('refuses weak passphrases with a reason, before anything is written', async () => {
    const { deps } = await testVault();
    await expect(createVault(deps, { adminName: 'Ada', passphrase: 'short' })).rejects.toThrow(new WeakPassphraseError('too-short'));
    await expect(createVault(deps, { adminName: 'Ada', passphrase: 'password1234' })).rejects.toThrow(new WeakPassphraseError('too-guessable'));
    await expect(createVault(deps, { adminName: 'Ada', passphrase: 'aaaaaaaaaaaaaaaa' })).rejects.toThrow(new WeakPassphraseError('too-guessable'));
    expect(await deps.db.vaults.count()).toBe(0);
    expect(assessPassphrase(PASS)).toMatchObject({ ok: true });
    expect(assessPassphrase('Ada Ada Ada Ada', ['Ada'])).toMatchObject({ ok: false, reason: 'too-guessable' });
  });
});

describe('vault: recovery key', () => {
  it('unlocks with the recovery key and forces a new passphrase', async () => {
    const { deps } = await testVault();
    const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const p = person();
    await session.people.put(p);
    const adminId = session.user.id;
    session.lock();

    await expect(unlockWithRecoveryKey(deps, recoveryCode.replace(/^..../, 'ZZZZ'))).rejects.toThrow();
    const recovered = await unlockWithRecoveryKey(deps, recoveryCode.toLowerCase().replaceAll('-', ' '));
    expect(recovered.mustSetPassphrase).toBe(true);
    expect(recovered.people.get(p.id)).toBeUndefined();
    await replacePassphrase(deps, recovered, adminId, 'a brand new passphrase here');
    recovered.lock();

    await expect(unlockWithPassphrase(deps, PASS)).rejects.toThrow(WrongPassphraseError);
    const { session: fresh } = await unlockWithPassphrase(deps, 'a brand new passphrase here');
    expect(fresh.user.id).toBe(adminId);
    expect(fresh.people.get(p.id)).toEqual(p);
  });

  it('a wrong but well-formed recovery key is refused', async () => {
    const { deps } = await testVault();
    await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const other = await testVault();
    const { recoveryCode: foreign } = await createVault(other.deps, { adminName: 'Eve', passphrase: PASS });
    await expect(unlockWithRecoveryKey(deps, foreign)).rejects.toThrow(WrongRecoveryKeyError);
  });
});

describe('vault: roles are enforced in the repositories', () => {
  it('an operator cannot touch partners, settings, users or the audit check', async () => {
    const { deps } = await testVault();
    const { session: admin } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const { oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    admin.lock();
    const { session: first } = await unlockWithPassphrase(deps, oneTimePassphrase);
    await replacePassphrase(deps, first, first.user.id, 'operator passphrase one');
    first.lock();
    const { session: operator } = await unlockWithPassphrase(deps, 'operator passphrase one');
    expect(operator.user).toMatchObject({ name: 'Oleg', role: 'operator' });
    await operator.people.put(person());
    await expect(operator.partners.put({ id: newId(), name: 'Partner' })).rejects.toThrow(ForbiddenError);
    await expect(operator.settings.update({ idleLockMinutes: 10 })).rejects.toThrow(ForbiddenError);
    await expect(operator.users.put({ id: newId(), name: 'X', role: 'admin', status: 'active' }, 'user.add')).rejects.toThrow(ForbiddenError);
    expect(() => operator.audit.verify()).toThrow(ForbiddenError);
    await expect(addUser(deps, operator, { name: 'Y', role: 'admin' })).rejects.toThrow(ForbiddenError);
    expect(() => operator.orgKeys()).toThrow(ForbiddenError);
  });
});

describe('vault: forgetting a person (crypto-shredding)', () => {
  it('after forgetting, no key opens the old record and the stay history is unchanged', async () => {
    const { deps, store } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const keep = person({ alias: 'Keep' });
    const drop = person({ alias: 'Drop' });
    await session.people.put(keep);
    await session.people.put(drop);
    const houseId = newId();
    const bedId = newId();
    await session.events.append({ id: newId(), type: 'arrival', at: '2026-10-01T12:00:00.000Z', recordedAt: '2026-10-01T12:00:00.000Z', personId: drop.id, houseId, bedId });
    const eventsBefore = session.events.all().length;
    const kekBefore = getPeopleKek((await deps.keyFiles.read(session.vaultId))!);

    await session.people.forget([drop.id]);
    expect(session.people.get(drop.id)).toBeUndefined();
    expect(session.people.get(keep.id)).toEqual(keep);
    expect(session.events.all()).toHaveLength(eventsBefore);
    const kfAfter = (await deps.keyFiles.read(session.vaultId))!;
    expect(getPeopleKek(kfAfter)).not.toEqual(kekBefore);
    expect(kfAfter.nextPeopleKek).toBeUndefined();
    expect(new TextDecoder().decode((await store.read(session.vaultId))!)).not.toContain(Buffer.from(kekBefore).toString('base64'));
    session.lock();

    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.people.get(drop.id)).toBeUndefined();
    expect(again.people.get(keep.id)).toEqual(keep);
    expect(again.events.all()).toHaveLength(eventsBefore);
    expect(again.getSnapshot().damaged).toEqual([]);
  });

  it('a rotation interrupted after the first key-file step is finished at the next unlock', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const p = person();
    await session.people.put(p);
    const { rotatePeopleKek } = await import('../../../src/core/crypto/keyfile');
    await deps.keyFiles.write(session.vaultId, rotatePeopleKek((await deps.keyFiles.read(session.vaultId))!));
    session.lock();
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.people.get(p.id)).toEqual(p);
    expect((await deps.keyFiles.read(again.vaultId))!.nextPeopleKek).toBeUndefined();
    again.lock();
    const { session: third } = await unlockWithPassphrase(deps, PASS);
    expect(third.people.get(p.id)).toEqual(p);
  });
});

describe('vault: integrity', () => {
  it('a damaged page is named, the rest stays readable and nothing is overwritten', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const first = person({ alias: 'First' });
    const second = person({ alias: 'Second' });
    await session.people.put(first);
    const target = await newPageOf(deps.db, () => session.people.put(second));
    session.lock();
    const damagedBytes = target.data.slice();
    damagedBytes[40] = damagedBytes[40]! ^ 0x01;
    await deps.db.pages.put({ ...target, data: damagedBytes });

    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.getSnapshot().damaged).toContainEqual({ store: 'pages', itemId: target.id, reason: 'ciphertext does not authenticate' });
    expect(again.health().map((d) => d.itemId)).toContain(target.id);
    expect(again.people.get(first.id)).toEqual(first);
    expect(again.people.get(second.id)).toBeUndefined();
    await again.people.put(person({ alias: 'Third' }));
    expect((await deps.db.pages.get(target.id))!.data).toEqual(damagedBytes);
  });

  it('a page whose user record is damaged points to the recovery key', async () => {
    const { deps } = await testVault();
    const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    session.lock();
    const [only] = await deps.db.pages.toArray();
    const data = only!.data.slice();
    data[50] = data[50]! ^ 0xff;
    await deps.db.pages.put({ ...only!, data });
    await expect(unlockWithPassphrase(deps, PASS)).rejects.toThrow(UserUnreadableError);
    const recovered = await unlockWithRecoveryKey(deps, recoveryCode);
    expect(recovered.health()).toContainEqual({ store: 'pages', itemId: only!.id, reason: 'ciphertext does not authenticate' });
  });

  it('a page moved to another vault or swapped with another row does not open', async () => {
    const a = await testVault('ws-shared-a');
    const { session } = await createVault(a.deps, { adminName: 'Ada', passphrase: PASS });
    const rows = [await newPageOf(a.deps.db, () => session.people.put(person())), await newPageOf(a.deps.db, () => session.people.put(person()))];
    session.lock();
    // Swap the contents of two rows.
    await a.deps.db.pages.bulkPut([
      { ...rows[0]!, data: rows[1]!.data },
      { ...rows[1]!, data: rows[0]!.data },
    ]);
    const { session: again } = await unlockWithPassphrase(a.deps, PASS);
    expect(again.getSnapshot().damaged.filter((d) => d.store === 'pages').map((d) => d.itemId).sort()).toEqual([rows[0]!.id, rows[1]!.id].sort());
  });

  it('a deleted page is detected through the sealed head', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await session.people.put(person());
    const last = await newPageOf(deps.db, () => session.people.put(person()));
    session.lock();
    await deps.db.pages.delete(last.id);
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.getSnapshot().damaged.some((d) => d.store === 'sequence' && d.reason === 'pages are missing')).toBe(true);
  });

  it('merges the small pages at the tail and keeps every record', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const people = Array.from({ length: TAIL_MERGE_AT + 5 }, (_, i) => person({ alias: `P${i}` }));
    for (const p of people) await session.people.put(p);
    const rows = await deps.db.pages.count();
    expect(rows).toBeLessThan(TAIL_MERGE_AT);
    session.lock();
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    for (const p of people) expect(again.people.get(p.id)).toEqual(p);
    expect(again.audit.verify().problems).toEqual([]);
  });
});

describe('vault: schema migration', () => {
  it('opens a version-1 database (no heads table) and adds the head on unlock', async () => {
    const name = `ws-migrate-${newId()}`;
    const t = await testVault(name);
    const { deps } = t;
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const p = person();
    await session.people.put(p);
    session.lock();
    // Schema version 1 was written by versions whose key file had no rollback witness.
    await keyFileWithoutWitness(t, session.vaultId);
    const vaults = await deps.db.vaults.toArray();
    const pages = await deps.db.pages.toArray();
    deps.db.close();
    await Dexie.delete(name);
    // Rebuild the database as schema version 1 wrote it.
    const v1 = new Dexie(name);
    v1.version(1).stores({ vaults: 'id, generation', pages: 'id, vaultId' });
    await v1.table('vaults').bulkAdd(vaults);
    await v1.table('pages').bulkAdd(pages);
    v1.close();

    const db = new VaultDb(name);
    const migrated = { ...deps, db };
    expect(await db.heads.count()).toBe(0);
    expect((await activeVault(db))?.id).toBe(session.vaultId);
    const { session: again } = await unlockWithPassphrase(migrated, PASS);
    expect(again.people.get(p.id)).toEqual(p);
    expect(again.getSnapshot().damaged).toEqual([]);
    expect(await db.heads.count()).toBe(1);
    // Version 3 added the snapshots table; an old vault has none and is read whole.
    expect(db.verno).toBe(3);
    expect(await db.snapshots.count()).toBe(0);
  });
});

describe('vault: batch writes', () => {
  it('writes many people and events as one page, whole or not at all', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const people = [person({ alias: 'One' }), person({ alias: 'Two' })];
    const arrival = { id: newId(), type: 'arrival' as const, at: '2026-10-01T12:00:00.000Z', recordedAt: '2026-10-01T12:00:00.000Z', personId: people[0]!.id, houseId: newId(), bedId: newId() };
    const pagesBefore = await deps.db.pages.count();
    await session.batch.write({ people, events: [arrival] }, { action: 'import.csv', details: { rows: 2 } });
    expect(await deps.db.pages.count()).toBe(pagesBefore + 1);
    expect(session.people.list().map((p) => p.alias).sort()).toEqual(['One', 'Two']);
    expect(session.events.all()).toHaveLength(1);

    // One invalid record refuses the whole batch: nothing is written.
    const before = await dumpDb(deps.db);
    await expect(session.batch.write({ people: [person({ alias: 'Three' }), { ...person(), alias: '' }] }, { action: 'import.csv', details: {} })).rejects.toThrow();
    expect(await dumpDb(deps.db)).toEqual(before);
    expect(session.people.list()).toHaveLength(2);
    session.lock();
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.people.list().map((p) => p.alias).sort()).toEqual(['One', 'Two']);
  });
});

describe('vault: people written in this session', () => {
  it('go into the state as written, without opening their sealed identity again', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const opened = vi.spyOn(deps.sodium, 'crypto_aead_xchacha20poly1305_ietf_decrypt');
    // Two writes without people: what a write decrypts anyway (the log's head).
    await session.batch.write({}, { action: 'import.csv', details: { rows: 0 } });
    await session.batch.write({}, { action: 'import.csv', details: { rows: 0 } });
    const baseline = opened.mock.calls.length;
    opened.mockClear();
    const people = Array.from({ length: 3 }, (_, i) => person({ alias: `P${i}` }));
    await session.batch.write({ people }, { action: 'import.csv', details: { rows: 3 } });
    await session.people.put({ ...people[0]!, alias: 'P0 edited' });
    // Two writes with people, nothing more decrypted: neither the new people nor the edited one were read back.
    expect(opened).toHaveBeenCalledTimes(baseline);
    opened.mockRestore();
    expect(session.people.get(people[1]!.id)).toEqual(people[1]);
    session.lock();
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(again.people.list().map((p) => p.alias).sort()).toEqual(['P0 edited', 'P1', 'P2']);
  });
});
