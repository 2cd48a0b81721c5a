import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/core/model';
import { fold } from '../../../src/core/occupancy';
import { dueForForgetting } from '../../../src/core/reports';
import { day, ev, makeLayout } from '../occupancy/fixtures';

const layout = makeLayout([[3]]);
const person = (id: string): Person => ({ id, alias: id, languages: [], needs: [], riskLevel: 'low', consentToShare: [] });
const people = ['handed', 'left', 'recent', 'resident', 'returned', 'waiting'].map(person);
const state = fold(
  [
    ev.arrival('handed', 'h1r1b1', 0),
    ev.departure('handed', 10, { outcome: 'resettled', destinationCountry: 'CA', partnerId: 'rr' }),
    ev.arrival('left', 'h1r1b2', 0),
    ev.departure('left', 20, { outcome: 'left-without-notice' }),
    ev.arrival('recent', 'h1r1b3', 0),
    ev.departure('recent', 300, { outcome: 'resettled', partnerId: 'rr' }),
    ev.arrival('resident', 'h1r1b1', 50),
    // Left long ago, came back and is in residence again.
    ev.arrival('returned', 'h1r1b2', 30),
    ev.departure('returned', 40, { outcome: 'other' }),
    ev.arrival('returned', 'h1r1b2', 350),
  ],
  layout,
);
const now = day(400);

describe('dueForForgetting', () => {
  it('lists people gone long enough, oldest departure first, with the reason', () => {
    expect(dueForForgetting(state, people, { daysAfterDeparture: 365, requireConfirmedHandoff: false }, now)).toEqual([
      {
        personId: 'handed',
        departedAt: day(10),
        daysSinceDeparture: 390,
        partnerId: 'rr',
        reason: 'Left 390 days ago; the rule keeps records 365 days after departure, and the person was handed over to a partner.',
      },
      {
        personId: 'left',
        departedAt: day(20),
        daysSinceDeparture: 380,
        reason: 'Left 380 days ago; the rule keeps records 365 days after departure.',
      },
    ]);
  });

  it('requires the departure to name a partner when the rule asks for a confirmed handoff', () => {
    expect(dueForForgetting(state, people, { daysAfterDeparture: 365, requireConfirmedHandoff: true }, now).map((d) => d.personId)).toEqual(['handed']);
  });

  it('counts whole days: due on the day the period is over, not before', () => {
    const rule = { daysAfterDeparture: 100, requireConfirmedHandoff: true };
    expect(dueForForgetting(state, people, rule, day(399, 11)).map((d) => d.personId)).toEqual(['handed']);
    expect(dueForForgetting(state, people, rule, day(400)).map((d) => d.personId)).toEqual(['handed', 'recent']);
  });

  it('never lists residents, people who never stayed, or people no longer in the list', () => {
    const ids = dueForForgetting(state, people, { daysAfterDeparture: 1, requireConfirmedHandoff: false }, now).map((d) => d.personId);
    expect(ids).not.toContain('resident');
    expect(ids).not.toContain('returned');
    expect(ids).not.toContain('waiting');
    expect(dueForForgetting(state, [person('left')], { daysAfterDeparture: 1, requireConfirmedHandoff: false }, now).map((d) => d.personId)).toEqual(['left']);
  });
});
