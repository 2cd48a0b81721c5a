import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/core/model';
import { newNeed } from '../../../src/core/occupancy';
import { fold } from '../../../src/core/occupancy';
import { availabilityAt, availabilitySchema } from '../../../src/core/network/availability';
import { day, ev, makeLayout } from '../occupancy/fixtures';

function person(id: string, riskLevel: Person['riskLevel'], housing: 'open' | 'done' | undefined): Person {
  return {
    id,
    alias: `Alias ${id}`,
    riskLevel,
    needs: housing ? [newNeed('housing', housing, day(0))] : [],
  } as unknown as Person;
}

describe('availability report', () => {
  // House 1: two rooms of two beds; house 2: one room of three beds that holds two.
  const layout = makeLayout([[2, 2], [[3, 2]]]);

  it('counts places in service, used, free now and free soon per house, and waiting people by risk', () => {
    const events = [
      ev.arrival('p1', 'h1r1b1', 1, { plannedDeparture: day(12) }),
      ev.arrival('p2', 'h1r1b2', 2, { plannedDeparture: day(30) }),
      ev.arrival('p3', 'h2r1b1', 3),
      ev.arrival('p4', 'h2r1b2', 3),
      ev.transfer('p4', 'h2r1b3', 4, { plannedDeparture: day(9) }),
      ev.arrival('p5', 'h1r2b1', 4, { plannedDeparture: day(6) }),
      ev.departure('p5', 8),
    ];
    const people = [
      person('p1', 'low', 'open'),
      person('w1', 'high', 'open'),
      person('w2', 'high', 'open'),
      person('w3', 'medium', 'open'),
      person('d1', 'high', 'done'),
      person('p5', 'low', 'open'),
    ];
    const report = availabilityAt(fold(events, layout), people, day(10));
    expect(report.houses).toEqual([
      // p1 leaves on day 12 (within 7 days of day 10), p2 on day 30 (not).
      { houseId: 'h1', alias: 'House 1', city: 'Moscow', inService: 4, used: 2, freeNow: 2, freeSoon: 3 },
      // Room of three beds holding two: full with p3 and p4; p4's transfer carries the plan (day 9: overdue, counts).
      { houseId: 'h2', alias: 'House 2', city: 'Moscow', inService: 2, used: 2, freeNow: 0, freeSoon: 1 },
    ]);
    // p5 left but still needs housing: waiting; d1's need is done; residents are not waiting.
    expect(report.waiting).toEqual({ high: 2, medium: 1, low: 1 });
    expect(availabilitySchema.parse(report)).toEqual(report);
  });

  it('carries counts and house names only: no person id, alias or stay date', () => {
    const events = [ev.arrival('person-secret-id', 'h1r1b1', 1, { plannedDeparture: day(3) })];
    const text = JSON.stringify(availabilityAt(fold(events, layout), [person('person-secret-id', 'high', 'open')], day(2)));
    expect(text).not.toContain('person-secret-id');
    expect(text).not.toContain('Alias');
    expect(text).not.toContain(day(1).slice(0, 10));
    expect(text).not.toContain(day(3).slice(0, 10));
  });
});
