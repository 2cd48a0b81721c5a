import { OUTCOMES, type Arrival, type Bed, type Correction, type Departure, type House, type Room, type StayEvent, type Transfer } from '../../../src/core/model';
import type { Layout, OccupancyState } from '../../../src/core/occupancy';

/** Helpers shared by the occupancy and reports tests: readable ids, dates as day offsets, a valid-stream simulator. */

export const T0 = Date.UTC(2024, 0, 1); // Monday 1 January 2024, 00:00Z
const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** ISO instant `days` days (and `hours` hours) after T0. */
export function day(days: number, hours = 12): string {
  return new Date(T0 + days * DAY + hours * HOUR).toISOString();
}

/**
 * A layout from a spec: one array per house, one entry per room giving its bed count, optionally
 * [beds, capacity]. Ids: house "h1", room "h1r2", bed "h1r2b3".
 */
export function makeLayout(spec: readonly (readonly (number | readonly [number, number])[])[]): Layout {
  const houses: House[] = [];
  const rooms: Room[] = [];
  const beds: Bed[] = [];
  spec.forEach((roomSpecs, h) => {
    const houseId = `h${h + 1}`;
    houses.push({ id: houseId, alias: `House ${h + 1}`, city: 'Moscow' });
    roomSpecs.forEach((roomSpec, r) => {
      const [bedCount, capacity] = typeof roomSpec === 'number' ? [roomSpec, roomSpec] : roomSpec;
      const roomId = `${houseId}r${r + 1}`;
      rooms.push({ id: roomId, houseId, name: `Room ${r + 1}`, capacity });
      for (let b = 1; b <= bedCount; b++) beds.push({ id: `${roomId}b${b}`, roomId, label: `Bed ${b}` });
    });
  });
  return { houses, rooms, beds };
}

const houseOfBed = (bedId: string) => bedId.slice(0, bedId.indexOf('r'));

let seq = 0;
const nextId = (prefix: string) => `${prefix}${++seq}`;

/** Event builders: `at` is a day offset from T0 (noon) or an ISO string; recordedAt defaults to `at`. */
type When = number | string;
const iso = (w: When) => (typeof w === 'number' ? day(w) : w);
type Extra<T> = Partial<T> & { id?: string; recordedAt?: string };

export const ev = {
  arrival: (personId: string, bedId: string, at: When, extra: Extra<Arrival> = {}): Arrival => ({
    id: nextId('a'),
    type: 'arrival',
    at: iso(at),
    recordedAt: iso(at),
    personId,
    houseId: houseOfBed(bedId),
    bedId,
    ...extra,
  }),
  transfer: (personId: string, toBedId: string, at: When, extra: Extra<Transfer> = {}): Transfer => ({
    id: nextId('t'),
    type: 'transfer',
    at: iso(at),
    recordedAt: iso(at),
    personId,
    toHouseId: houseOfBed(toBedId),
    toBedId,
    ...extra,
  }),
  departure: (personId: string, at: When, extra: Extra<Departure> = {}): Departure => ({
    id: nextId('d'),
    type: 'departure',
    at: iso(at),
    recordedAt: iso(at),
    personId,
    outcome: 'resettled',
    ...extra,
  }),
  correction: (voids: string, at: When, extra: Extra<Correction> = {}): Correction => ({
    id: nextId('c'),
    type: 'correction',
    at: iso(at),
    recordedAt: iso(at),
    voids,
    reason: 'typo',
    ...extra,
  }),
};

export interface Op {
  readonly kind: 'arrive' | 'transfer' | 'depart';
  readonly pick: number;
  /** Minutes since the previous op; 0 makes events share `at` (ties go by recordedAt). */
  readonly gap: number;
}

const COUNTRIES = ['CA', 'DE', 'NL', undefined] as const;

/**
 * Turns ops into a stream of events that is valid by construction, using its own simple model of
 * who is where (independent of the engine). Ops that cannot happen (no free bed, nobody to move) are
 * skipped. Also returns, after each event, the model's bed -> person map, to check as-of queries.
 */
export function simulate(layout: Layout, ops: Iterable<Op>, start = T0): { events: StayEvent[]; snapshots: Map<string, string>[] } {
  const roomOf = new Map(layout.beds.map((b) => [b.id, b.roomId]));
  const bedCount = new Map<string, number>();
  for (const b of layout.beds) bedCount.set(b.roomId, (bedCount.get(b.roomId) ?? 0) + 1);
  const capacity = new Map(layout.rooms.map((r) => [r.id, Math.min(r.capacity, bedCount.get(r.id) ?? 0)]));
  const occupant = new Map<string, string>();
  const bedOf = new Map<string, string>();
  const inRoom = new Map<string, number>();
  const gone: string[] = [];
  const events: StayEvent[] = [];
  const snapshots: Map<string, string>[] = [];
  let people = 0;
  let time = start;
  const freeBeds = (exceptRoom?: string) =>
    layout.beds.filter((b) => !occupant.has(b.id) && (b.roomId === exceptRoom || (inRoom.get(b.roomId) ?? 0) < (capacity.get(b.roomId) ?? 0)));
  const move = (personId: string, bedId: string | undefined) => {
    const from = bedOf.get(personId);
    if (from !== undefined) {
      occupant.delete(from);
      inRoom.set(roomOf.get(from) as string, (inRoom.get(roomOf.get(from) as string) ?? 0) - 1);
      bedOf.delete(personId);
    }
    if (bedId !== undefined) {
      occupant.set(bedId, personId);
      bedOf.set(personId, bedId);
      inRoom.set(roomOf.get(bedId) as string, (inRoom.get(roomOf.get(bedId) as string) ?? 0) + 1);
    }
  };
  for (const op of ops) {
    time += op.gap * 60_000;
    const at = new Date(time).toISOString();
    // recordedAt grows by a millisecond per event, so ties in `at` keep the simulated order.
    const base = { id: `e${events.length + 1}`, at, recordedAt: new Date(time + events.length).toISOString() };
    const residents = [...bedOf.keys()];
    if (op.kind === 'arrive') {
      const free = freeBeds();
      if (free.length === 0) continue;
      const bed = free[op.pick % free.length] as Bed;
      const returning = op.pick % (gone.length + 2);
      const personId = returning < gone.length ? (gone.splice(returning, 1)[0] as string) : `p${++people}`;
      const houseId = layout.rooms.find((r) => r.id === bed.roomId)?.houseId as string;
      events.push({ ...base, type: 'arrival', personId, houseId, bedId: bed.id });
      move(personId, bed.id);
    } else if (residents.length === 0) {
      continue;
    } else if (op.kind === 'transfer') {
      const personId = residents[op.pick % residents.length] as string;
      const from = bedOf.get(personId) as string;
      const free = freeBeds(roomOf.get(from)).filter((b) => b.id !== from);
      if (free.length === 0) continue;
      const bed = free[op.pick % free.length] as Bed;
      const toHouseId = layout.rooms.find((r) => r.id === bed.roomId)?.houseId as string;
      events.push({ ...base, type: 'transfer', personId, toHouseId, toBedId: bed.id });
      move(personId, bed.id);
    } else {
      const personId = residents[op.pick % residents.length] as string;
      const country = COUNTRIES[op.pick % COUNTRIES.length];
      events.push({
        ...base,
        type: 'departure',
        personId,
        outcome: OUTCOMES[op.pick % OUTCOMES.length] as (typeof OUTCOMES)[number],
        ...(country ? { destinationCountry: country } : {}),
        ...(op.pick % 3 === 0 ? { partnerId: `partner${op.pick % 2}` } : {}),
      });
      move(personId, undefined);
      gone.push(personId);
    }
    snapshots.push(new Map(occupant));
  }
  return { events, snapshots };
}

/** Everything derived, in a comparable form (empty per-person or per-bed lists are the same as none). */
export function canonical(state: OccupancyState) {
  const lists = <T>(m: Iterable<[string, readonly T[]]>, f: (t: T) => unknown) =>
    [...m]
      .filter(([, list]) => list.length > 0)
      .map(([k, list]) => [k, list.map(f)] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    timeline: state.timeline.map((e) => e.event.id),
    persons: lists(state.persons, (e) => e.event.id),
    beds: lists(state.beds, (e) => e.event.id),
    events: [...state.events.keys()].sort(),
    voided: [...state.voided].sort(([a], [b]) => (a < b ? -1 : 1)),
    rejected: state.rejected.map((r) => [r.event.id, r.violation.code]),
  };
}
