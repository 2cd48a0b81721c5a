import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/core/model';
import { fold, newNeed, withNeedStatus } from '../../../src/core/occupancy';
import { attention, houseTable, occupancySeries, outcomeBars, spanStart, stayLengths } from '../../../src/ui/screens/operations/DashboardFigures';
import { DAY, day, ev, makeLayout, T0 } from '../occupancy/fixtures';

/** Needs known long before any day these tests look at. */
const KNOWN = '2000-01-01T00:00:00.000Z';

// Two houses: h1 with rooms of 2 and 1 beds (3 places), h2 with one room of 2 beds. T0 is Monday 1 January 2024.
const layout = makeLayout([[2, 1], [2]]);

const person = (id: string, extra: Partial<Person> = {}): Person => ({ id, alias: `Alias ${id}`, languages: [], needs: [], riskLevel: 'medium', consentToShare: [], ...extra });

describe('houseTable', () => {
  const events = [
    ev.arrival('p1', 'h1r1b1', 0),
    ev.arrival('p2', 'h1r1b2', 2),
    ev.arrival('p3', 'h2r1b1', 3),
    ev.departure('p3', 8, { destinationCountry: 'CA' }),
    ev.arrival('p4', 'h2r1b2', 9),
    ev.transfer('p2', 'h2r1b1', 10),
  ];
  const state = fold(events, layout);

  it('gives places, people and free beds per house as of an instant, and arrivals and departures of that ISO week', () => {
    // Thursday 11 January, week 2 (8-14 January): p3 left h2 on the 9th (day 8), p4 arrived in h2 on day 9,
    // p2 moved h1 -> h2 on day 10 (a transfer: neither an arrival nor a departure).
    const table = houseTable(state, day(10, 18), 'UTC');
    expect(table.week).toBe('2024-W02');
    expect(table.rows).toEqual([
      { houseId: 'h1', alias: 'House 1', city: 'Moscow', capacity: 3, occupied: 1, free: 2, ratePct: 33, arrivals: 0, departures: 0 },
      { houseId: 'h2', alias: 'House 2', city: 'Moscow', capacity: 2, occupied: 2, free: 0, ratePct: 100, arrivals: 1, departures: 1 },
    ]);
    expect(table.total).toEqual({ capacity: 5, occupied: 3, free: 2, ratePct: 60, arrivals: 1, departures: 1 });
  });

  it('shows the past: as of the first week, before anyone left', () => {
    const table = houseTable(state, day(3, 18), 'UTC');
    expect(table.week).toBe('2024-W01');
    expect(table.rows.map((r) => [r.occupied, r.arrivals, r.departures])).toEqual([
      [2, 2, 0],
      [1, 1, 0],
    ]);
  });
});

describe('occupancySeries', () => {
  it('averages bed-nights per period against the places, the current period counting the nights completed so far', () => {
    // One person in h2 (2 places) from day 0 noon on, a second from day 7 noon to day 14 noon.
    const state = fold([ev.arrival('a', 'h2r1b1', 0), ev.arrival('b', 'h2r1b2', 7), ev.departure('b', 14)], layout);
    const asOf = new Date(T0 + 17 * DAY + 6 * 3_600_000).toISOString(); // Thursday of week 3, 06:00
    const series = occupancySeries(state, 'weeks', asOf, 'UTC', 'h2');
    // The span reaches 12 weeks back, but the weeks before the first recorded night are no data, not 0%.
    expect(series).toEqual([
      { period: '2024-W01', averageOccupied: 1, capacity: 2, ratePct: 50 },
      { period: '2024-W02', averageOccupied: 2, capacity: 2, ratePct: 100 },
      // Nights of Monday to Wednesday (3): a alone.
      { period: '2024-W03', averageOccupied: 1, capacity: 2, ratePct: 50 },
    ]);
  });

  it('leaves out a current period with no completed night, and counts all houses by default', () => {
    const state = fold([ev.arrival('a', 'h1r1b1', 0)], layout);
    const series = occupancySeries(state, 'months', new Date(Date.UTC(2024, 1, 1, 8)).toISOString(), 'UTC');
    expect(series).toEqual([{ period: '2024-01', averageOccupied: 1, capacity: 5, ratePct: 20 }]);
  });

  it('starts the average at the first recorded night: days before it in the first period do not count', () => {
    // h2's first stay begins on Saturday 20 January (day 19): of week 3 only the nights of Saturday and Sunday are data.
    const state = fold([ev.arrival('a', 'h2r1b1', 19)], layout);
    const asOf = new Date(T0 + 28 * DAY).toISOString(); // Monday of week 5, 00:00
    expect(occupancySeries(state, 'weeks', asOf, 'UTC', 'h2')).toEqual([
      { period: '2024-W03', averageOccupied: 1, capacity: 2, ratePct: 50 },
      { period: '2024-W04', averageOccupied: 1, capacity: 2, ratePct: 50 },
    ]);
    // The month: 12 nights (20 to 31 January) of one person in 2 places, not 12 of 31.
    expect(occupancySeries(state, 'months', asOf, 'UTC', 'h2').at(0)).toEqual({ period: '2024-01', averageOccupied: 1, capacity: 2, ratePct: 50 });
    // No stay yet: no point at all.
    expect(occupancySeries(fold([], layout), 'months', asOf, 'UTC')).toEqual([]);
  });

  it('counts the nights and weeks of the organisation\'s zone', () => {
    // Arrival on Sunday 7 January 23:30 in Moscow (20:30 UTC): the first night is Sunday's, in week 1 there.
    const state = fold([ev.arrival('a', 'h2r1b1', '2024-01-07T20:30:00Z')], layout);
    const asOf = '2024-01-10T21:00:00.000Z'; // Thursday 11 January, 00:00 in Moscow
    expect(occupancySeries(state, 'weeks', asOf, 'Europe/Moscow', 'h2')).toEqual([
      { period: '2024-W01', averageOccupied: 1, capacity: 2, ratePct: 50 },
      // Monday to Wednesday nights, all taken.
      { period: '2024-W02', averageOccupied: 1, capacity: 2, ratePct: 50 },
    ]);
    // 00:30 on Monday in Moscow is still Sunday in UTC: the week's moves are those of week 2 there.
    expect(houseTable(state, '2024-01-07T21:30:00Z', 'Europe/Moscow').week).toBe('2024-W02');
    expect(houseTable(state, '2024-01-07T21:30:00Z', 'UTC').week).toBe('2024-W01');
  });

  it('spans 12 ISO weeks or 12 months back from the as-of instant', () => {
    expect(new Date(spanStart('weeks', day(17), 'UTC')).toISOString()).toBe('2023-10-30T00:00:00.000Z');
    expect(new Date(spanStart('months', day(17), 'UTC')).toISOString()).toBe('2023-02-01T00:00:00.000Z');
  });
});

describe('outcomes and lengths of stay over the span', () => {
  const state = fold(
    [
      ev.arrival('a', 'h1r1b1', 0),
      ev.departure('a', 10, { destinationCountry: 'CA', partnerId: 'rr' }),
      ev.arrival('b', 'h1r1b2', 0),
      ev.departure('b', 30, { outcome: 'returned-home' }),
      ev.arrival('c', 'h2r1b1', 5),
      ev.departure('c', 25, { destinationCountry: 'CA', partnerId: 'rr' }),
    ],
    layout,
  );

  it('counts departures up to the end of the as-of day only', () => {
    expect(outcomeBars(state, 'country', 'months', day(24).slice(0, 10), 'UTC').map((b) => b.total)).toEqual([1]);
    expect(outcomeBars(state, 'country', 'months', day(25, 0).slice(0, 10), 'UTC').map((b) => [b.key, b.total, b.byOutcome.resettled])).toEqual([['CA', 2, 2]]);
    expect(outcomeBars(state, 'partner', 'months', day(40).slice(0, 10), 'UTC').map((b) => [b.key, b.total])).toEqual([
      ['rr', 2],
      [null, 1],
    ]);
  });

  it('gives the median and p90 of the stays that ended', () => {
    expect(stayLengths(state, 'months', day(40).slice(0, 10), 'UTC')).toEqual({ count: 3, medianDays: 20, p90Days: 30 });
    expect(stayLengths(state, 'months', day(10, 0).slice(0, 10), 'UTC')).toEqual({ count: 1, medianDays: 10, p90Days: 10 });
  });
});

describe('attention', () => {
  const people = new Map(
    [
      person('in-high', { alias: 'Zed', riskLevel: 'high', needs: [newNeed('housing', 'in-progress', KNOWN)] }),
      person('in-medical', { alias: 'Ann', needs: [newNeed('medical', 'open', KNOWN), newNeed('legal', 'in-progress', KNOWN)] }),
      person('in-calm', { needs: [newNeed('language', 'open', KNOWN)] }),
      person('wait-low', { riskLevel: 'low', needs: [newNeed('housing', 'open', KNOWN)] }),
      person('wait-high', { riskLevel: 'high', needs: [newNeed('housing', 'open', KNOWN), newNeed('legal', 'open', KNOWN)] }),
      person('left', { riskLevel: 'high', needs: [newNeed('medical', 'open', KNOWN), newNeed('housing', 'done', KNOWN)] }),
    ].map((p) => [p.id, p]),
  );
  const state = fold(
    [
      ev.arrival('in-high', 'h1r1b1', 0),
      ev.arrival('in-medical', 'h1r1b2', 0),
      ev.arrival('in-calm', 'h2r1b1', 0),
      ev.arrival('left', 'h2r1b2', 0),
      ev.departure('left', 5),
    ],
    layout,
  );

  it('lists people waiting for a bed (highest risk first), high-risk residents, and residents with an urgent need nobody took on', () => {
    const a = attention(state, people, day(6));
    expect(a.waiting.map((w) => [w.personId, w.urgent])).toEqual([
      ['wait-high', ['legal']],
      ['wait-low', []],
    ]);
    expect(a.highRisk.map((w) => w.personId)).toEqual(['in-high']);
    expect(a.urgentNeeds.map((w) => [w.alias, w.urgent])).toEqual([['Ann', ['medical']]]);
  });

  it('follows the as-of date: before leaving, the departed person was a high-risk resident with an open medical need (by alias)', () => {
    const a = attention(state, people, day(2));
    expect(a.highRisk.map((w) => w.personId)).toEqual(['left', 'in-high']);
    expect(a.urgentNeeds.map((w) => w.personId)).toEqual(['left', 'in-medical']);
  });

  it('reads needs as they stood on the as-of day: nobody registered later waits, a need met later was still open', () => {
    const later = new Map(
      [
        // Registered on day 20, waiting since.
        person('new', { needs: [newNeed('housing', 'open', day(20))] }),
        // A resident whose medical need was taken on only on day 10.
        person('in-medical', { needs: [withNeedStatus(newNeed('medical', 'open', KNOWN), 'in-progress', day(10))] }),
      ].map((p) => [p.id, p]),
    );
    expect(attention(state, later, day(6)).waiting).toEqual([]);
    expect(attention(state, later, day(6)).urgentNeeds.map((w) => w.personId)).toEqual(['in-medical']);
    expect(attention(state, later, day(25)).waiting.map((w) => w.personId)).toEqual(['new']);
    expect(attention(state, later, day(25)).urgentNeeds).toEqual([]);
  });
});
