import { addDays, DAY_MS, isoWeekday, localDay, startOfLocalDay } from '../time/zone';

export { DAY_MS };

/** A point in time as the callers have it: a Date, an ISO string or epoch milliseconds. */
export type Instant = Date | string | number;

export function toMs(t: Instant): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(ms)) throw new RangeError('not a valid point in time');
  return ms;
}

/** The UTC calendar day, "2024-03-01" (the engine's own English messages; screens show local days). */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export type PeriodUnit = 'month' | 'isoWeek';

/** The first day of the month or ISO week (Monday) containing the calendar day `day`. */
function firstDay(day: string, unit: PeriodUnit): string {
  return unit === 'month' ? `${day.slice(0, 7)}-01` : addDays(day, 1 - isoWeekday(day));
}

/** Start of the month or ISO week containing `ms`, at local midnight in `zone`. */
export function periodStart(ms: number, unit: PeriodUnit, zone: string): number {
  return startOfLocalDay(firstDay(localDay(ms, zone), unit), zone);
}

/** Start of the period after the one that starts at `start`. */
export function nextPeriodStart(start: number, unit: PeriodUnit, zone: string): number {
  const first = firstDay(localDay(start, zone), unit);
  if (unit === 'isoWeek') return startOfLocalDay(addDays(first, 7), zone);
  const [y, m] = first.split('-').map(Number) as [number, number];
  return startOfLocalDay(new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10), zone);
}

/** "2024-03" for a month, "2024-W09" for an ISO week (whose year is that of its Thursday), in `zone`. */
export function periodLabel(ms: number, unit: PeriodUnit, zone: string): string {
  const day = localDay(ms, zone);
  if (unit === 'month') return day.slice(0, 7);
  const thursday = addDays(firstDay(day, 'isoWeek'), 3);
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
