import type { NeedKind, Outcome, Person, RiskLevel } from '../../../core/model';
import {
  capacityOf,
  housesAt,
  lengthsOfStay,
  needStatusAt,
  nextPeriodStart,
  occupancyOver,
  outcomesBy,
  periodCounts,
  periodLabel,
  periodStart,
  residentsAt,
  waitingForBed,
  type OccupancyState,
  type PeriodUnit,
  type StayLengths,
} from '../../../core/occupancy';
import { endOfLocalDay } from '../../../core/time/zone';
import type { VaultState } from '../../../vault/session';

/**
 * The dashboard's figures, as plain functions of the occupancy state, the as-of instant and the
 * organisation's time zone (whose days, weeks and months they count; the screen memoises them on
 * those), so each is computed once per vault change, never per render.
 */

export interface HouseRow {
  readonly houseId: string;
  readonly alias: string;
  readonly city: string;
  readonly capacity: number;
  readonly occupied: number;
  readonly free: number;
  /** occupied / capacity in whole percent; 0 for a house without places. */
  readonly ratePct: number;
  /** In the ISO week of the as-of day, up to the as-of instant. */
  readonly arrivals: number;
  readonly departures: number;
}

export interface HouseTable {
  readonly rows: readonly HouseRow[];
  readonly total: Omit<HouseRow, 'houseId' | 'alias' | 'city'>;
  /** "2024-W09": the week the arrival and departure columns count. */
  readonly week: string;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : 0);

export function houseTable(state: OccupancyState, asOf: string, zone: string): HouseTable {
  const at = Date.parse(asOf);
  const weekFrom = periodStart(at, 'isoWeek', zone);
  // Up to and including the as-of instant.
  const weekCounts = (houseId?: string) => periodCounts(state, 'isoWeek', weekFrom, at + 1, zone, houseId)[0] ?? { arrivals: 0, departures: 0 };
  const rows = housesAt(state, asOf).map((h) => {
    const house = state.layout.houses.get(h.houseId);
    const { arrivals, departures } = weekCounts(h.houseId);
    return { ...h, alias: house?.alias ?? '', city: house?.city ?? '', ratePct: pct(h.occupied, h.capacity), arrivals, departures };
  });
  const sum = (key: 'capacity' | 'occupied' | 'free') => rows.reduce((n, r) => n + r[key], 0);
  // Totals of the week count moves between houses once, not as a departure and an arrival.
  const { arrivals, departures } = weekCounts();
  const total = { capacity: sum('capacity'), occupied: sum('occupied'), free: sum('free'), arrivals, departures };
  return { rows, total: { ...total, ratePct: pct(total.occupied, total.capacity) }, week: periodLabel(at, 'isoWeek', zone) };
}

/** The charts' span: the last 12 ISO weeks or the last 12 months, the current one up to the as-of instant. */
export type Span = 'weeks' | 'months';
const SPAN_UNIT: Record<Span, PeriodUnit> = { weeks: 'isoWeek', months: 'month' };
export const SPAN_PERIODS = 12;

export function spanStart(span: Span, asOf: string, zone: string): number {
  const unit = SPAN_UNIT[span];
  let start = periodStart(Date.parse(asOf), unit, zone);
  for (let i = 1; i < SPAN_PERIODS; i++) start = periodStart(start - 1, unit, zone);
  return start;
}

export interface OccupancyPoint {
  /** "2024-03" or "2024-W09". */
  readonly period: string;
  /** Average people per night: bed-nights / nights (from the first recorded night on). */
  readonly averageOccupied: number;
  readonly capacity: number;
  /** Bed-nights / (places x nights), whole percent. */
  readonly ratePct: number;
}

/**
 * Occupancy per period by bed-nights (so a week half full counts as half, however people came and
 * went), for one house or all. Places are today's layout, as in the funder report. Periods before
 * the first recorded night are left out and the first one counts from that night (core
 * occupancyOver); the current period counts the nights completed by the as-of instant, and one
 * with none yet is left out.
 */
export function occupancySeries(state: OccupancyState, span: Span, asOf: string, zone: string, houseId?: string): OccupancyPoint[] {
  const unit = SPAN_UNIT[span];
  const end = Date.parse(asOf);
  const capacity = capacityOf(state.layout, houseId);
  const points: OccupancyPoint[] = [];
  for (let from = spanStart(span, asOf, zone); from < end; from = nextPeriodStart(from, unit, zone)) {
    const to = Math.min(nextPeriodStart(from, unit, zone), end);
    const { bedNights: used, nights } = occupancyOver(state, from, to, zone, houseId);
    if (nights === 0) continue;
    points.push({ period: periodLabel(from, unit, zone), averageOccupied: Math.round((10 * used) / nights) / 10, capacity, ratePct: pct(used, capacity * nights) });
  }
  return points;
}

export interface OutcomeBar {
  /** Country code or partner id; null: the departure does not say. */
  readonly key: string | null;
  readonly total: number;
  readonly byOutcome: Readonly<Record<Outcome, number>>;
}

/**
 * Outcomes and lengths of stay cover the span through the end of the as-of *day* (local,
 * "2024-03-13"), not the instant: core lengthsOfStay walks every stay (~0.3 s at 100,000 events), so
 * the screen keys them on the day and they are not recomputed each minute while the dashboard is live.
 */
function daySpan(span: Span, day: string, zone: string): [number, number] {
  const end = endOfLocalDay(day, zone) + 1;
  return [spanStart(span, new Date(end - 1).toISOString(), zone), end];
}

export function outcomeBars(state: OccupancyState, by: 'country' | 'partner', span: Span, day: string, zone: string): OutcomeBar[] {
  return outcomesBy(state, by, ...daySpan(span, day, zone));
}

/** Lengths of the stays that ended within the span. */
export function stayLengths(state: OccupancyState, span: Span, day: string, zone: string): StayLengths {
  return lengthsOfStay(state, ...daySpan(span, day, zone));
}

/**
 * Needs whose delay does harm: untreated health problems and legal deadlines (asylum and visa
 * filings). "Open" means nobody has taken them on yet; in-progress ones are being handled.
 */
export const URGENT_NEEDS: readonly NeedKind[] = ['medical', 'legal'];

export interface AttentionItem {
  readonly personId: string;
  readonly alias: string;
  readonly riskLevel: RiskLevel;
  /** Urgent needs still open. */
  readonly urgent: readonly NeedKind[];
}

export interface Attention {
  /** Not in residence with a housing need not done, both as of that day, highest risk first (core waitingForBed). */
  readonly waiting: readonly AttentionItem[];
  /** In residence and at high risk. */
  readonly highRisk: readonly AttentionItem[];
  /** In residence with an urgent need nobody has taken on. */
  readonly urgentNeeds: readonly AttentionItem[];
}

/** Needs are read as they stood at `asOf` (their history), like the occupancy: a past day shows that day. */
export function attention(state: OccupancyState, people: ReadonlyMap<string, Person>, asOf: string): Attention {
  const item = (p: Person): AttentionItem => ({
    personId: p.id,
    alias: p.alias,
    riskLevel: p.riskLevel,
    urgent: p.needs.filter((n) => URGENT_NEEDS.includes(n.kind) && needStatusAt(n, asOf) === 'open').map((n) => n.kind),
  });
  const residents = [...residentsAt(state, asOf).keys()].flatMap((id) => {
    const p = people.get(id);
    return p ? [item(p)] : [];
  });
  const byAlias = (a: AttentionItem, b: AttentionItem) => a.alias.localeCompare(b.alias);
  return {
    waiting: waitingForBed(state, [...people.values()], asOf).flatMap((w) => {
      const p = people.get(w.personId);
      return p ? [item(p)] : [];
    }),
    highRisk: residents.filter((r) => r.riskLevel === 'high').sort(byAlias),
    urgentNeeds: residents.filter((r) => r.urgent.length > 0).sort(byAlias),
  };
}

/**
 * Who needs attention, or 'pending' while identities are still opening after the unlock: lists
 * empty then would say nobody waits, when the people are only not open yet.
 */
export function attentionOf(state: OccupancyState, vault: Pick<VaultState, 'people' | 'identities'>, asOf: string): Attention | 'pending' {
  return vault.identities === 'opening' ? 'pending' : attention(state, vault.people, asOf);
}
