import { capacityOf, nextPeriodStart, occupancyOver, outcomesBy, periodCounts, periodLabel, toMs, type Instant, type OccupancyState } from '../occupancy';
import { startOfLocalDay } from '../time/zone';

/**
 * The monthly report for funders, de-identified: whole months only (no dates), no names or ids, all
 * houses together, and small counts withheld. A count below 5 shows as "<5" (zero too, so "<5"
 * never tells "nobody" from "one person"). Where one withheld cell could be worked out from a
 * published total, the next smallest cell is withheld as well ("suppressed"), and so is a rate
 * computed from a withheld count.
 */

export const SUPPRESSION_THRESHOLD = 5;
export const BELOW_THRESHOLD = '<5';
export const WITHHELD = 'suppressed';
export type ReportCell = number | typeof BELOW_THRESHOLD | typeof WITHHELD;

/** Destinations with fewer departures than the threshold over the whole report are pooled here. */
export const OTHER_COUNTRIES = 'other';

export interface MonthRow {
  /** "2024-03". */
  readonly month: string;
  readonly arrivals: ReportCell;
  readonly departures: ReportCell;
  readonly bedNights: ReportCell;
  /** Bed-nights over places x nights (from the first recorded night on), in whole percent. */
  readonly occupancyRatePct: ReportCell;
  /** Departures per destination column, see FunderReport.countries. */
  readonly departuresTo: Readonly<Record<string, ReportCell>>;
}

export interface FunderReport {
  /** Destination columns: ISO country codes, then OTHER_COUNTRIES (pooled and unrecorded ones). */
  readonly countries: readonly string[];
  readonly months: readonly MonthRow[];
}

/**
 * Months `from` to `to` ("2024-01" to "2024-06", inclusive) of the organisation's time zone, none
 * after `now`; the current month counts up to `now`. Places are today's, from the layout: a house
 * opened mid-year lowers the earlier rates.
 */
export function monthlyReport(state: OccupancyState, range: { from: string; to: string; now: Instant; zone: string }): FunderReport {
  const now = toMs(range.now);
  const zone = range.zone;
  const monthStart = (month: string) => startOfLocalDay(`${monthOf(month)}-01`, zone);
  const places = capacityOf(state.layout);
  const raw: { month: string; arrivals: number; departures: number; bedNights: number; nights: number; byCountry: Map<string | null, number> }[] = [];
  const totals = new Map<string | null, number>();
  for (let start = monthStart(range.from); start <= monthStart(range.to) && start <= now; start = nextPeriodStart(start, 'month', zone)) {
    const end = Math.min(nextPeriodStart(start, 'month', zone), now);
    const [counts] = periodCounts(state, 'month', start, end, zone);
    const occupancy = occupancyOver(state, start, end, zone);
    const byCountry = new Map(outcomesBy(state, 'country', start, end).map((g) => [g.key, g.total]));
    for (const [key, n] of byCountry) totals.set(key, (totals.get(key) ?? 0) + n);
    raw.push({
      month: periodLabel(start, 'month', zone),
      arrivals: counts?.arrivals ?? 0,
      departures: counts?.departures ?? 0,
      bedNights: occupancy.bedNights,
      nights: occupancy.nights,
      byCountry,
    });
  }
  const named = [...totals]
    .filter(([key, n]) => key !== null && n >= SUPPRESSION_THRESHOLD)
    .sort(([a, x], [b, y]) => y - x || ((a as string) < (b as string) ? -1 : 1))
    .map(([key]) => key as string);
  const countries = [...named, OTHER_COUNTRIES];
  const months = raw.map((m): MonthRow => {
    const perColumn = countries.map((c) =>
      c === OTHER_COUNTRIES ? [...m.byCountry].filter(([key]) => key === null || !named.includes(key)).reduce((sum, [, n]) => sum + n, 0) : (m.byCountry.get(c) ?? 0),
    );
    const departures = suppress(m.departures);
    const cells = withheldBreakdown(perColumn, typeof departures === 'number');
    const bedNightsCell = suppress(m.bedNights);
    const capacityNights = places * m.nights;
    return {
      month: m.month,
      arrivals: suppress(m.arrivals),
      departures,
      bedNights: bedNightsCell,
      occupancyRatePct: typeof bedNightsCell === 'number' ? (capacityNights ? Math.round((100 * m.bedNights) / capacityNights) : 0) : WITHHELD,
      departuresTo: Object.fromEntries(countries.map((c, i) => [c, cells[i] as ReportCell])),
    };
  });
  return { countries, months };
}

/** Header and rows, ready for toCsv(). */
export function funderReportTable(report: FunderReport): (string | number)[][] {
  return [
    ['month', 'arrivals', 'departures', 'bed_nights', 'occupancy_rate_pct', ...report.countries.map((c) => `departures_to_${c}`)],
    ...report.months.map((m) => [m.month, m.arrivals, m.departures, m.bedNights, m.occupancyRatePct, ...report.countries.map((c) => m.departuresTo[c] ?? WITHHELD)]),
  ];
}

function suppress(n: number): ReportCell {
  return n < SUPPRESSION_THRESHOLD ? BELOW_THRESHOLD : n;
}

/**
 * Cells that add up to a published total: if exactly one is withheld, total minus the others would
 * give it away, so the smallest published one is withheld too.
 */
function withheldBreakdown(values: readonly number[], totalPublished: boolean): ReportCell[] {
  const cells = values.map(suppress);
  if (!totalPublished || cells.filter((c) => c === BELOW_THRESHOLD).length !== 1) return cells;
  let smallest = -1;
  cells.forEach((c, i) => {
    if (typeof c === 'number' && (smallest < 0 || c < (cells[smallest] as number))) smallest = i;
  });
  if (smallest >= 0) cells[smallest] = WITHHELD;
  return cells;
}

function monthOf(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError('a month must look like 2024-03');
  return month;
}
