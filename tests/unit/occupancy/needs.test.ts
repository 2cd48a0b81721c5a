import { describe, expect, it } from 'vitest';
import { needSchema, type Person } from '../../../src/core/model';
import { fold, needsAfterMovement, needStatusAt, newNeed, waitingForBed, withNeedStatus } from '../../../src/core/occupancy';
import { day, ev, makeLayout } from './fixtures';

const layout = makeLayout([[2]]);
const person = (id: string, needs: Person['needs']): Person => ({ id, alias: id, languages: [], needs, riskLevel: 'medium', consentToShare: [] });

describe('needs over time', () => {
  it('reads the status of a past instant from the history; before the need was known it has none', () => {
    const need = withNeedStatus(withNeedStatus(newNeed('legal', 'open', day(10)), 'in-progress', day(20)), 'done', day(30));
    expect(needSchema.parse(need)).toEqual(need);
    expect(need.status).toBe('done');
    expect([5, 10, 15, 20, 29, 30, 40].map((d) => needStatusAt(need, day(d)))).toEqual([undefined, 'open', 'open', 'in-progress', 'in-progress', 'done', 'done']);
  });

  it('files a change dated in the past in its place, and one dated before the need was known at that first date', () => {
    const need = withNeedStatus(newNeed('housing', 'open', day(10)), 'done', day(30));
    const between = withNeedStatus(need, 'in-progress', day(20));
    expect(between.history.map((c) => [c.at, c.status])).toEqual([
      [day(10), 'open'],
      [day(20), 'in-progress'],
      [day(30), 'done'],
    ]);
    expect(between.status).toBe('done');
    const before = withNeedStatus(newNeed('housing', 'open', day(10)), 'done', day(2));
    expect(before.history.map((c) => [c.at, c.status])).toEqual([
      [day(10), 'open'],
      [day(10), 'done'],
    ]);
    expect(withNeedStatus(need, 'done', day(40))).toBe(need);
  });

  it('the schema refuses a history out of order, or a status that is not its last change', () => {
    const need = newNeed('housing', 'open', day(10));
    expect(needSchema.safeParse({ ...need, status: 'done' }).success).toBe(false);
    expect(needSchema.safeParse({ ...need, history: [{ at: day(10), status: 'done' }, { at: day(5), status: 'open' }] }).success).toBe(false);
    expect(needSchema.safeParse({ ...need, history: [] }).success).toBe(false);
  });
});

describe('the one rule for a stay and the housing need', () => {
  const housing = newNeed('housing', 'open', day(1));
  const legal = newNeed('legal', 'open', day(1));

  it('an arrival takes the housing need on; any departure meets it, dated at the movement', () => {
    const arrived = needsAfterMovement([housing, legal], ev.arrival('p1', 'h1r1b1', 10));
    expect(arrived.map((n) => [n.kind, n.status])).toEqual([
      ['housing', 'in-progress'],
      ['legal', 'open'],
    ]);
    for (const outcome of ['resettled', 'other-shelter', 'returned-home', 'left-without-notice', 'other'] as const) {
      const left = needsAfterMovement(arrived, ev.departure('p1', 20, { outcome }));
      expect(left[0]?.history.at(-1), outcome).toEqual({ at: day(20), status: 'done' });
      expect(left[1]).toBe(arrived[1]);
    }
  });

  it('a departure of someone who still needs a bed opens the need again', () => {
    const arrived = needsAfterMovement([housing], ev.arrival('p1', 'h1r1b1', 10));
    expect(needsAfterMovement(arrived, ev.departure('p1', 20), { stillNeedsHousing: true })[0]?.status).toBe('open');
  });

  it('changes nothing for a transfer or for people without a housing need', () => {
    const needs = [legal];
    expect(needsAfterMovement(needs, ev.arrival('p1', 'h1r1b1', 10))).toBe(needs);
    expect(needsAfterMovement([housing], ev.transfer('p1', 'h1r1b2', 12))[0]).toBe(housing);
  });
});

describe('waiting for a bed as of a past day', () => {
  it('counts only needs known, and not yet met, on that day', () => {
    // Anna: known from day 10, arrived day 20, left day 30 (her need met). Boris: registered on day 25.
    const anna = person('anna', [withNeedStatus(withNeedStatus(newNeed('housing', 'open', day(10)), 'in-progress', day(20)), 'done', day(30))]);
    const boris = person('boris', [newNeed('housing', 'open', day(25))]);
    const state = fold([ev.arrival('anna', 'h1r1b1', 20), ev.departure('anna', 30)], layout);
    const waiting = (d: number) => waitingForBed(state, [anna, boris], day(d)).map((w) => w.personId);
    expect(waiting(5)).toEqual([]);
    expect(waiting(15)).toEqual(['anna']);
    expect(waiting(22)).toEqual([]);
    expect(waiting(26)).toEqual(['boris']);
    expect(waiting(35)).toEqual(['boris']);
  });
});
