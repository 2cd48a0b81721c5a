import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seal } from '../../../src/core/crypto/envelope';
import { subkey, SubkeyPurpose } from '../../../src/core/crypto/kdf';
import { KeyFileError, parseKeyFile } from '../../../src/core/crypto/keyfile';
import { newId } from '../../../src/core/model/ids';
import type { StayEvent } from '../../../src/core/model/stay-event';
import { allStays, fold } from '../../../src/core/occupancy';
import { addUser, changeRole } from '../../../src/vault/services/users';
import type { HeadRow, PageRow } from '../../../src/vault/db';
import { REASONS } from '../../../src/vault/log-check';
import { PAGE_FORMAT, TAIL_MERGE_AT } from '../../../src/vault/page-log';
import type { Session } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { captureIndexedDbWrites } from './capture';
import { keyFileWithoutWitness, PASS, testVault, type TestVault } from './helpers';

/*
 * Rollback and replay (docs/threat-model.md, "Rollback and replay"), performed as an insider who
 * holds the disk and no key: LevelDB's leftovers (every row IndexedDB was ever given, captured
 * below) and earlier copies of the profile. Each attack only puts rows back or deletes them; each
 * must be reported by health() with where it is, and must not change what the vault shows.
 */

let capture: ReturnType<typeof captureIndexedDbWrites>;
beforeEach(() => {
  capture = captureIndexedDbWrites();
});
afterEach(() => capture.restore());

/** Every page row ever written, in write order (LevelDB's leftovers included). */
const everyPage = () => capture.rows.filter((r) => r.store === 'pages').map((r) => r.value as PageRow);

/** The profile as a disk copy would hold it: the page and head rows. */
async function copyOfDisk(t: TestVault): Promise<{ pages: PageRow[]; heads: HeadRow[] }> {
  return { pages: await t.deps.db.pages.toArray(), heads: await t.deps.db.heads.toArray() };
}

async function putBack(t: TestVault, copy: { pages: PageRow[]; heads: HeadRow[] }): Promise<void> {
  const { db } = t.deps;
  await db.transaction('rw', db.pages, db.heads, async () => {
    await db.pages.clear();
    await db.heads.clear();
    await db.pages.bulkAdd(copy.pages);
    await db.heads.bulkAdd(copy.heads);
  });
}

const unlock = async (t: TestVault): Promise<Session> => (await unlockWithPassphrase(t.deps, PASS)).session;
const problems = (session: Session) => session.health().map(({ store, itemId, reason, at }) => ({ store, itemId, reason, at }));

async function newVault(): Promise<{ t: TestVault; admin: Session }> {
  const t = await testVault();
  const { session: admin } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
  return { t, admin };
}

/** Enough pages for the tail to be merged: the pages written so far are deleted rows afterwards. */
async function mergeTail(session: Session): Promise<void> {
  for (let i = 0; i < TAIL_MERGE_AT; i++) await session.recordAudit('report.view', {});
}

describe('replayed pages (kept by LevelDB after the tail merge)', () => {
  it('a page put back is reported by id and range and not read: a demoted admin stays demoted', async () => {
    const { t, admin } = await newVault();
    const { user: oleg } = await addUser(t.deps, admin, { name: 'Oleg', role: 'admin' });
    const olegId = oleg.id;
    await changeRole(t.deps, admin, olegId, 'operator');
    await mergeTail(admin);
    const live = new Set((await t.deps.db.pages.toArray()).map((p) => p.id));
    const gone = everyPage().filter((p) => !live.has(p.id));
    expect(gone.length, 'the tail merge deleted pages').toBeGreaterThan(0);
    admin.lock();

    await t.deps.db.pages.bulkPut(gone);

    const session = await unlock(t);
    expect(session.users.get(olegId)?.role).toBe('operator');
    const reported = problems(session).filter((p) => p.reason === REASONS.notListed);
    expect(reported.map((p) => p.itemId).sort()).toEqual(gone.map((p) => p.id).sort());
    for (const p of reported) expect(p.at).toMatch(/^\d+-\d+$/);
  });

  it('a page put back overlaps the merged page that holds its records: reported as an overlapping range', async () => {
    const { t, admin } = await newVault();
    await mergeTail(admin);
    const live = new Set((await t.deps.db.pages.toArray()).map((p) => p.id));
    const gone = everyPage().filter((p) => !live.has(p.id));
    admin.lock();

    await t.deps.db.pages.bulkPut(gone);

    const session = await unlock(t);
    const overlapping = problems(session).filter((p) => p.reason === REASONS.overlapping);
    expect(overlapping.map((p) => p.itemId).sort()).toEqual(gone.map((p) => p.id).sort());
  });
});

describe('an earlier copy of the disk', () => {
  it('head and pages rolled back while main’s witness is newer: reported, and the gap stays reported after new writes', async () => {
    const { t, admin } = await newVault();
    await admin.recordAudit('report.view', {});
    const earlier = await copyOfDisk(t);
    const before = admin.audit.entries().length;
    await admin.recordAudit('export.csv', {});
    await admin.recordAudit('export.csv', {});
    admin.lock();
    const witness = parseKeyFile((await t.store.read(admin.vaultId))!).lastSeq!;

    await putBack(t, earlier);

    const session = await unlock(t);
    const headSeq = witness - 2;
    expect(problems(session)).toEqual(
      expect.arrayContaining([
        { store: 'head', itemId: session.vaultId, reason: REASONS.headOlder, at: `${headSeq}<${witness}` },
        { store: 'sequence', itemId: `${headSeq + 1}-${witness}`, reason: REASONS.missing, at: undefined },
      ]),
    );
    // What the rolled-back copy held, and this unlock's own entry.
    expect(session.audit.entries().length).toBe(before + 1);
    // Writing on does not paper over it: sequence numbers are never reused.
    await session.recordAudit('report.view', {});
    session.lock();
    const again = await unlock(t);
    expect(problems(again)).toContainEqual({ store: 'sequence', itemId: `${headSeq + 1}-${witness}`, reason: REASONS.missing, at: undefined });
  });

  it('the newest page deleted with the head row: reported, and the head written by the next write does not paper over it', async () => {
    const { t, admin } = await newVault();
    await admin.recordAudit('report.view', {});
    await admin.recordAudit('export.csv', {});
    admin.lock();
    const newest = everyPage().at(-1)!;
    const witness = parseKeyFile((await t.store.read(admin.vaultId))!).lastSeq!;

    await t.deps.db.pages.delete(newest.id);
    await t.deps.db.heads.clear();

    const session = await unlock(t);
    expect(problems(session)).toEqual(
      expect.arrayContaining([
        { store: 'head', itemId: session.vaultId, reason: REASONS.headMissing, at: undefined },
        { store: 'sequence', itemId: `${witness}-${witness}`, reason: REASONS.missing, at: undefined },
      ]),
    );
    session.lock();
    const again = await unlock(t);
    expect(problems(again)).toContainEqual({ store: 'sequence', itemId: `${witness}-${witness}`, reason: REASONS.missing, at: undefined });
  });

  it('the whole profile and the key file restored together cannot be told from the real thing (the stated limit); pages of the lost timeline put back later are', async () => {
    const { t, admin } = await newVault();
    await admin.recordAudit('report.view', {});
    const keyFilePath = path.join(t.keyDir, `${admin.vaultId}.key`);
    const earlier = await copyOfDisk(t);
    // A copy of the vault at rest: once main has answered the write's raise (a read comes after it).
    await t.store.read(admin.vaultId);
    const earlierKeyFile = await readFile(keyFilePath);
    await admin.recordAudit('export.csv', {});
    // The restore happens at rest too: after main has answered this write's raise, not racing it.
    await t.store.read(admin.vaultId);
    admin.lock();
    const lostTimeline = everyPage().at(-1)!;

    await putBack(t, earlier);
    await writeFile(keyFilePath, earlierKeyFile);

    const restored = await unlock(t);
    expect(problems(restored), 'without hardware, a full restore is invisible').toEqual([]);
    await restored.recordAudit('report.view', {});
    restored.lock();
    const sameRange = everyPage().at(-1)!;

    await t.deps.db.pages.put(lostTimeline);

    const session = await unlock(t);
    const found = problems(session).filter((p) => p.itemId === lostTimeline.id || p.itemId === sameRange.id);
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ itemId: lostTimeline.id, reason: REASONS.repeated })]));
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ itemId: lostTimeline.id, reason: REASONS.notListed })]));
  });
});

describe('a vault written before heads listed their pages', () => {
  /** Turns the vault into what an older version left: a head without a list, a key file without a witness. */
  async function asOlderVersion(t: TestVault, admin: Session): Promise<void> {
    const records = subkey(t.deps.sodium, admin.vaultKey, SubkeyPurpose.records);
    const lastSeq = parseKeyFile((await t.store.read(admin.vaultId))!).lastSeq!;
    const aad = { vaultId: admin.vaultId, store: 'head', itemId: admin.vaultId, version: PAGE_FORMAT };
    const data = seal(t.deps.sodium, records, aad, new TextEncoder().encode(JSON.stringify({ lastSeq })));
    await t.deps.db.heads.put({ vaultId: admin.vaultId, data });
    await keyFileWithoutWitness(t, admin.vaultId);
  }

  it('is upgraded on read: opens without damage, then lists its pages and main keeps a witness, so a replay is seen', async () => {
    const { t, admin } = await newVault();
    await mergeTail(admin);
    const live = new Set((await t.deps.db.pages.toArray()).map((p) => p.id));
    const gone = everyPage().filter((p) => !live.has(p.id));
    await asOlderVersion(t, admin);
    admin.lock();

    const upgraded = await unlock(t);
    expect(problems(upgraded)).toEqual([]);
    upgraded.lock();
    expect(parseKeyFile((await t.store.read(upgraded.vaultId))!).lastSeq).toBeGreaterThan(0);

    await t.deps.db.pages.bulkPut(gone);
    const session = await unlock(t);
    expect(problems(session).filter((p) => p.reason === REASONS.notListed).map((p) => p.itemId).sort()).toEqual(gone.map((p) => p.id).sort());
  });

  it('an old head put back after the upgrade is reported', async () => {
    const { t, admin } = await newVault();
    await admin.recordAudit('report.view', {});
    await asOlderVersion(t, admin);
    const oldHead = (await t.deps.db.heads.toArray())[0]!;
    admin.lock();
    (await unlock(t)).lock();

    await t.deps.db.heads.put(oldHead);

    const session = await unlock(t);
    expect(problems(session).map((p) => p.reason)).toContain(REASONS.headOld);
  });

  it('a stay event replayed before the upgrade is counted once', async () => {
    const { t, admin } = await newVault();
    const houseId = newId();
    const roomId = newId();
    const bedId = newId();
    await admin.houses.put({ id: houseId, alias: 'Blue', city: 'Tbilisi' });
    await admin.rooms.put({ id: roomId, houseId, name: 'Upstairs', capacity: 2 });
    await admin.beds.put({ id: bedId, roomId, label: 'A' });
    const arrival: StayEvent = { id: newId(), type: 'arrival', at: '2026-10-01T12:00:00.000Z', recordedAt: '2026-10-01T12:00:00.000Z', personId: newId(), houseId, bedId };
    await admin.events.append(arrival);
    await mergeTail(admin);
    const live = new Set((await t.deps.db.pages.toArray()).map((p) => p.id));
    const gone = everyPage().filter((p) => !live.has(p.id));
    await asOlderVersion(t, admin);
    admin.lock();

    // Before the first unlock by this version: the head lists nothing yet, so every page found is read.
    await t.deps.db.pages.bulkPut(gone);

    const session = await unlock(t);
    expect(session.events.all().filter((e) => e.id === arrival.id).length, 'the replay is read').toBeGreaterThan(1);
    expect(problems(session).map((p) => p.reason)).toContain(REASONS.overlapping);
    const s = session.getSnapshot();
    const state = fold(session.events.all(), { houses: [...s.houses.values()], rooms: [...s.rooms.values()], beds: [...s.beds.values()] });
    expect(allStays(state)).toHaveLength(1);
    expect(state.rejected).toEqual([]);
  });
});

describe('main’s witness, raised without the write waiting for its answer', () => {
  it('is raised by each write before anything asked of main after it: the key file read next holds the write’s number', async () => {
    const { t, admin } = await newVault();
    const witness = async () => parseKeyFile((await t.store.read(admin.vaultId))!).lastSeq!;
    // The vault's first page was written inside the creating transaction: main hears at the next write.
    await admin.recordAudit('report.view', {});
    const first = await witness();
    for (let i = 1; i <= 3; i++) {
      await admin.recordAudit('report.view', {});
      expect(await witness()).toBe(first + i);
    }
  });

  it('a raise main refuses stops the writes after it: the next one is refused and writes nothing', async () => {
    const { t, admin } = await newVault();
    // Main's witness ahead of the log, as after a rollback made while the vault was open.
    await t.store.advance(admin.vaultId, 1000);
    await admin.recordAudit('report.view', {});
    // Main has answered (a read runs after the raise sent before it).
    await t.store.read(admin.vaultId);
    const pages = await copyOfDisk(t);
    await expect(admin.recordAudit('export.csv', {})).rejects.toThrow(KeyFileError);
    expect(await copyOfDisk(t)).toEqual(pages);
  });
});
