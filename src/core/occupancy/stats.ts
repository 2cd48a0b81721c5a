import { OUTCOMES, type Arrival, type Departure, type Outcome } from '../model';
import { bedAfter, firstAfter, lowerBound, occupantAfter, type Entry, type OccupancyState } from './state';
import { localDay, localDayNumber, startOfLocalDay } from '../time/zone';
import { DAY_MS, nextPeriodStart, periodLabel, periodStart, toMs, type Instant, type PeriodUnit } from './time';

/**
 * Figures over periods. Periods are half-open [from, to) between instants; days, nights, weeks and
 * months are those of the organisation's time zone (`zone`). They scan the derived lists once
 * (O(history)), a few milliseconds for 100,000 events.
 */

/** One stay: an arrival, through any transfers, to its departure (none yet: ongoing). */
export interface Stay {
  readonly personId: string;
  readonly arrival: Arrival;
  readonly arrivedAt: number;
  readonly departure?: Departure;
  readonly departedAt?: number;
}

export function staysOf(history: readonly Entry[]): Stay[] {
  const stays: Stay[] = [];
  let open: Entry | undefined;
  for (const entry of history) {
    const e = entry.event;
    if (e.type === 'arrival') open = entry;
    if (e.type === 'departure' && open) {
      stays.push({ personId: e.personId, arrival: open.event as Arrival, arrivedAt: open.at, departure: e, departedAt: entry.at });
      open = undefined;
    }
  }
  if (open) stays.push({ personId: open.event.personId, arrival: open.event as Arrival, arrivedAt: open.at });
  return stays;
}

export function allStays(state: OccupancyState): Stay[] {
  const out: Stay[] = [];
  for (const history of state.persons.values()) out.push(...staysOf(history));
  return out;
}

/**
 * Bed-nights in [from, to): a night is counted for the day it begins on, when a bed is occupied in
 * the last moment before the next local midnight. Arriving 1 March 15:00 and leaving 3 March 10:00 is
 * two nights (of 1 and 2 March). Ongoing stays count up to `to`, so pass `to` no later than now.
 */
export function bedNights(state: OccupancyState, from: Instant, to: Instant, zone: string, houseId?: string): number {
  const start = toMs(from);
  const end = toMs(to);
  let nights = 0;
  for (const [bedId, changes] of state.beds) {
    if (houseId !== undefined && state.layout.beds.get(bedId)?.house.id !== houseId) continue;
    for (let i = firstAfter(changes, start) - 1; i < changes.length; i++) {
      const entry = changes[i];
      if (entry === undefined || occupantAfter(entry, bedId) === undefined) continue;
      if (entry.at >= end) break;
      const lo = Math.max(entry.at, start);
      const hi = Math.min(changes[i + 1]?.at ?? Infinity, end);
      if (hi > lo) nights += nightsBetween(lo, hi, zone);
    }
  }
  return nights;
}

/** Local midnights m with from < m <= to: the nights that begin in [from, to). */
export function nightsBetween(from: number, to: number, zone: string): number {
  return to > from ? localDayNumber(to, zone) - localDayNumber(from, zone) : 0;
}

export interface Occupancy {
  readonly bedNights: number;
  /** Nights in the period from the first recorded night on; 0 when none. */
  readonly nights: number;
}

/**
 * Bed-nights and nights for an average occupancy over [from, to). The nights are counted from the
 * first recorded night (of the house, with one) on: days before any stay was recorded are no data,
 * not empty beds, so they do not pull the average down.
 */
export function occupancyOver(state: OccupancyState, from: Instant, to: Instant, zone: string, houseId?: string): Occupancy {
  const first = firstOccupied(state, houseId);
  if (first === undefined) return { bedNights: 0, nights: 0 };
  const start = Math.max(toMs(from), startOfLocalDay(localDay(first, zone), zone));
  const end = toMs(to);
  const nights = nightsBetween(start, end, zone);
  return { bedNights: nights > 0 ? bedNights(state, start, end, zone, houseId) : 0, nights };
}

/** When a bed (of the house) was first taken; undefined if never. */
function firstOccupied(state: OccupancyState, houseId?: string): number | undefined {
  let first: number | undefined;
  for (const [bedId, changes] of state.beds) {
    if (houseId !== undefined && state.layout.beds.get(bedId)?.house.id !== houseId) continue;
    const taken = changes.find((entry) => occupantAfter(entry, bedId) !== undefined);
    if (taken && (first === undefined || taken.at < first)) first = taken.at;
  }
  return first;
}

export interface PeriodCount {
  /** "2024-03" or "2024-W09". */
  readonly period: string;
  readonly arrivals: number;
  readonly departures: number;
}

/**
 * Arrivals and departures per month or ISO week of `zone`, for every period overlapping [from, to)
 * (empty ones too, so charts have no gaps). With a house, its own arrivals and the departures from
 * it; transfers between houses are not counted as either.
 */
export function periodCounts(state: OccupancyState, unit: PeriodUnit, from: Instant, to: Instant, zone: string, houseId?: string): PeriodCount[] {
  const start = toMs(from);
  const end = toMs(to);
  const buckets: { period: string; arrivals: number; departures: number; until: number }[] = [];
  for (let p = periodStart(start, unit, zone); p < end; p = nextPeriodStart(p, unit, zone)) {
    buckets.push({ period: periodLabel(p, unit, zone), arrivals: 0, departures: 0, until: nextPeriodStart(p, unit, zone) });
  }
  let b = 0;
  for (const entry of movementsBetween(state, start, end)) {
    const e = entry.event;
    if (e.type === 'transfer' || (houseId !== undefined && houseOf(state, entry) !== houseId)) continue;
    while ((buckets[b] as { until: number }).until <= entry.at) b++;
    const bucket = buckets[b] as { arrivals: number; departures: number };
    if (e.type === 'arrival') bucket.arrivals++;
    else bucket.departures++;
  }
  return buckets.map(({ period, arrivals, departures }) => ({ period, arrivals, departures }));
}

export interface StayLengths {
  readonly count: number;
  /** Days; null when no stay ended in the period. */
  readonly medianDays: number | null;
  /** Nearest-rank 90th percentile: 90% of stays were this long or shorter. */
  readonly p90Days: number | null;
}

/**
 * Lengths of the stays that ended in [from, to), in days (fractional), from arrival to departure.
 * Walks only the period's movements, then each departing person's short history back to the
 * arrival, so a month's figure does not scan years of stays.
 */
export function lengthsOfStay(state: OccupancyState, from: Instant, to: Instant): StayLengths {
  const days: number[] = [];
  for (const entry of movementsBetween(state, toMs(from), toMs(to))) {
    if (entry.event.type !== 'departure') continue;
    const history = state.persons.get(entry.event.personId) ?? [];
    for (let i = lowerBound(history, entry) - 1; i >= 0; i--) {
      const earlier = history[i] as Entry;
      if (earlier.event.type === 'departure') break;
      if (earlier.event.type === 'arrival') {
        days.push((entry.at - earlier.at) / DAY_MS);
        break;
      }
    }
  }
  days.sort((a, b) => a - b);
  const n = days.length;
  if (n === 0) return { count: 0, medianDays: null, p90Days: null };
  const mid = Math.floor(n / 2);
  const median = n % 2 ? (days[mid] as number) : ((days[mid - 1] as number) + (days[mid] as number)) / 2;
  return { count: n, medianDays: median, p90Days: days[Math.ceil(0.9 * n) - 1] as number };
}

export interface OutcomeGroup {
  /** The destination country code or partner id; null when the departure does not say. */
  readonly key: string | null;
  readonly total: number;
  readonly byOutcome: Readonly<Record<Outcome, number>>;
}

/** Departures in [from, to) grouped by destination country or by partner, largest group first. */
export function outcomesBy(state: OccupancyState, by: 'country' | 'partner', from: Instant, to: Instant): OutcomeGroup[] {
  const groups = new Map<string | null, { key: string | null; total: number; byOutcome: Record<Outcome, number> }>();
  for (const entry of movementsBetween(state, toMs(from), toMs(to))) {
    const e = entry.event;
    if (e.type !== 'departure') continue;
    const key = (by === 'country' ? e.destinationCountry : e.partnerId) ?? null;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, total: 0, byOutcome: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number> }));
    group.total++;
    group.byOutcome[e.outcome]++;
  }
  return [...groups.values()].sort((a, b) => b.total - a.total || orderKeys(a.key, b.key));
}

function* movementsBetween(state: OccupancyState, start: number, end: number): Generator<Entry> {
  const timeline = state.timeline;
  for (let i = firstAfter(timeline, start - 1); i < timeline.length; i++) {
    const entry = timeline[i] as Entry;
    if (entry.at >= end) return;
    if (entry.at >= start) yield entry;
  }
}

/** The house a movement concerns: where an arrival goes, where a departure leaves from. */
function houseOf(state: OccupancyState, entry: Entry): string | undefined {
  const e = entry.event;
  if (e.type === 'arrival') return e.houseId;
  const history = state.persons.get(e.personId) ?? [];
  const before = history[lowerBound(history, entry) - 1];
  const bedId = before && bedAfter(before);
  return bedId === undefined ? undefined : state.layout.beds.get(bedId)?.house.id;
}

function orderKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
