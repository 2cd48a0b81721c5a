import type { Person, RiskLevel } from '../model';
import { capacityOf } from './layout';
import { needsHousingAt } from './needs';
import { bedAfter, compareEntries, firstAfter, occupantAfter, type Entry, type OccupancyState } from './state';
import { toMs, type Instant } from './time';

/**
 * As-of queries: the state after every movement dated at or before the given instant. They read the
 * per-bed and per-person lists with binary searches (no refold), so they cost O(beds x log history).
 */

export interface Placement {
  readonly personId: string;
  readonly houseId: string;
  readonly roomId: string;
  readonly bedId: string;
  /** When the person came into this bed (arrival or transfer), as recorded. */
  readonly since: string;
  /** When they are expected to leave, if that movement said so (a transfer's plan replaces the arrival's). */
  readonly plannedDeparture?: string;
}

/** Who is where: person id -> placement. */
export function residentsAt(state: OccupancyState, at: Instant): Map<string, Placement> {
  const ms = toMs(at);
  const out = new Map<string, Placement>();
  for (const [bedId, changes] of state.beds) {
    const entry = changes[firstAfter(changes, ms) - 1];
    const occupant = occupantAfter(entry, bedId);
    const placement = entry && occupant !== undefined && placementIn(state, bedId, occupant, entry);
    if (placement) out.set(occupant as string, placement);
  }
  return out;
}

export function placementOf(state: OccupancyState, personId: string, at: Instant): Placement | undefined {
  const history = state.persons.get(personId) ?? [];
  const entry = history[firstAfter(history, toMs(at)) - 1];
  const bedId = entry === undefined ? undefined : bedAfter(entry);
  return bedId === undefined || entry === undefined ? undefined : placementIn(state, bedId, personId, entry);
}

export interface HouseOccupancy {
  readonly houseId: string;
  readonly capacity: number;
  readonly occupied: number;
  readonly free: number;
}

/** Per house, in layout order: places, people in them, places free. */
export function housesAt(state: OccupancyState, at: Instant): HouseOccupancy[] {
  const occupied = new Map<string, number>();
  for (const p of residentsAt(state, at).values()) occupied.set(p.houseId, (occupied.get(p.houseId) ?? 0) + 1);
  return [...state.layout.houses.keys()].map((houseId) => {
    const capacity = capacityOf(state.layout, houseId);
    const n = occupied.get(houseId) ?? 0;
    return { houseId, capacity, occupied: n, free: Math.max(0, capacity - n) };
  });
}

/** People in residence / places, 0..1, for one house or all; 0 when there are no places. */
export function occupancyRate(state: OccupancyState, at: Instant, houseId?: string): number {
  const capacity = capacityOf(state.layout, houseId);
  if (capacity === 0) return 0;
  let n = 0;
  for (const p of residentsAt(state, at).values()) if (houseId === undefined || p.houseId === houseId) n++;
  return n / capacity;
}

/**
 * Beds of a house that are empty for the whole of [from, to) (to omitted: from then on) in rooms that
 * stay below their capacity all that time, in layout order: where a back-dated stay can go.
 */
export function freeBedsDuring(state: OccupancyState, houseId: string, from: Instant, to?: Instant): string[] {
  const start = toMs(from);
  const end = to === undefined ? Infinity : toMs(to);
  const free: string[] = [];
  for (const room of state.layout.roomsOfHouse.get(houseId) ?? []) {
    let count = 0;
    const inside: { entry: Entry; delta: number }[] = [];
    const emptyBeds: string[] = [];
    for (const bed of state.layout.bedsOfRoom.get(room.id) ?? []) {
      const changes = state.beds.get(bed.id) ?? [];
      let i = firstAfter(changes, start);
      const occupiedAtStart = occupantAfter(changes[i - 1], bed.id) !== undefined;
      if (occupiedAtStart) count++;
      let empty = !occupiedAtStart;
      for (; i < changes.length && (changes[i] as Entry).at < end; i++) {
        const entry = changes[i] as Entry;
        const comesIn = occupantAfter(entry, bed.id) !== undefined;
        inside.push({ entry, delta: comesIn ? 1 : -1 });
        if (comesIn) empty = false;
      }
      if (empty) emptyBeds.push(bed.id);
    }
    // Walk the room's changes in order; one movement leaving a bed and entering another counts out first.
    inside.sort((a, b) => compareEntries(a.entry, b.entry) || a.delta - b.delta);
    let peak = count;
    for (const { delta } of inside) peak = Math.max(peak, (count += delta));
    if (peak < (state.layout.roomCapacity.get(room.id) ?? 0)) free.push(...emptyBeds);
  }
  return free;
}

export interface Waiting {
  readonly personId: string;
  readonly riskLevel: RiskLevel;
}

const RISK_ORDER: Record<RiskLevel, number> = { high: 0, medium: 1, low: 2 };

/**
 * People waiting for a bed at `at`: a housing need known and not done then, and not in residence
 * then. This includes people who never arrived and people who left but still need housing (e.g.
 * back from a failed move); a resident's open housing need is being met, so they are not waiting.
 * Needs are read as they were at `at` (their history), so a past day lists who was waiting that day.
 * Highest risk first, otherwise in the order given.
 */
export function waitingForBed(state: OccupancyState, people: readonly Person[], at: Instant): Waiting[] {
  const here = residentsAt(state, at);
  return people
    .filter((p) => !here.has(p.id) && needsHousingAt(p, at))
    .map((p) => ({ personId: p.id, riskLevel: p.riskLevel }))
    .sort((a, b) => RISK_ORDER[a.riskLevel] - RISK_ORDER[b.riskLevel]);
}

function placementIn(state: OccupancyState, bedId: string, personId: string, entry: Entry): Placement | undefined {
  const place = state.layout.beds.get(bedId);
  if (!place) return undefined;
  const placement: Placement = { personId, houseId: place.house.id, roomId: place.room.id, bedId, since: entry.event.at };
  const planned = entry.event.type === 'departure' ? undefined : entry.event.plannedDeparture;
  return planned === undefined ? placement : { ...placement, plannedDeparture: planned };
}
