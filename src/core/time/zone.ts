/**
 * Calendar days and wall-clock times in a named (IANA) time zone, from Intl alone. Stored instants
 * stay UTC; the organisation's zone (Settings.timeZone) decides which day an instant falls on, when
 * a day begins and ends, and which instant a typed date and time mean (docs/architecture.md, "Time").
 * Nothing here reads the clock: callers pass `now`.
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A calendar day, "2026-11-24". */
export type LocalDay = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
// Area/Location names (and "UTC"); fixed offsets such as "+03:00" are not zones: they ignore DST.
const ZONE_NAME = /^(?:[A-Za-z][A-Za-z0-9_+-]*)(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/;

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(zone: string): Intl.DateTimeFormat {
  let f = wallFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormats.set(zone, f);
  }
  return f;
}

/** An IANA zone name Intl knows ("Europe/Moscow", "America/Toronto", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (!ZONE_NAME.test(zone)) return false;
  try {
    wallFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling ("europe/moscow" -> "Europe/Moscow"); throws RangeError for a non-zone. */
export function canonicalZone(zone: string): string {
  if (!isTimeZone(zone)) throw new RangeError('not a time zone');
  return wallFormat(zone).resolvedOptions().timeZone;
}

function exactOffset(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of wallFormat(zone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

// Per zone and hour: the offset, when it is the same at both ends of the hour (zones change offset
// at most once an hour), so folding years of events asks Intl once per hour they touch.
const offsetCache = new Map<string, Map<number, number>>();
const CACHE_LIMIT = 100_000;

/** Milliseconds to add to a UTC instant to get the zone's wall clock then (Moscow: +3 h). */
export function offsetAt(ms: number, zone: string): number {
  if (zone === 'UTC') return 0;
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const hour = Math.floor(ms / HOUR_MS);
  const known = cache.get(hour);
  if (known !== undefined) return known;
  const start = exactOffset(hour * HOUR_MS, zone);
  if (start !== exactOffset((hour + 1) * HOUR_MS - 1, zone)) return exactOffset(ms, zone);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(hour, start);
  return start;
}

/** The zone's calendar day of an instant. */
export function localDay(ms: number, zone: string): LocalDay {
  return new Date(ms + offsetAt(ms, zone)).toISOString().slice(0, 10);
}

/** The zone's wall-clock time of an instant, "HH:MM". */
export function localTime(ms: number, zone: string): string {
  return new Date(ms + offsetAt(ms, zone)).toISOString().slice(11, 16);
}

/** Days since 1970-01-01 of the zone's calendar day of an instant: counts local midnights. */
export function localDayNumber(ms: number, zone: string): number {
  return Math.floor((ms + offsetAt(ms, zone)) / DAY_MS);
}

/** A real calendar day written "YYYY-MM-DD" (no 31 April). */
export function isLocalDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number(m[1]) >= 1900 && d.toISOString().slice(0, 10) === day;
}

/** A wall-clock time written "HH:MM", 00:00 to 23:59. */
export function isLocalTime(time: string): boolean {
  return TIME.test(time);
}

function dayToUtcMs(day: LocalDay): number {
  if (!isLocalDay(day)) throw new RangeError('a day must look like 2026-11-24');
  return Date.parse(`${day}T00:00:00Z`);
}

/** The calendar day `n` days after `day` (before, for negative n). */
export function addDays(day: LocalDay, n: number): LocalDay {
  return new Date(dayToUtcMs(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 1 (Monday) to 7 (Sunday). */
export function isoWeekday(day: LocalDay): number {
  return ((new Date(dayToUtcMs(day)).getUTCDay() + 6) % 7) + 1;
}

/**
 * The instant the zone's wall clock shows `time` on `day`. Across a change of offset it follows
 * what a person at that wall clock means: a time that happens twice (clocks going back) is the
 * first of the two; a time that never happens (clocks going forward) is moved on by the gap, so
 * 02:30 on the morning Toronto skips to 03:00 is 03:30.
 */
export function localDateTimeToInstant(day: LocalDay, time: string, zone: string): number {
  const m = TIME.exec(time);
  if (!m) throw new RangeError('a time must look like 14:30');
  const wall = dayToUtcMs(day) + Number(m[1]) * HOUR_MS + Number(m[2]) * 60_000;
  // Offsets a day either side; no zone changes offset twice within two days.
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const fits = [wall - before, wall - after].filter((ms) => ms + offsetAt(ms, zone) === wall).sort((a, b) => a - b);
  return fits[0] ?? wall - before;
}

/** The first instant of `day` in the zone (midnight, or the first moment after a skipped midnight). */
export function startOfLocalDay(day: LocalDay, zone: string): number {
  return localDateTimeToInstant(day, '00:00', zone);
}

/** The last millisecond of `day` in the zone: what "as of that day" means. */
export function endOfLocalDay(day: LocalDay, zone: string): number {
  return startOfLocalDay(addDays(day, 1), zone) - 1;
}

/** The system's zone, as the default for an organisation that has not chosen one. */
export function systemTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
}
