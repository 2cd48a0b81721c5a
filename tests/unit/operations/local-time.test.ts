import type { TFunction } from 'i18next';
import { translators } from '../support/translators';
import { beforeAll, describe, expect, it } from 'vitest';
import { asOfAt } from '../../../src/ui/operations/asOfDay';
import { eventInstant, formatDateTime, formatDay, formatLocalDay, formatMonth, formatNumber, parseDay, parseMonth, parseTime } from '../../../src/ui/operations/format';
import { buildEvent, EMPTY_VALUES } from '../../../src/ui/operations/recordForm';
import { monthOf } from '../../../src/ui/screens/operations/Reports';

// "Today" on the screens, around local midnight. Zones are passed explicitly, never read from TZ.
const MOSCOW = 'Europe/Moscow';
const TORONTO = 'America/Toronto';
/** Tuesday 24 November 2026, 00:30 in Moscow; still Monday 23rd in UTC. */
const MOSCOW_0030 = Date.parse('2026-11-23T21:30:00Z');
/** Monday 23 November 2026, 23:30 in Toronto; already Tuesday 24th in UTC. */
const TORONTO_2330 = Date.parse('2026-11-24T04:30:00Z');

let ru: TFunction;
beforeAll(async () => {
  ({ ru } = await translators());
});

describe('today and the as-of day in the organisation zone', () => {
  it('at 00:30 in Moscow today is the Moscow day, and it is the latest day the bar can pick', () => {
    const live = asOfAt(MOSCOW_0030, undefined, MOSCOW);
    expect(live).toEqual({ today: '2026-11-24', day: undefined, isPast: false, asOf: '2026-11-23T21:30:00.000Z' });
    // Picking today (or a later day) is live, not the past.
    expect(asOfAt(MOSCOW_0030, '2026-11-24', MOSCOW).isPast).toBe(false);
    expect(asOfAt(MOSCOW_0030, '2026-11-25', MOSCOW).isPast).toBe(false);
    // Yesterday means the end of yesterday in Moscow, 20:59:59.999 UTC.
    expect(asOfAt(MOSCOW_0030, '2026-11-23', MOSCOW)).toEqual({ today: '2026-11-24', day: '2026-11-23', isPast: true, asOf: '2026-11-23T20:59:59.999Z' });
  });

  it('at 23:30 in Toronto today is still the Toronto day', () => {
    expect(asOfAt(TORONTO_2330, undefined, TORONTO).today).toBe('2026-11-23');
    expect(asOfAt(TORONTO_2330, '2026-11-22', TORONTO).asOf).toBe('2026-11-23T04:59:59.999Z');
    expect(asOfAt(TORONTO_2330, '2026-11-23', TORONTO).isPast).toBe(false);
  });

  it('the reports default to the month of the zone', () => {
    // 1 December, 00:30 in Moscow.
    expect(monthOf(Date.parse('2026-11-30T21:30:00Z'), MOSCOW)).toBe('2026-12');
    expect(monthOf(Date.parse('2026-11-30T21:30:00Z'), MOSCOW, 11)).toBe('2026-01');
    expect(monthOf(Date.parse('2026-12-01T04:30:00Z'), TORONTO)).toBe('2026-11');
  });
});

describe('a "today" event recorded just after local midnight', () => {
  const draft = { id: 'e1', personId: 'p1', userId: 'u1' };

  it('gets the local date in Moscow, shown as dd.mm.yyyy in Russian', () => {
    const { today } = asOfAt(MOSCOW_0030, undefined, MOSCOW);
    const built = buildEvent('arrival', { ...EMPTY_VALUES, day: today, house: 'h1', bed: 'b1' }, draft, MOSCOW_0030, MOSCOW, ru);
    if (!('event' in built)) throw new Error('not built');
    expect(built.event.at).toBe('2026-11-23T21:30:00.000Z');
    expect(formatDay(built.event.at, 'ru', MOSCOW)).toBe('24.11.2026');
  });

  it('gets the local date in Toronto at 23:30, not the UTC one', () => {
    const { today } = asOfAt(TORONTO_2330, undefined, TORONTO);
    const at = eventInstant(today, '', TORONTO_2330, TORONTO)!;
    expect(formatDay(at, 'en', TORONTO)).toBe('11/23/2026');
    // A time typed for that day is Toronto time.
    expect(eventInstant(today, '23:15', TORONTO_2330, TORONTO)).toBe('2026-11-24T04:15:00.000Z');
  });
});

describe('dates and numbers in the language of the UI', () => {
  it('writes days and times the language\'s way, in the zone', () => {
    expect(formatLocalDay('2026-11-24', 'ru')).toBe('24.11.2026');
    expect(formatLocalDay('2026-11-24', 'en')).toBe('11/24/2026');
    expect(formatDateTime('2026-11-23T21:30:00Z', 'ru', MOSCOW)).toBe('24.11.2026, 00:30');
    expect(formatDateTime('2026-11-24T04:30:00Z', 'en', TORONTO)).toBe('11/23/2026, 23:30');
    expect(formatNumber(1234.56, 'ru')).toBe('1\u00a0234,6');
    expect(formatNumber(1234.56, 'en')).toBe('1,234.6');
  });

  it('reads a typed day in the language\'s order, or ISO in any language', () => {
    expect(parseDay('24.11.2026', 'ru')).toBe('2026-11-24');
    expect(parseDay(' 1.2.2026 ', 'ru')).toBe('2026-02-01');
    expect(parseDay('11/24/2026', 'en')).toBe('2026-11-24');
    expect(parseDay('2026-11-24', 'ru')).toBe('2026-11-24');
    expect(parseDay('2026-11-24', 'en')).toBe('2026-11-24');
    for (const [text, language] of [
      ['24/11/2026', 'en'], // no 24th month
      ['31.04.2026', 'ru'], // no 31 April
      ['24.11.26', 'ru'], // the century is not guessed
      ['', 'ru'],
      ['завтра', 'ru'],
    ] as const) {
      expect(parseDay(text, language), text).toBeUndefined();
    }
  });

  it('writes and reads the months of the reports the same way', () => {
    expect(formatMonth('2026-11', 'ru')).toBe('11.2026');
    expect(formatMonth('2026-11', 'en')).toBe('11/2026');
    expect(parseMonth('1.2024', 'ru')).toBe('2024-01');
    expect(parseMonth('01/2024', 'en')).toBe('2024-01');
    expect(parseMonth('2024-01', 'ru')).toBe('2024-01');
    for (const text of ['13.2024', '2024', '1.24', 'январь']) expect(parseMonth(text, 'ru'), text).toBeUndefined();
  });

  it('reads a 24-hour time', () => {
    expect(parseTime('9:05')).toBe('09:05');
    expect(parseTime('23.59')).toBe('23:59');
    expect(parseTime('24:00')).toBeUndefined();
    expect(parseTime('7 pm')).toBeUndefined();
  });
});
