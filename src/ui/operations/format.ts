/**
 * Dates as the screens show them. Stored instants are UTC and the engine counts UTC days, so days are
 * shown in UTC too: an arrival typed as "1 March" reads "1 March" wherever the laptop's clock is set.
 */
export function formatDay(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
}

/** The UTC day of `ms`, "2026-03-01". */
export function todayUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The instant an event typed as `day` (and optional "HH:MM", UTC) happened. Without a time: noon UTC
 * for a past day (the same calendar day from UTC-11 to UTC+11, see core/model/fields), and the current
 * moment for today, so what was just recorded is in the "now" view at once.
 */
export function eventInstant(day: string, time: string, now: number): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  if (time !== '') {
    const ms = Date.parse(`${day}T${time}:00.000Z`);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
  }
  if (day === todayUtc(now)) return new Date(now).toISOString();
  const ms = Date.parse(`${day}T12:00:00.000Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
