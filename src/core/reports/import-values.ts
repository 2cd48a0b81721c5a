import type { NeedKind, Outcome, RiskLevel } from '../model';
import { localDateTimeToInstant } from '../time/zone';

/**
 * Readers for the values people type into shelter spreadsheets, in English or Russian. Each returns
 * undefined for what it cannot read; the import turns that into a row problem.
 */

/** Lower case, ё as е, punctuation as spaces, spaces collapsed: "Дата  прибытия:" -> "дата прибытия". */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function lookup<T>(table: Readonly<Record<string, readonly string[]>>): (text: string) => T | undefined {
  const index = new Map<string, T>();
  for (const [value, words] of Object.entries(table)) for (const w of [value, ...words]) index.set(normalize(w), value as T);
  return (text) => index.get(normalize(text));
}

export const readRisk = lookup<RiskLevel>({
  low: ['низкий', 'низкая'],
  medium: ['средний', 'средняя'],
  high: ['высокий', 'высокая'],
});

export const readNeed = lookup<NeedKind>({
  housing: ['shelter', 'жилье', 'жильё', 'жилье и приют'],
  language: ['language course', 'язык', 'языковые курсы', 'курсы языка'],
  'financial-literacy': ['financial literacy', 'finance', 'финансовая грамотность', 'финансы'],
  medical: ['health', 'medical care', 'медицина', 'медицинская помощь', 'здоровье', 'врач'],
  legal: ['lawyer', 'legal aid', 'юридическая помощь', 'юрист', 'правовая помощь'],
  documents: ['papers', 'документы'],
  other: ['другое'],
});

export const readOutcome = lookup<Outcome>({
  resettled: ['resettlement', 'переселен', 'переселена', 'переселение', 'переселен в другую страну'],
  'other-shelter': ['another shelter', 'другой шелтер', 'другое убежище', 'другой приют'],
  'returned-home': ['home', 'вернулся домой', 'вернулась домой', 'домой'],
  'left-without-notice': ['left', 'ушел без предупреждения', 'ушла без предупреждения', 'ушел', 'ушла'],
  other: ['другое'],
});

/** A list cell: "ru, en; tg" -> ["ru", "en", "tg"]. */
export function readList(text: string): string[] {
  return [...new Set(text.split(/[,;/\n]+/).map((s) => s.trim()).filter(Boolean))];
}

/**
 * "2024-03-01", "01.03.2024" (day first, as in Russia) or "2024-03-01 14:30" / "2024-03-01T14:30:00Z",
 * read in the organisation's time zone `zone` unless it ends in Z (UTC), as the forms read them. A
 * date alone is local noon, as in the forms. "01/03/2024" is refused: day or month first?
 */
export function readDate(text: string, zone = 'UTC'): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z)?)?$/.exec(t);
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const [y, m, d, hh, mm, ss] = iso ? [iso[1], iso[2], iso[3], iso[4] ?? '12', iso[5] ?? '00', iso[6] ?? '00'] : dotted ? [dotted[3], dotted[2], dotted[1], '12', '00', '00'] : [];
  if (y === undefined) return undefined;
  const [year, month, day, hour, minute, second] = [y, m, d, hh, mm, ss].map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 31 April over to 1 May; a date that does not come back unchanged did not exist.
  if (year < 1900 || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  if (iso?.[7] === 'Z') return back.toISOString();
  const wall = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return new Date(localDateTimeToInstant(back.toISOString().slice(0, 10), wall, zone) + second * 1000).toISOString();
}
