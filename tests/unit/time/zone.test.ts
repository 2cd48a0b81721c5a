import { describe, expect, it } from 'vitest';
import { nextPeriodStart, periodLabel, periodStart } from '../../../src/core/occupancy';
import {
  addDays,
  canonicalZone,
  endOfLocalDay,
  isLocalDay,
  isTimeZone,
  localDateTimeToInstant,
  localDay,
  localDayNumber,
  localTime,
  startOfLocalDay,
} from '../../../src/core/time/zone';

// Every case names its zone: nothing here depends on the TZ of the process running it.
const MOSCOW = 'Europe/Moscow'; // UTC+3, no DST
const TORONTO = 'America/Toronto'; // UTC-5, UTC-4 in summer
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the day of an instant', () => {
  it('around Moscow midnight: 00:30 there is 21:30 UTC the day before', () => {
    expect(localDay(at('2026-11-23T21:30:00Z'), MOSCOW)).toBe('2026-11-24');
    expect(localTime(at('2026-11-23T21:30:00Z'), MOSCOW)).toBe('00:30');
    expect(localDay(at('2026-11-23T21:30:00Z'), 'UTC')).toBe('2026-11-23');
    expect(localDay(at('2026-11-23T20:59:59.999Z'), MOSCOW)).toBe('2026-11-23');
  });

  it('around Toronto midnight, in winter and in summer', () => {
    expect(localDay(at('2026-11-24T04:30:00Z'), TORONTO)).toBe('2026-11-23'); // 23:30 EST
    expect(localDay(at('2026-11-24T05:30:00Z'), TORONTO)).toBe('2026-11-24'); // 00:30 EST
    expect(localDay(at('2026-07-01T03:30:00Z'), TORONTO)).toBe('2026-06-30'); // 23:30 EDT
    expect(localDay(at('2026-07-01T04:30:00Z'), TORONTO)).toBe('2026-07-01'); // 00:30 EDT
  });

  it('agrees with Intl every 7 hours over two years, across both changes of Toronto clocks', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: TORONTO, year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let ms = at('2025-01-01T00:00:00Z'); ms < at('2027-01-01T00:00:00Z'); ms += 7 * 3_600_000 + 60_000) {
      expect(localDay(ms, TORONTO)).toBe(intl.format(ms));
    }
  });

  it('numbers local days, so counting midnights counts local nights', () => {
    expect(localDayNumber(at('2026-11-23T21:30:00Z'), MOSCOW) - localDayNumber(at('2026-11-23T20:30:00Z'), MOSCOW)).toBe(1);
    expect(localDayNumber(at('2026-11-23T21:30:00Z'), 'UTC') - localDayNumber(at('2026-11-23T20:30:00Z'), 'UTC')).toBe(0);
  });
});

describe('the instants of a day', () => {
  it('starts and ends a day at local midnight', () => {
    expect(iso(startOfLocalDay('2026-11-24', MOSCOW))).toBe('2026-11-23T21:00:00.000Z');
    expect(iso(endOfLocalDay('2026-11-24', MOSCOW))).toBe('2026-11-24T20:59:59.999Z');
    expect(iso(startOfLocalDay('2026-11-24', TORONTO))).toBe('2026-11-24T05:00:00.000Z');
    expect(iso(endOfLocalDay('2026-07-01', TORONTO))).toBe('2026-07-02T03:59:59.999Z');
  });

  it('has 23 hours on the day clocks go forward and 25 on the day they go back', () => {
    const hours = (day: string) => (endOfLocalDay(day, TORONTO) + 1 - startOfLocalDay(day, TORONTO)) / 3_600_000;
    expect(hours('2026-03-08')).toBe(23);
    expect(hours('2026-11-01')).toBe(25);
    expect(hours('2026-11-02')).toBe(24);
  });

  it('moves a time that never happens on by the gap, and takes the first of a time that happens twice', () => {
    // 8 March 2026: Toronto skips from 02:00 to 03:00; 02:30 is read as 03:30 EDT.
    expect(iso(localDateTimeToInstant('2026-03-08', '02:30', TORONTO))).toBe('2026-03-08T07:30:00.000Z');
    expect(localTime(localDateTimeToInstant('2026-03-08', '02:30', TORONTO), TORONTO)).toBe('03:30');
    // 1 November 2026: 01:30 happens in EDT and again in EST; the first one.
    expect(iso(localDateTimeToInstant('2026-11-01', '01:30', TORONTO))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(localDateTimeToInstant('2026-11-24', '00:30', MOSCOW))).toBe('2026-11-23T21:30:00.000Z');
  });

  it('starts a day whose midnight is skipped at its first moment', () => {
    // Santiago's clocks go from 00:00 to 01:00 on 6 September 2026.
    expect(iso(startOfLocalDay('2026-09-06', 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(localTime(startOfLocalDay('2026-09-06', 'America/Santiago'), 'America/Santiago')).toBe('01:00');
  });

  it('does calendar arithmetic on days and refuses days that do not exist', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(isLocalDay('2026-04-31')).toBe(false);
    expect(isLocalDay('2026-4-3')).toBe(false);
    expect(() => startOfLocalDay('24.11.2026', MOSCOW)).toThrow(RangeError);
    expect(() => localDateTimeToInstant('2026-11-24', '24:00', MOSCOW)).toThrow(RangeError);
  });
});

describe('zone names', () => {
  it('takes IANA names and refuses offsets, abbreviations and nonsense', () => {
    for (const zone of [MOSCOW, TORONTO, 'UTC', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Etc/GMT+3']) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['', '+03:00', 'MSK+3', 'Mars/Olympus_Mons', 'Europe/Moscow ', '../etc', 'Europe//Moscow']) expect(isTimeZone(zone), zone).toBe(false);
    expect(canonicalZone('europe/moscow')).toBe(MOSCOW);
  });
});

describe('weeks and months of the zone', () => {
  it('starts the ISO week at Monday 00:00 local', () => {
    // Monday 23 November 2026, 00:30 in Moscow = Sunday 21:30 UTC.
    const mondayNight = at('2026-11-22T21:30:00Z');
    expect(iso(periodStart(mondayNight, 'isoWeek', MOSCOW))).toBe('2026-11-22T21:00:00.000Z');
    expect(periodLabel(mondayNight, 'isoWeek', MOSCOW)).toBe('2026-W48');
    expect(periodLabel(mondayNight, 'isoWeek', 'UTC')).toBe('2026-W47');
    expect(iso(nextPeriodStart(periodStart(mondayNight, 'isoWeek', MOSCOW), 'isoWeek', MOSCOW))).toBe('2026-11-29T21:00:00.000Z');
  });

  it('starts a month at local midnight of its first day, across a change of clocks', () => {
    // 1 December 2026, 00:30 in Moscow.
    expect(periodLabel(at('2026-11-30T21:30:00Z'), 'month', MOSCOW)).toBe('2026-12');
    expect(periodLabel(at('2026-11-30T21:30:00Z'), 'month', 'UTC')).toBe('2026-11');
    // October in Toronto begins in EDT and November ends in EST.
    const october = periodStart(at('2026-10-15T12:00:00Z'), 'month', TORONTO);
    expect(iso(october)).toBe('2026-10-01T04:00:00.000Z');
    expect(iso(nextPeriodStart(october, 'month', TORONTO))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(nextPeriodStart(nextPeriodStart(october, 'month', TORONTO), 'month', TORONTO))).toBe('2026-12-01T05:00:00.000Z');
  });
});
