import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/core/model';
import {
  allStays,
  bedNights,
  fold,
  freeBedsDuring,
  housesAt,
  lengthsOfStay,
  occupancyOver,
  occupancyRate,
  outcomesBy,
  periodCounts,
  periodLabel,
  placementOf,
  residentsAt,
  waitingForBed,
  newNeed,
} from '../../../src/core/occupancy';
import { day, ev, makeLayout } from './fixtures';

/** Needs known long before any day these tests look at. */
const KNOWN = '2000-01-01T00:00:00.000Z';

// Capacity: h1 = room 1 (2 beds) + room 2 (3 beds, holds 1) = 3; h2 = 1; 4 in all.
const layout = makeLayout([[2, [3, 1]], [1]]);
// Days from Monday 1 January 2024; every event at noon UTC.
const events = [
  ev.arrival('A', 'h1r1b1', 0), //         1 Jan
  ev.arrival('B', 'h1r1b2', 2), //         3 Jan
  ev.transfer('A', 'h2r1b1', 5), //        6 Jan
  ev.arrival('C', 'h1r2b1', 6), //         7 Jan
  ev.departure('B', 10, { outcome: 'resettled', destinationCountry: 'CA', partnerId: 'p1' }), // 11 Jan: 8 days
  ev.departure('A', 35, { outcome: 'other-shelter', destinationCountry: 'DE' }), //            5 Feb: 35 days
  ev.arrival('D', 'h1r1b1', 40), //        10 Feb, still there
  ev.departure('C', 45, { outcome: 'resettled', destinationCountry: 'CA' }), //                15 Feb: 39 days
];
const state = fold(events, layout);
const JAN = '2024-01-01T00:00:00Z';
const FEB = '2024-02-01T00:00:00Z';
const MAR = '2024-03-01T00:00:00Z';

describe('as-of queries', () => {
  it('tells who is where, and since when', () => {
    expect(residentsAt(state, day(7))).toEqual(
      new Map([
        ['A', { personId: 'A', houseId: 'h2', roomId: 'h2r1', bedId: 'h2r1b1', since: day(5) }],
        ['B', { personId: 'B', houseId: 'h1', roomId: 'h1r1', bedId: 'h1r1b2', since: day(2) }],
        ['C', { personId: 'C', houseId: 'h1', roomId: 'h1r2', bedId: 'h1r2b1', since: day(6) }],
      ]),
    );
    expect([...residentsAt(state, day(50)).keys()]).toEqual(['D']);
    expect(residentsAt(state, day(-1)).size).toBe(0);
  });

  it('counts an event at the very instant asked about', () => {
    expect(placementOf(state, 'A', day(5))?.bedId).toBe('h2r1b1');
    expect(placementOf(state, 'A', day(5, 11))?.bedId).toBe('h1r1b1');
    expect(placementOf(state, 'B', day(10))).toBeUndefined();
  });

  it('gives places, people and free places per house, and the occupancy rate', () => {
    expect(housesAt(state, day(7))).toEqual([
      { houseId: 'h1', capacity: 3, occupied: 2, free: 1 },
      { houseId: 'h2', capacity: 1, occupied: 1, free: 0 },
    ]);
    expect(occupancyRate(state, day(7))).toBe(0.75);
    expect(occupancyRate(state, day(7), 'h1')).toBeCloseTo(2 / 3, 12);
    expect(occupancyRate(state, day(50), 'h2')).toBe(0);
  });

  it('finds the beds free for a whole period, in rooms that stay below capacity', () => {
    // Days 3-4: room 1 is full (A, B); room 2 is empty.
    expect(freeBedsDuring(state, 'h1', day(3), day(4))).toEqual(['h1r2b1', 'h1r2b2', 'h1r2b3']);
    // Up to day 8 C fills room 2, which holds one.
    expect(freeBedsDuring(state, 'h1', day(3), day(8))).toEqual([]);
    // From day 12 on, open-ended: b1 is taken again by D on day 40, room 2 is full until day 45.
    expect(freeBedsDuring(state, 'h1', day(12))).toEqual(['h1r1b2']);
    // Ending exactly when D arrives is fine.
    expect(freeBedsDuring(state, 'h1', day(12), day(40))).toEqual(['h1r1b1', 'h1r1b2']);
  });
});

describe('figures over periods', () => {
  it('counts bed-nights by the night each day begins', () => {
    // January: A 5 nights in h1 + 26 in h2, B 8, C 25.
    expect(bedNights(state, JAN, FEB, 'UTC')).toBe(64);
    expect(bedNights(state, JAN, FEB, 'UTC', 'h1')).toBe(38);
    expect(bedNights(state, JAN, FEB, 'UTC', 'h2')).toBe(26);
    // February (29 days): A 4, C 14, D 20 (ongoing, counted up to the end of the period).
    expect(bedNights(state, FEB, MAR, 'UTC')).toBe(38);
    // The example of the doc comment: 1 March 15:00 to 3 March 10:00 is two nights.
    const short = fold([ev.arrival('X', 'h2r1b1', '2024-03-01T15:00:00Z'), ev.departure('X', '2024-03-03T10:00:00Z')], layout);
    expect(bedNights(short, MAR, '2024-04-01T00:00:00Z', 'UTC')).toBe(2);
    expect(bedNights(short, MAR, '2024-03-02T00:00:00Z', 'UTC')).toBe(1);
  });

  it('counts the nights of the zone: a night begins on the local day', () => {
    // 1 March 23:30 to 2 March 23:30 in Moscow: one night, of 1 March.
    const late = fold([ev.arrival('X', 'h2r1b1', '2024-03-01T20:30:00Z'), ev.departure('X', '2024-03-02T20:30:00Z')], layout);
    expect(bedNights(late, MAR, '2024-04-01T00:00:00Z', 'Europe/Moscow')).toBe(1);
    // 23:00 to 01:00 UTC crosses UTC midnight; in Moscow (02:00 to 04:00) it crosses none.
    const small = fold([ev.arrival('Y', 'h2r1b1', '2024-03-01T23:00:00Z'), ev.departure('Y', '2024-03-02T01:00:00Z')], layout);
    expect(bedNights(small, MAR, '2024-04-01T00:00:00Z', 'UTC')).toBe(1);
    expect(bedNights(small, MAR, '2024-04-01T00:00:00Z', 'Europe/Moscow')).toBe(0);
  });

  it('averages from the first recorded night: earlier days are no data, not empty beds', () => {
    // The first stay begins 1 January, noon: December has no nights at all, January all 31.
    expect(occupancyOver(state, '2023-12-01T00:00:00Z', JAN, 'UTC')).toEqual({ bedNights: 0, nights: 0 });
    expect(occupancyOver(state, '2023-12-01T00:00:00Z', FEB, 'UTC')).toEqual({ bedNights: 64, nights: 31 });
    // h2's first night is A's of 6 January: January counts 26 nights there, not 31.
    expect(occupancyOver(state, JAN, FEB, 'UTC', 'h2')).toEqual({ bedNights: 26, nights: 26 });
    // Nobody ever stayed: no nights, so no average.
    expect(occupancyOver(fold([], layout), JAN, FEB, 'UTC')).toEqual({ bedNights: 0, nights: 0 });
  });

  it('counts arrivals and departures per month, for all houses or one', () => {
    expect(periodCounts(state, 'month', JAN, MAR, 'UTC')).toEqual([
      { period: '2024-01', arrivals: 3, departures: 1 },
      { period: '2024-02', arrivals: 1, departures: 2 },
    ]);
    // A left from h2, where a transfer brought them: transfers count as neither.
    expect(periodCounts(state, 'month', JAN, MAR, 'UTC', 'h2')).toEqual([
      { period: '2024-01', arrivals: 0, departures: 0 },
      { period: '2024-02', arrivals: 0, departures: 1 },
    ]);
    expect(periodCounts(state, 'month', JAN, MAR, 'UTC', 'h1')).toEqual([
      { period: '2024-01', arrivals: 3, departures: 1 },
      { period: '2024-02', arrivals: 1, departures: 1 },
    ]);
  });

  it('counts per ISO week, empty weeks included, only inside the period', () => {
    expect(periodCounts(state, 'isoWeek', JAN, '2024-02-19T00:00:00Z', 'UTC')).toEqual([
      { period: '2024-W01', arrivals: 3, departures: 0 },
      { period: '2024-W02', arrivals: 0, departures: 1 },
      { period: '2024-W03', arrivals: 0, departures: 0 },
      { period: '2024-W04', arrivals: 0, departures: 0 },
      { period: '2024-W05', arrivals: 0, departures: 0 },
      { period: '2024-W06', arrivals: 1, departures: 1 },
      { period: '2024-W07', arrivals: 0, departures: 1 },
    ]);
    expect(periodCounts(state, 'isoWeek', day(2, 0), day(9, 0), 'UTC')).toEqual([
      { period: '2024-W01', arrivals: 2, departures: 0 },
      { period: '2024-W02', arrivals: 0, departures: 0 },
    ]);
  });

  it('labels ISO weeks by the year of their Thursday', () => {
    expect(periodLabel(Date.parse('2024-12-30T12:00:00Z'), 'isoWeek', 'UTC')).toBe('2025-W01');
    expect(periodLabel(Date.parse('2021-01-03T12:00:00Z'), 'isoWeek', 'UTC')).toBe('2020-W53');
    expect(periodLabel(Date.parse('2026-01-01T00:00:00Z'), 'isoWeek', 'UTC')).toBe('2026-W01');
  });

  it('gives median and 90th percentile of the stays that ended in the period', () => {
    expect(lengthsOfStay(state, JAN, MAR)).toEqual({ count: 3, medianDays: 35, p90Days: 39 });
    expect(lengthsOfStay(state, FEB, MAR)).toEqual({ count: 2, medianDays: 37, p90Days: 39 });
    expect(lengthsOfStay(state, JAN, FEB)).toEqual({ count: 1, medianDays: 8, p90Days: 8 });
    expect(lengthsOfStay(state, MAR, '2024-04-01T00:00:00Z')).toEqual({ count: 0, medianDays: null, p90Days: null });
  });

  it('uses the nearest rank for the 90th percentile', () => {
    const big = makeLayout([[10]]);
    const stays = Array.from({ length: 10 }, (_, i) => [ev.arrival(`P${i}`, `h1r1b${i + 1}`, 0), ev.departure(`P${i}`, i + 1)]).flat();
    expect(lengthsOfStay(fold(stays, big), JAN, MAR)).toEqual({ count: 10, medianDays: 5.5, p90Days: 9 });
  });

  it('groups departures by destination country and by partner', () => {
    const none = { resettled: 0, 'other-shelter': 0, 'returned-home': 0, 'left-without-notice': 0, other: 0 };
    expect(outcomesBy(state, 'country', JAN, MAR)).toEqual([
      { key: 'CA', total: 2, byOutcome: { ...none, resettled: 2 } },
      { key: 'DE', total: 1, byOutcome: { ...none, 'other-shelter': 1 } },
    ]);
    expect(outcomesBy(state, 'partner', JAN, MAR)).toEqual([
      { key: null, total: 2, byOutcome: { ...none, resettled: 1, 'other-shelter': 1 } },
      { key: 'p1', total: 1, byOutcome: { ...none, resettled: 1 } },
    ]);
    expect(outcomesBy(state, 'country', JAN, FEB)).toEqual([{ key: 'CA', total: 1, byOutcome: { ...none, resettled: 1 } }]);
  });

  it('lists stays, ongoing ones last per person', () => {
    expect(allStays(state).map((s) => [s.personId, s.departure?.outcome ?? 'ongoing']).sort()).toEqual([
      ['A', 'other-shelter'],
      ['B', 'resettled'],
      ['C', 'resettled'],
      ['D', 'ongoing'],
    ]);
  });
});

describe('waiting for a bed', () => {
  const person = (id: string, riskLevel: Person['riskLevel'], needs: Person['needs']): Person => ({
    id,
    alias: id,
    languages: [],
    needs,
    riskLevel,
    consentToShare: [],
  });
  const people = [
    person('F', 'low', [newNeed('housing', 'in-progress', KNOWN)]),
    person('G', 'high', [newNeed('housing', 'done', KNOWN)]),
    person('A', 'medium', [newNeed('housing', 'open', KNOWN)]),
    person('H', 'high', [newNeed('medical', 'open', KNOWN)]),
    person('E', 'high', [newNeed('housing', 'open', KNOWN)]),
  ];

  it('means a housing need not done and not in residence, highest risk first', () => {
    expect(waitingForBed(state, people, day(7))).toEqual([
      { personId: 'E', riskLevel: 'high' },
      { personId: 'F', riskLevel: 'low' },
    ]);
    // After A left, A waits again.
    expect(waitingForBed(state, people, day(50)).map((w) => w.personId)).toEqual(['E', 'A', 'F']);
  });
});
