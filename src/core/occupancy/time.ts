export const DAY_MS = 86_400_000;

/** A point in time as the callers have it: a Date, an ISO string or epoch milliseconds. */
export type Instant = Date | string | number;

export function toMs(t: Instant): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(ms)) throw new RangeError('not a valid point in time');
  return ms;
}

/** The UTC calendar day, "2024-03-01". */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export type PeriodUnit = 'month' | 'isoWeek';

/** Start (UTC) of the month or ISO week (Monday) containing `ms`. */
export function periodStart(ms: number, unit: PeriodUnit): number {
  const d = new Date(ms);
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const mondayBased = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - mondayBased);
}

export function nextPeriodStart(start: number, unit: PeriodUnit): number {
  const d = new Date(start);
  return unit === 'month' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) : start + 7 * DAY_MS;
}

/** "2024-03" for a month, "2024-W09" for an ISO week (whose year is that of its Thursday). */
export function periodLabel(ms: number, unit: PeriodUnit): string {
  if (unit === 'month') return new Date(ms).toISOString().slice(0, 7);
  const thursday = new Date(periodStart(ms, 'isoWeek') + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
