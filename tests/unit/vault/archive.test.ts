import { describe, expect, it } from 'vitest';
import { archiveCutoff, fold, housesAt, occupancyOver, residentsAt, type OccupancyState } from '../../../src/core/occupancy';
import { occupancyOf, recordEvent } from '../../../src/vault/operations';
import type { Session } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import { rotateVaultKey } from '../../../src/vault/services/rotation';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { needsArchiveFrom, personInArchive } from '../../../src/vault/history';
import { archiveOfRow } from '../../../src/vault/snapshot/archive';
import { SNAPSHOT_AFTER_EVENTS } from '../../../src/vault/snapshot/keeper';
import { PASS, testVault, type TestVault } from './helpers';
import { importSeeded } from './seeded';

/*
 * The archive (src/vault/snapshot/archive.ts): closed histories older than archiveAfterDays are sealed
 * beside the snapshot and left unread at an unlock; what needs them reads them, and then shows what
 * the whole log shows. The clock is the test vault's (2026-11-20).
 */

const NOW = Date.parse('2026-11-20T10:00:00.000Z');
const CUTOFF = archiveCutoff(NOW, 400);
const unlock = async (t: TestVault) => (await unlockWithPassphrase(t.deps, PASS)).session;

/** Two years of stays up to 2026-11-01 (many people, few stays each: enough histories closed a year ago), sealed in a snapshot with its archive, and locked. */
async function archivedVault() {
  const t = await testVault();
  const { session, recoveryCode } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
  const d = await importSeeded(session, { people: 2_500, events: SNAPSHOT_AFTER_EVENTS + 1_000 });
  await session.snapshots.settled();
  await session.lockAndRecord('vault.lock');
  return { t, recoveryCode, total: d.events.length };
}

/** What a screen sees of occupancy: residents on a day, houses, and nights over a period. */
function figures(state: OccupancyState, atMs: number) {
  return {
    residents: [...residentsAt(state, atMs)].sort(),
    houses: housesAt(state, atMs),
    over: occupancyOver(state, atMs - 30 * 86_400_000, atMs + 30 * 86_400_000, 'UTC'),
  };
}

function fullFold(session: Session): OccupancyState {
  const s = session.getSnapshot();
  return fold(s.events, { houses: [...s.houses.values()], rooms: [...s.rooms.values()], beds: [...s.beds.values()] });
}

/** Every arrival, read from the log whole (no snapshot). */
async function fullArrivals(t: TestVault) {
  const kept = await t.deps.db.snapshots.toArray();
  await t.deps.db.snapshots.clear();
  const session = await unlock(t);
  const arrivals = session.getSnapshot().events.filter((e) => e.type === 'arrival');
  session.lock();
  await t.deps.db.snapshots.bulkAdd(kept);
  return arrivals;
}

const archiveRows = async (t: TestVault) => (await t.deps.db.snapshots.toArray()).filter((row) => archiveOfRow(row) !== undefined);

describe('the archive of closed histories', () => {
  it('is sealed beside the snapshot, and an unlock reads only the live events', async () => {
    const { t, total } = await archivedVault();
    expect((await archiveRows(t)).length).toBeGreaterThan(0);
    const session = await unlock(t);
    const s = session.getSnapshot();
    expect(s.archive?.loaded).toBe(false);
    expect(s.archive?.before).toBe(new Date(CUTOFF).toISOString());
    expect(s.events.length).toBeLessThan(total);
    // Nobody left live is an archived person, and nothing archived is newer than the cutoff.
    for (const e of s.events) if (e.type !== 'correction') expect(personInArchive(s, e.personId)).toBe(false);
    expect(s.archive?.personIds.size).toBeGreaterThan(0);
    await session.snapshots.archive.load();
    expect(session.getSnapshot().events.length).toBe(total);
    expect(session.getSnapshot().archive?.loaded).toBe(true);
    session.lock();
  });

  it('seals the fold of the live events, so the next unlock takes it instead of folding, with the figures of a fold', async () => {
    const { t } = await archivedVault();
    const reference = await unlock(t);
    await reference.snapshots.archive.load();
    // Days whose figures (nights over the month either side included) need nothing before the cutoff.
    const days = [CUTOFF + 31 * 86_400_000, CUTOFF + 90 * 86_400_000, NOW];
    const everything = days.map((day) => figures(fullFold(reference), day));
    reference.lock();

    const session = await unlock(t);
    const restored = session.snapshots.takeRestored();
    expect(restored).toBeDefined();
    expect(restored!.events).toBe(session.getSnapshot().events.length);
    const live = fullFold(session);
    expect(restored!.state.persons.size).toBe(live.persons.size);
    expect(days.map((day) => figures(restored!.state, day))).toEqual(days.map((day) => figures(live, day)));
    // After the cutoff the live events alone give the whole log's figures.
    expect(days.map((day) => figures(restored!.state, day))).toEqual(everything);
    session.lock();
  });

  it('gives the same figures before the cutoff as the whole log, once a view of that date asked for it', async () => {
    const { t } = await archivedVault();
    const reference = await unlock(t);
    await reference.snapshots.archive.load();
    const day = CUTOFF - 120 * 86_400_000;
    const expected = figures(fullFold(reference), day);
    reference.lock();

    const session = await unlock(t);
    const before = figures(occupancyOf(session).current(), day);
    expect(before).not.toEqual(expected);
    // What the as-of bar and the reports do (ui/operations/OlderHistory.tsx).
    expect(needsArchiveFrom(session.getSnapshot(), NOW)).toBe(false);
    if (needsArchiveFrom(session.getSnapshot(), day)) await session.snapshots.archive.load();
    expect(figures(occupancyOf(session).current(), day)).toEqual(expected);
    // And today's figures never needed it.
    expect(figures(occupancyOf(session).current(), NOW)).toEqual(figures(fullFold(session), NOW));
    session.lock();
  });

  it('a back-dated event is judged against the whole history, archived stays included', async () => {
    const { t } = await archivedVault();
    const session = await unlock(t);
    const archived = session.getSnapshot().archive!.personIds;
    const stay = (await fullArrivals(t)).find((e) => archived.has(e.personId))!;
    const inside = new Date(Date.parse(stay.at) + 60_000).toISOString();
    const event = { ...stay, id: 'backdated-arrival', at: inside, recordedAt: new Date(NOW).toISOString() };
    // The same person, the same bed, a minute into their archived stay: refused as without an archive.
    await expect(recordEvent(session, event, new Date(NOW))).rejects.toMatchObject({ code: 'event-refused' });
    expect(session.getSnapshot().archive?.loaded).toBe(true);
    session.lock();
  });

  it('a tampered or missing archive part is refused as damage, never read as an empty history', async () => {
    const { t } = await archivedVault();
    const [row] = await archiveRows(t);
    const data = row!.data.slice();
    data[data.length - 20]! ^= 1;
    await t.deps.db.snapshots.put({ ...row!, data });
    const tampered = await unlock(t);
    await expect(tampered.snapshots.archive.load()).rejects.toMatchObject({ code: 'vault-damaged' });
    expect(tampered.getSnapshot().damaged.map((d) => d.store)).toContain('archive');
    expect(tampered.getSnapshot().archive?.loaded).toBe(false);
    tampered.lock();

    await t.deps.db.snapshots.delete(row!.id);
    const missing = await unlock(t);
    await expect(missing.snapshots.archive.load()).rejects.toMatchObject({ code: 'vault-damaged' });
    expect(missing.getSnapshot().damaged.map((d) => d.store)).toContain('archive');
    missing.lock();
  });

  it('a lock while the archive is read drops it and reports no damage', async () => {
    const { t } = await archivedVault();
    const session = await unlock(t);
    const loading = session.snapshots.archive.load();
    session.lock();
    await expect(loading).rejects.toMatchObject({ code: 'locked' });
    const again = await unlock(t);
    expect(again.getSnapshot().damaged).toEqual([]);
    await again.snapshots.archive.load();
    expect(again.getSnapshot().archive?.loaded).toBe(true);
    again.lock();
  });

  it('a vault-key rotation carries the archived histories into the new generation', async () => {
    const { t, recoveryCode, total } = await archivedVault();
    const session = await unlock(t);
    expect(session.getSnapshot().events.length).toBeLessThan(total);
    const { session: rotated } = await rotateVaultKey(t.deps, session, { passphrase: PASS, recovery: { code: recoveryCode } });
    expect(rotated.getSnapshot().events.length).toBe(total);
    rotated.lock();
  });
});
