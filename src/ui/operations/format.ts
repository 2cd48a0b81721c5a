import { isLocalDay, isLocalTime, localDateTimeToInstant, localDay, type LocalDay } from '../../core/time/zone';

/**
 * Dates, times and numbers as every screen shows and reads them: in the UI's language (never the
 * browser's locale; "24.11.2026" in Russian, "11/24/2026" in English) and on the calendar of the
 * organisation's time zone. Stored instants stay UTC.
 */

const memo = <T>(make: (language: string, zone: string) => T) => {
  const cache = new Map<string, T>();
  return (language: string, zone = 'UTC'): T => {
    const key = `${language} ${zone}`;
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = make(language, zone)));
    return value;
  };
};

const dayFormat = memo((language, zone) => new Intl.DateTimeFormat(language, { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }));
const dateTimeFormat = memo(
  (language, zone) => new Intl.DateTimeFormat(language, { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
);
const monthFormat = memo((language) => new Intl.DateTimeFormat(language, { timeZone: 'UTC', year: 'numeric', month: '2-digit' }));
const numberFormat = memo((language) => new Intl.NumberFormat(language, { maximumFractionDigits: 1 }));

/** A calendar day ("2026-11-24") as the language writes it: "24.11.2026", "11/24/2026". */
export function formatLocalDay(day: LocalDay, language: string): string {
  return dayFormat(language).format(Date.parse(`${day}T00:00:00Z`));
}

/** The day of an instant in `zone`, as the language writes it. */
export function formatDay(iso: string, language: string, zone: string): string {
  return formatLocalDay(localDay(Date.parse(iso), zone), language);
}

/** Day and 24-hour time of an instant in `zone`: "24.11.2026, 00:30". */
export function formatDateTime(iso: string, language: string, zone: string): string {
  return dateTimeFormat(language, zone).format(Date.parse(iso));
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month "2026-11" as the language writes it: "11.2026", "11/2026". */
export function formatMonth(month: string, language: string): string {
  return monthFormat(language).format(Date.parse(`${month}-01T00:00:00Z`));
}

/** A typed month in the language's order ("11.2026", "11/2026") or ISO "2026-11" in any language. */
export function parseMonth(text: string, language: string): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})$/.exec(t);
  const numbers = /^(\d{1,4})[./\-\s](\d{1,4})$/.exec(t);
  const order = monthFormat(language)
    .formatToParts(0)
    .map((p) => p.type)
    .filter((type) => type === 'month' || type === 'year');
  const found = iso ? { year: iso[1], month: iso[2] } : numbers ? Object.fromEntries(order.map((part, i) => [part, numbers[i + 1]])) : undefined;
  if (!found || found.year?.length !== 4) return undefined;
  const month = `${found.year}-${found.month?.padStart(2, '0')}`;
  return MONTH.test(month) ? month : undefined;
}

export const isMonth = (month: string): boolean => MONTH.test(month);

export function formatNumber(n: number, language: string): string {
  return numberFormat(language).format(n);
}

type DayPart = 'day' | 'month' | 'year';

/** The order of day, month and year in the language's numeric dates (from Intl, not a table). */
const dayOrder = memo((language): DayPart[] =>
  dayFormat(language)
    .formatToParts(0)
    .map((p) => p.type)
    .filter((type): type is DayPart => type === 'day' || type === 'month' || type === 'year'),
);

/**
 * A typed date in the language's order ("24.11.2026", "24.11.26" is refused: the century is not
 * guessed) or ISO "2026-11-24" in any language; separators . / - or a space. Undefined when it is not
 * a real day.
 */
export function parseDay(text: string, language: string): LocalDay | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const parts = iso ? { year: iso[1], month: iso[2], day: iso[3] } : undefined;
  const numbers = /^(\d{1,4})[./\-\s](\d{1,2})[./\-\s](\d{1,4})$/.exec(t);
  const byOrder = !parts && numbers ? Object.fromEntries(dayOrder(language).map((part, i) => [part, numbers[i + 1]])) : undefined;
  const found = parts ?? byOrder;
  if (!found || found.year?.length !== 4) return undefined;
  const day = `${found.year}-${found.month?.padStart(2, '0')}-${found.day?.padStart(2, '0')}`;
  return isLocalDay(day) ? day : undefined;
}

/** A typed time "14:30" or "9:05" (24-hour) -> "14:30"; undefined otherwise. */
export function parseTime(text: string): string | undefined {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const time = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  return isLocalTime(time) ? time : undefined;
}

/**
 * The instant an event typed as `day` (and optional time) happened, both read in `zone`. Without a
 * time: the current moment for today, so what was just recorded is in the "now" view at once, and
 * local noon for another day. Undefined when the day or the time is not valid.
 */
export function eventInstant(day: string, time: string, now: number, zone: string): string | undefined {
  if (!isLocalDay(day)) return undefined;
  if (time.trim() !== '') {
    const hhmm = parseTime(time);
    return hhmm === undefined ? undefined : new Date(localDateTimeToInstant(day, hhmm, zone)).toISOString();
  }
  if (day === localDay(now, zone)) return new Date(now).toISOString();
  return new Date(localDateTimeToInstant(day, '12:00', zone)).toISOString();
}
