import { describe, expect, it, vi } from 'vitest';
import { fold, residentsAt, type OccupancyState } from '../../../src/core/occupancy';
import { decodeFold, encodeFold } from '../../../src/core/occupancy/image';
import { instantMs } from '../../../src/core/occupancy/instant-ms';
import type { SnapshotRow } from '../../../src/vault/db';
import type { Head } from '../../../src/vault/log-check';
import { TAIL_MERGE_AT } from '../../../src/vault/page-log';
import { occupancyOf, recordEvent } from '../../../src/vault/operations';
import type { Session } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { coveredPages } from '../../../src/vault/snapshot/position';
import { SNAPSHOT_AFTER_EVENTS } from '../../../src/vault/snapshot/keeper';
import { newSnapshotId, readParts, sealPart, writeParts } from '../../../src/vault/snapshot/sealed';
import { decodeBlobPart, encodeBlobPart } from '../../../src/vault/snapshot/blob-part';
import { decodeEventsPart, encodeEventsPart } from '../../../src/vault/snapshot/events-part';
import type { StayEvent } from '../../../src/core/model/stay-event';
import { decodePeoplePart, decodeStatePart, encodeStatePart } from '../../../src/vault/snapshot/state-image';
import { seal } from '../../../src/core/crypto/envelope';
import { toBase64 } from '../../../src/core/crypto/bytes';
import { subkey, SubkeyPurpose } from '../../../src/core/crypto/kdf';
import { addUser } from '../../../src/vault/services/users';
import type { User } from '../../../src/core/model/user';
import { seed } from '../../bench/seed';
import { dumpDb, PASS, testVault, type TestVault } from './helpers';
import { importSeeded } from './seeded';
import { WrongPassphraseError } from '../../../src/core/crypto/slots';

/*
 * The sealed snapshot (src/vault/snapshot): an unlock reads it plus only the pages after it, and only
 * while the head still lists the pages it stands for; whatever the snapshot, the vault shows the state
 * the whole log gives.
 */

const NOW = '2026-11-20T10:00:00.000Z';

describe('coveredPages: a snapshot stands for the head\'s first pages, unchanged, up to its sequence number', () => {
  const head: Head = { lastSeq: 9, pages: [['a', 1, 4], ['b', 5, 6], ['c', 7, 7], ['d', 8, 9]] };
  it('matches a prefix of the head that ends at the snapshot', () => {
    expect(coveredPages({ lastSeq: 6, pages: [['a', 1, 4], ['b', 5, 6]] }, head)).toEqual(new Set(['a', 'b']));
    expect(coveredPages({ lastSeq: 9, pages: head.pages }, head)).toEqual(new Set(['a', 'b', 'c', 'd']));
  });
  it('refuses a page merged, rewritten or missing since, a head behind the snapshot, and a straddled position', () => {
    expect(coveredPages({ lastSeq: 6, pages: [['a', 1, 4], ['x', 5, 6]] }, head)).toBeUndefined();
    expect(coveredPages({ lastSeq: 6, pages: [['a', 1, 4], ['b', 5, 5]] }, head)).toBeUndefined();
    expect(coveredPages({ lastSeq: 6, pages: [['b', 5, 6]] }, head)).toBeUndefined();
    expect(coveredPages({ lastSeq: 10, pages: [...head.pages, ['e', 10, 10]] }, head)).toBeUndefined();
    expect(coveredPages({ lastSeq: 5, pages: [['a', 1, 4], ['b', 5, 6]] }, head)).toBeUndefined();
    expect(coveredPages({ lastSeq: 7, pages: [['a', 1, 4], ['b', 5, 6]] }, { lastSeq: 9, pages: [['a', 1, 4], ['b', 5, 6], ['m', 7, 9]] })).toBeUndefined();
    expect(coveredPages({ lastSeq: 0, pages: [] }, head)).toBeUndefined();
    // A later listed page reaching back into the snapshot's range.
    expect(coveredPages({ lastSeq: 6, pages: [['a', 1, 4], ['b', 5, 6]] }, { lastSeq: 9, pages: [['a', 1, 4], ['b', 5, 6], ['r', 6, 9]] })).toBeUndefined();
  });
});

/** Everything a screen can see, in a form that compares by value. */
function view(session: Session) {
  const s = session.getSnapshot();
  const occupancy = occupancyOf(session).current();
  return {
    houses: [...s.houses.values()],
    beds: s.beds.size,
    users: [...s.users.values()],
    people: [...s.people.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    events: s.events.map((e) => e.id),
    // Every unlock (the reference read's too) adds its own entry.
    audit: s.audit.filter((e) => e.action !== 'vault.unlock').map((e) => [e.seq, e.action]),
    damaged: s.damaged,
    occupancy: canonical(occupancy),
    refold: canonical(fold(s.events, { houses: [...s.houses.values()], rooms: [...s.rooms.values()], beds: [...s.beds.values()] })),
  };
}

function canonical(state: OccupancyState) {
  const ids = (entries: readonly { event: { id: string } }[]) => entries.map((e) => e.event.id);
  return {
    timeline: ids(state.timeline),
    persons: [...state.persons].map(([id, list]) => [id, ids(list)]).sort(),
    beds: [...state.beds].map(([id, list]) => [id, ids(list)]).sort(),
    voided: [...state.voided].sort(),
    rejected: state.rejected.map((r) => [r.event.id, r.violation.code]),
    known: [...state.events.keys()].sort(),
    residents: [...residentsAt(state, NOW)].sort(),
  };
}

/** Part indices as keeper.ts lays them out. */
const STATE_PART = 1;
const PEOPLE_PART = 2;
const FIRST_EVENTS_PART = 3;

/** Re-seals the stored snapshot, under a new id, with part `index` changed by `change`: what a writer with the key could store. */
async function resealPart(t: TestVault, vaultId: string, key: Uint8Array, index: number, change: (bytes: Uint8Array) => Uint8Array) {
  const parts = (await readParts(t.deps.db, t.deps.sodium, vaultId, key))!;
  const opened = Array.from({ length: parts.count }, (_, i) => (i === index ? change(parts.open(i)) : parts.open(i)));
  const snap = newSnapshotId();
  await writeParts(t.deps.db, vaultId, opened.map((bytes, part) => sealPart(t.deps.sodium, vaultId, key, snap, part, opened.length, bytes)));
}

const unlock = async (t: TestVault) => (await unlockWithPassphrase(t.deps, PASS)).session;
const snapshotRows = (t: TestVault) => t.deps.db.snapshots.toArray();
async function replaceSnapshot(t: TestVault, rows: SnapshotRow[]) {
  await t.deps.db.snapshots.clear();
  await t.deps.db.snapshots.bulkAdd(rows);
}

/** `read` of the vault unlocked with every page read (no snapshot); the stored snapshot is kept. */
async function withFullRead<T>(t: TestVault, read: (session: Session) => T): Promise<T> {
  const kept = await snapshotRows(t);
  await t.deps.db.snapshots.clear();
  const session = await unlock(t);
  const seen = read(session);
  session.lock();
  await session.snapshots.settled();
  await replaceSnapshot(t, kept);
  return seen;
}

/** What the vault shows when every page is read: the same vault with no snapshot. */
const fullRead = (t: TestVault) => withFullRead(t, view);

/** A vault with a layout, people and more than a snapshot's worth of events, written in a few pages. */
async function filledVault(beforeSnapshot?: (session: Session, t: TestVault) => Promise<void>) {
  const t = await testVault();
  const { session } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
  const d = await importSeeded(session, { people: 400, events: SNAPSHOT_AFTER_EVENTS + 1_000 }, beforeSnapshot && (() => beforeSnapshot(session, t)));
  return { t, session, d };
}

/** A free bed for a new arrival at NOW, from the fold. */
function freeBed(session: Session): { houseId: string; bedId: string } {
  const state = occupancyOf(session).current();
  const taken = new Set([...residentsAt(state, NOW).values()].map((p) => p.bedId));
  for (const [bedId, place] of state.layout.beds) {
    const room = place.room.id;
    const inRoom = [...residentsAt(state, NOW).values()].filter((p) => p.roomId === room).length;
    if (!taken.has(bedId) && inRoom < (state.layout.roomCapacity.get(room) ?? 0)) return { houseId: place.house.id, bedId };
  }
  throw new Error('no free bed');
}

describe('the sealed snapshot', () => {
  it('is sealed after a write once enough events came, and an unlock with it shows what the whole log shows', async () => {
    const { t, session, d } = await filledVault();
    // One arrival recorded through the occupancy store, after the snapshot.
    const person = d.people.find((p) => !residentsAt(occupancyOf(session).current(), NOW).has(p.id))!;
    await recordEvent(session, { id: 'arrival-now', type: 'arrival', at: NOW, recordedAt: NOW, personId: person.id, ...freeBed(session) }, new Date(NOW));
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    expect((await snapshotRows(t)).length).toBeGreaterThan(2);

    const reference = await fullRead(t);
    expect(reference.occupancy).toEqual(reference.refold);
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });

  it('one that became due while another was being sealed is sealed after it: the next unlock reads no page again', async () => {
    const t = await testVault();
    const { session } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
    // The first import starts a seal; it is under way while the second lands, which starts none.
    const d = await importSeeded(session, { people: 300, events: 2 * SNAPSHOT_AFTER_EVENTS + 2_000 });
    await session.snapshots.settled();
    session.lock();
    const opened = vi.spyOn(t.deps.db.pages, 'bulkGet');
    const restored = await unlock(t);
    expect(restored.events.all()).toHaveLength(d.events.length);
    // Every page the two imports wrote is stood for by the snapshot: none of them is read.
    const read = opened.mock.calls.flatMap(([ids]) => ids).length;
    opened.mockRestore();
    expect(read).toBe(0);
    restored.lock();
  });

  it('never holds up a lock: the keys go at once, and a snapshot still being sealed is dropped', async () => {
    const { t, session } = await filledVault();
    // The last write started a snapshot in the background; the operator locks straight away.
    const written = session.lockAndRecord('vault.lock');
    expect(session.isLocked).toBe(true);
    await Promise.all([written, session.snapshots.settled()]);
    expect(await snapshotRows(t)).toEqual([]);
    const reference = await fullRead(t);
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });

  it('reads only the pages after it: a page it stands for is not opened', async () => {
    const { t, session } = await filledVault();
    const before = new Set((await t.deps.db.pages.toArray()).map((p) => p.id));
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    const reference = await fullRead(t);
    // Garbled where nothing reads it while the snapshot stands (a full read would report it).
    const covered = (await t.deps.db.pages.toArray()).find((p) => before.has(p.id))!;
    await t.deps.db.pages.put({ ...covered, data: covered.data.map((b, i) => (i === 40 ? b ^ 1 : b)) });
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });

  it('a stale snapshot (pages merged since) is ignored: the log is read whole and the state is right', async () => {
    const { t, session } = await filledVault();
    // Small pages at the end of the log, so the tail merge below rewrites pages the snapshot stands for.
    for (let i = 0; i < 3; i++) await session.recordAudit('report.view', {});
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    const stale = await snapshotRows(t);
    expect(stale.length).toBeGreaterThan(0);

    await t.deps.db.snapshots.clear();
    const again = await unlock(t);
    for (let i = 0; i < TAIL_MERGE_AT; i++) await again.recordAudit('report.view', {});
    again.lock();
    await replaceSnapshot(t, stale);

    const reference = await fullRead(t);
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    expect(restored.getSnapshot().events.length).toBe(new Set(restored.getSnapshot().events.map((e) => e.id)).size);
    restored.lock();
  });

  it('an older snapshot put back stands for an earlier position of the same log and gives the same state', async () => {
    const { t, session, d } = await filledVault();
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    const older = await snapshotRows(t);

    const again = await unlock(t);
    const more = seed({ people: 100, events: SNAPSHOT_AFTER_EVENTS + 500, houses: 2, years: 1, seed: 7, end: '2026-11-10T00:00:00.000Z', staff: [again.user.id] });
    // New people and events in the same houses are refused or accepted by the fold alike; either way both reads must agree.
    await again.batch.write({ people: more.people, events: more.events.map((e) => ({ ...e, id: `more-${e.id}` })) }, { action: 'import.spreadsheet', details: {} });
    await again.snapshots.settled();
    await again.lockAndRecord('vault.lock');
    const newer = await snapshotRows(t);
    expect(newer[0]!.snap).not.toBe(older[0]!.snap);
    expect(d.events.length).toBeGreaterThan(0);

    await replaceSnapshot(t, older);
    const reference = await fullRead(t);
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });

  it('parts of two snapshots mixed, or a part garbled, do not open: the log is read whole', async () => {
    const { t, session } = await filledVault();
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    const rows = await snapshotRows(t);
    const reference = await fullRead(t);
    const garbled = rows.map((r, i) => (i === 1 ? { ...r, data: r.data.map((b, j) => (j === 40 ? b ^ 1 : b)) } : r));
    await replaceSnapshot(t, garbled);
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });
});

describe('the snapshot rows read while the KDF runs', () => {
  async function lockedWithSnapshot() {
    const { t, session } = await filledVault();
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    return t;
  }

  it('a wrong passphrase fails as without them: the same error, nothing written, nothing left unhandled when the read fails', async () => {
    const t = await lockedWithSnapshot();
    const before = [await dumpDb(t.deps.db), await snapshotRows(t)];
    await expect(unlockWithPassphrase(t.deps, 'not the passphrase at all')).rejects.toThrow(WrongPassphraseError);
    // A read that fails while the KDF runs, for an unlock that fails too: nobody awaits it.
    const where = t.deps.db.snapshots.where.bind(t.deps.db.snapshots);
    t.deps.db.snapshots.where = () => {
      throw new Error('disk gone');
    };
    await expect(unlockWithPassphrase(t.deps, 'not the passphrase at all')).rejects.toThrow(WrongPassphraseError);
    t.deps.db.snapshots.where = where;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect([await dumpDb(t.deps.db), await snapshotRows(t)]).toEqual(before);
  });

  it('a read that fails counts as no snapshot: the log is read whole', async () => {
    const t = await lockedWithSnapshot();
    const reference = await fullRead(t);
    const where = t.deps.db.snapshots.where.bind(t.deps.db.snapshots);
    t.deps.db.snapshots.where = () => {
      throw new Error('disk gone');
    };
    const restored = await unlock(t);
    t.deps.db.snapshots.where = where;
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });
});

describe('binary parts (people, state): a part that does not add up is refused and the log read whole', () => {
  it('blob parts round-trip, and refuse a part cut short, run on, or counting more strings than it holds', () => {
    const blobs = [Uint8Array.of(1, 2, 3), new Uint8Array(0), Uint8Array.of(9)];
    const part = encodeBlobPart({ ids: ['a', 'b', 'c'] }, blobs);
    const back = decodeBlobPart(part);
    expect(back.value).toEqual({ ids: ['a', 'b', 'c'] });
    expect(back.blobs.map((b) => [...b])).toEqual(blobs.map((b) => [...b]));
    expect(() => decodeBlobPart(part.subarray(0, part.length - 1))).toThrow();
    expect(() => decodeBlobPart(Uint8Array.of(...part, 0))).toThrow();
    expect(() => decodeBlobPart(part.subarray(0, 6))).toThrow();
  });

  async function lockedVault() {
    const { t, session } = await filledVault();
    const key = subkey(t.deps.sodium, session.vaultKey, SubkeyPurpose.records);
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    return { t, key, vaultId: session.vaultId, reference: await fullRead(t) };
  }

  it('a people part whose last identity is cut short', async () => {
    const { t, key, vaultId, reference } = await lockedVault();
    await resealPart(t, vaultId, key, PEOPLE_PART, (bytes) => bytes.slice(0, bytes.length - 1));
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });

  it('a people part that names one identity more than it holds', async () => {
    const { t, key, vaultId, reference } = await lockedVault();
    await resealPart(t, vaultId, key, PEOPLE_PART, (bytes) => {
      const { value, blobs } = decodeBlobPart(bytes);
      const image = value as { wrapped: string[] };
      image.wrapped.unshift('someone-else');
      return encodeBlobPart(image, blobs);
    });
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });

  it('a snapshot of the earlier format (JSON parts, base64 bytes) is ignored, and the next write seals the current one', async () => {
    const { t, key, vaultId, reference } = await lockedVault();
    const parts = (await readParts(t.deps.db, t.deps.sodium, vaultId, key))!;
    const text = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    const manifest = text(parts.open(0)) as { eventParts: number };
    const state = decodeStatePart(parts.open(STATE_PART));
    const people = decodePeoplePart(parts.open(PEOPLE_PART));
    const b64 = (entries: [string, Uint8Array][]) => entries.map(([id, bytes]) => [id, toBase64(bytes)]);
    const events = reference.events.length;
    const old = [
      { ...manifest, events, eventParts: 1, fold: false },
      { ...state, orgKeys: state.orgKeys ? toBase64(state.orgKeys) : null, drafts: b64(state.drafts), people: { wrapped: b64(people.wrapped), sealed: b64(people.sealed), created: people.created } },
      await withFullRead(t, (session) => session.getSnapshot().events),
    ];
    const snap = newSnapshotId();
    await writeParts(t.deps.db, vaultId, old.map((value, part) => ({
      id: `${vaultId}/${part}`, vaultId, snap, part, parts: old.length,
      data: seal(t.deps.sodium, key, { vaultId, store: 'snapshot', itemId: `${snap}/${part}/${old.length}`, version: 1 }, new TextEncoder().encode(JSON.stringify(value)), { padBlock: 65_536 }),
    })));
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    // With nothing covered, the next write makes a snapshot due at once.
    await restored.houses.put([...restored.getSnapshot().houses.values()][0]!);
    await restored.snapshots.settled();
    const sealed = await snapshotRows(t);
    expect(sealed[0]!.snap).not.toBe(snap);
    restored.lock();
    const current = (await readParts(t.deps.db, t.deps.sodium, vaultId, key))!;
    expect(decodePeoplePart(current.open(PEOPLE_PART)).sealed.length).toBe(people.sealed.length);
    const written = await fullRead(t);
    const again = await unlock(t);
    expect(view(again)).toEqual(written);
    again.lock();
  });
});

describe('events parts: keys once per shape, values once per part', () => {
  const at = '2026-01-02T03:04:05.000Z';
  const events = [
    { id: 'a1', at, recordedAt: at, type: 'arrival', personId: 'p1', houseId: 'h1', bedId: 'b1' },
    { id: 'a2', at, recordedAt: at, recordedBy: 'u1', type: 'arrival', personId: 'p2', houseId: 'h1', bedId: 'b2', referredBy: 'pa1', plannedDeparture: at },
    { type: 'arrival', id: 'a3', personId: 'p3', houseId: 'h1', bedId: 'b3', at, recordedAt: at, referredBy: undefined },
    { id: 't1', at, recordedAt: at, type: 'transfer', personId: 'p1', toHouseId: 'h2', toBedId: 'b9' },
    { id: 't2', at, recordedAt: at, recordedBy: 'u1', type: 'transfer', personId: 'p2', toHouseId: 'h2', toBedId: 'b8', plannedDeparture: at },
    { id: 'd1', at, recordedAt: at, type: 'departure', personId: 'p1', outcome: 'resettled' },
    { id: 'd2', at, recordedAt: at, recordedBy: 'u1', type: 'departure', personId: 'p2', outcome: 'other', destinationCountry: 'DE', destinationCity: 'Köln "Nord" \\ 🏠', partnerId: 'pa1' },
    { id: 'c1', at, recordedAt: at, recordedBy: 'u1', type: 'correction', voids: 'a1', reason: 'typed in the wrong bed\n' },
    { id: '', at: '', recordedAt: '', type: 'correction', voids: 'a1', reason: '' },
  ] as StayEvent[];
  const decoded = (bytes: Uint8Array) => {
    const out: StayEvent[] = [];
    decodeEventsPart(bytes, out);
    return out;
  };

  it('gives back every event type and optional field: same values, same keys in the same order', () => {
    const expected = JSON.parse(JSON.stringify(events)) as StayEvent[];
    const back = decoded(encodeEventsPart(events));
    expect(back).toEqual(expected);
    expect(back.map((e) => Object.keys(e))).toEqual(expected.map((e) => Object.keys(e)));
    const seeded = seed({ people: 200, events: 3_000, houses: 2, years: 1, end: '2026-11-01T00:00:00.000Z', staff: ['u'] }).events;
    expect(decoded(encodeEventsPart(seeded))).toEqual(JSON.parse(JSON.stringify(seeded)));
  });

  it('refuses numbers cut short, or naming a shape or string it does not hold', () => {
    const part = encodeEventsPart(events);
    const { value, blobs } = decodeBlobPart(part);
    const numbers = blobs[0]!;
    const withNumber = (at: number, n: number) => {
      const changed = numbers.slice();
      new DataView(changed.buffer).setUint32(at, n, true);
      return encodeBlobPart(value, [changed]);
    };
    const { shapes, strings } = value as { shapes: unknown[]; strings: unknown[] };
    expect(() => decoded(encodeBlobPart(value, [numbers.subarray(0, numbers.length - 4)]))).toThrow();
    expect(() => decoded(withNumber(0, shapes.length))).toThrow();
    expect(() => decoded(withNumber(4, strings.length))).toThrow();
  });

  it('an events part that names a value it does not hold is refused when sealed with the key: the log is read whole', async () => {
    const { t, session } = await filledVault();
    const key = subkey(t.deps.sodium, session.vaultKey, SubkeyPurpose.records);
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    const reference = await fullRead(t);
    await resealPart(t, session.vaultId, key, FIRST_EVENTS_PART, (bytes) => {
      const { value, blobs } = decodeBlobPart(bytes);
      const numbers = blobs[0]!.slice();
      // The first event's first value (its id), past the end of the strings.
      new DataView(numbers.buffer).setUint32(4, (value as { strings: unknown[] }).strings.length, true);
      return encodeBlobPart(value, [numbers]);
    });
    const restored = await unlock(t);
    expect(view(restored)).toEqual(reference);
    restored.lock();
  });
});

describe('a snapshot forged with the vault key (an insider, docs/threat-model.md §23)', () => {
  it('cannot make anyone admin: its user records pass the signature checks, and a refused one is named', async () => {
    let oleg: User | undefined;
    const { t, session } = await filledVault(async (s, tv) => {
      oleg = (await addUser(tv.deps, s, { name: 'Oleg', role: 'operator' })).user;
    });
    const key = subkey(t.deps.sodium, session.vaultKey, SubkeyPurpose.records);
    await session.snapshots.settled();
    await session.lockAndRecord('vault.lock');
    await resealPart(t, session.vaultId, key, STATE_PART, (bytes) => {
      const body = decodeStatePart(bytes);
      body.users = body.users.map(([id, user]) => [id, id === oleg!.id ? { ...user, role: 'admin' } : user]);
      return encodeStatePart(body);
    });

    const restored = await unlock(t);
    expect(restored.users.get(oleg!.id)?.role).not.toBe('admin');
    expect(restored.getSnapshot().damaged).toContainEqual(expect.objectContaining({ store: 'user', itemId: oleg!.id }));
    restored.lock();
  });
});

describe('fold image', () => {
  it('decodes to the fold it was taken from, duplicate ids and refused events included', () => {
    const d = seed({ people: 50, events: 600, houses: 1, years: 1, end: '2026-11-01T00:00:00.000Z', staff: ['u'] });
    const twin = { ...d.events[10]!, bedId: 'nowhere' } as (typeof d.events)[number];
    const events = [...d.events, twin, { ...d.events[3]! }];
    const state = fold(events, d.layout);
    expect(state.rejected.length).toBeGreaterThan(0);
    const image = encodeFold(state, events)!;
    expect(canonical(decodeFold(JSON.parse(JSON.stringify(image)), events, d.layout))).toEqual(canonical(state));
  });

  it('knows the events of the list as it was decoded over, though the list grows before they are looked up', () => {
    const d = seed({ people: 20, events: 200, houses: 1, years: 1, end: '2026-11-01T00:00:00.000Z', staff: ['u'] });
    const events = [...d.events];
    const state = fold(events, d.layout);
    const decoded = decodeFold(encodeFold(state, events)!, events, d.layout);
    events.push({ ...events[0]!, id: 'later' });
    expect(decoded.events.has('later')).toBe(false);
    expect(decoded.events.size).toBe(state.events.size);
    expect([...decoded.events.keys()]).toEqual([...state.events.keys()]);
  });
});

describe('instantMs', () => {
  it('is Date.parse for every form an instant may take', () => {
    const samples = [
      '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00Z', '2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00.000Z', '2026-04-31T00:00:00Z',
      '2026-12-31T23:59:59Z', '2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00.123456Z', '2026-13-01T00:00:00.000Z', '2026-00-10T00:00:00.000Z',
      '2026-01-10T24:00:00.000Z', '2026-01-10T10:60:00.000Z', '2026-01-10T10:00:60.000Z', '2026-1a-10T00:00:00.000Z', '0000-01-01T00:00:00.000Z',
      '2026-01-10T10:00:00.000+01:00', '2026-01-10', 'not a date', '',
    ];
    for (const s of samples) expect([s, instantMs(s)]).toEqual([s, Date.parse(s)]);
    for (let ms = Date.UTC(2020, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 7 * 3_600_000 + 13_001) {
      const iso = new Date(ms).toISOString();
      expect(instantMs(iso)).toBe(ms);
      expect(instantMs(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(Date.parse(iso.replace(/\.\d{3}Z$/, 'Z')));
    }
  });
});
