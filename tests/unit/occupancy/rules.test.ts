import { describe, expect, it } from 'vitest';
import type { StayEvent } from '../../../src/core/model';
import {
  apply,
  applyAll,
  fold,
  placementOf,
  residentsAt,
  validateEvent,
  type OccupancyState,
  type RuleViolation,
} from '../../../src/core/occupancy';
import { canonical, day, ev, makeLayout } from './fixtures';

// h1: room 1 with beds b1, b2; room 2 with three beds but room for one person. h2: one room, one bed.
const layout = makeLayout([[2, [3, 1]], [1]]);
const NOW = day(100);

function stateOf(...events: StayEvent[]): OccupancyState {
  const state = fold(events, layout);
  expect(state.rejected).toEqual([]);
  return state;
}

function refusal(state: OccupancyState, event: StayEvent): RuleViolation {
  const error = validateEvent(state, event, NOW);
  if (!error) throw new Error('expected the event to be refused');
  return error;
}

function accept(state: OccupancyState, ...events: StayEvent[]): OccupancyState {
  const r = applyAll(state, events, NOW);
  if (!r.ok) throw new Error(r.error.message);
  return r.state;
}

describe('rules: what a movement needs', () => {
  const arrivalA = ev.arrival('A', 'h1r1b1', 10);

  it('refuses an unknown house, an unknown bed and a bed of another house', () => {
    const s = stateOf();
    expect(refusal(s, { ...ev.arrival('A', 'h1r1b1', 10), houseId: 'h9' })).toMatchObject({
      code: 'UNKNOWN_HOUSE',
      message: 'The house does not exist.',
    });
    expect(refusal(s, ev.arrival('A', 'h1r1b9', 10))).toMatchObject({ code: 'UNKNOWN_BED', message: 'The bed does not exist.' });
    expect(refusal(s, { ...ev.arrival('A', 'h1r1b1', 10), houseId: 'h2' })).toMatchObject({
      code: 'BED_NOT_IN_HOUSE',
      message: 'The bed belongs to another house.',
    });
    expect(refusal(stateOf(arrivalA), { ...ev.transfer('A', 'h2r1b1', 11), toHouseId: 'h1' }).code).toBe('BED_NOT_IN_HOUSE');
  });

  it('refuses a departure or transfer for someone never recorded as arriving', () => {
    const d = ev.departure('Z', 12);
    expect(refusal(stateOf(arrivalA), d)).toEqual({
      code: 'UNKNOWN_PERSON',
      message: 'No arrival is recorded for the person of this departure on 2024-01-13.',
      eventId: d.id,
    });
    expect(refusal(stateOf(arrivalA), ev.transfer('Z', 'h2r1b1', 12)).code).toBe('UNKNOWN_PERSON');
  });

  it('refuses a departure dated before the arrival, naming the arrival', () => {
    const d = ev.departure('A', 5);
    expect(refusal(stateOf(arrivalA), d)).toEqual({
      code: 'BEFORE_ARRIVAL',
      message: "The departure on 2024-01-06 is before the person's arrival on 2024-01-11.",
      eventId: d.id,
      relatedEventId: arrivalA.id,
    });
  });

  it('refuses a departure or transfer for someone who already left', () => {
    const left = ev.departure('A', 20);
    const s = stateOf(arrivalA, left);
    expect(refusal(s, ev.departure('A', 25))).toMatchObject({
      code: 'NOT_IN_RESIDENCE',
      message: 'The person is not in residence on 2024-01-26: they left on 2024-01-21.',
      relatedEventId: left.id,
    });
    expect(refusal(s, ev.transfer('A', 'h2r1b1', 25)).code).toBe('NOT_IN_RESIDENCE');
  });

  it('refuses an arrival for someone already in residence, naming when they came', () => {
    expect(refusal(stateOf(arrivalA), ev.arrival('A', 'h2r1b1', 15))).toMatchObject({
      code: 'ALREADY_IN_RESIDENCE',
      message: 'The person is already in residence on 2024-01-16, since 2024-01-11.',
      relatedEventId: arrivalA.id,
    });
  });

  it('lets someone who left arrive again', () => {
    const s = accept(stateOf(arrivalA, ev.departure('A', 20)), ev.arrival('A', 'h2r1b1', 30));
    expect(placementOf(s, 'A', day(31))?.bedId).toBe('h2r1b1');
    expect(placementOf(s, 'A', day(25))).toBeUndefined();
  });

  it('refuses a transfer to the bed the person is in', () => {
    expect(refusal(stateOf(arrivalA), ev.transfer('A', 'h1r1b1', 12))).toMatchObject({
      code: 'SAME_BED',
      message: 'The transfer is to the bed the person is already in.',
    });
  });
});

describe('rules: one person per bed, rooms within capacity', () => {
  it('refuses an arrival or a transfer into an occupied bed, naming who filled it', () => {
    const a = ev.arrival('A', 'h1r1b1', 10);
    const s = stateOf(a, ev.arrival('B', 'h1r1b2', 10));
    expect(refusal(s, ev.arrival('C', 'h1r1b1', 12))).toMatchObject({
      code: 'BED_OCCUPIED',
      message: 'The bed is already occupied on 2024-01-13.',
      relatedEventId: a.id,
    });
    expect(refusal(s, ev.transfer('B', 'h1r1b1', 12)).code).toBe('BED_OCCUPIED');
  });

  it('frees the bed on departure and on transfer', () => {
    const s = stateOf(ev.arrival('A', 'h1r1b1', 10), ev.arrival('B', 'h1r1b2', 10), ev.transfer('A', 'h2r1b1', 11), ev.departure('B', 12));
    const after = accept(s, ev.arrival('C', 'h1r1b1', 13), ev.arrival('D', 'h1r1b2', 13));
    expect([...residentsAt(after, day(14)).keys()].sort()).toEqual(['A', 'C', 'D']);
  });

  it('refuses a transfer or arrival into a full room even when the bed is free', () => {
    // Room 2 of h1 has three beds but holds one person.
    const s = stateOf(ev.arrival('A', 'h1r2b1', 10), ev.arrival('B', 'h1r1b1', 10));
    expect(refusal(s, ev.transfer('B', 'h1r2b2', 12))).toMatchObject({
      code: 'ROOM_FULL',
      message: 'The room is full on 2024-01-13 (it holds 1).',
    });
    expect(refusal(s, ev.arrival('C', 'h1r2b3', 12)).code).toBe('ROOM_FULL');
  });

  it('allows moving beds inside a full room', () => {
    const s = accept(stateOf(ev.arrival('A', 'h1r2b1', 10)), ev.transfer('A', 'h1r2b3', 12));
    expect(placementOf(s, 'A', day(13))?.bedId).toBe('h1r2b3');
  });

  it('orders events sharing a date by when they were recorded: a bed freed and refilled at one instant', () => {
    const s = stateOf(ev.arrival('A', 'h2r1b1', 10));
    const leaves = ev.departure('A', 20, { recordedAt: day(20, 13) });
    const before = ev.arrival('B', 'h2r1b1', 20, { recordedAt: day(20, 12) });
    const after = ev.arrival('B', 'h2r1b1', 20, { recordedAt: day(20, 14) });
    expect(applyAll(s, [leaves, before], NOW)).toMatchObject({ ok: false, error: { code: 'BED_OCCUPIED' } });
    expect(placementOf(accept(s, leaves, after), 'B', day(20))?.bedId).toBe('h2r1b1');
  });
});

describe('rules: dates', () => {
  it('refuses a date more than a day after now, given as a parameter', () => {
    const s = stateOf();
    const late = ev.arrival('A', 'h1r1b1', day(101, 13));
    expect(refusal(s, late)).toEqual({ code: 'FUTURE_DATE', message: 'The date 2024-04-11 is more than one day in the future.', eventId: late.id });
    expect(validateEvent(s, ev.arrival('A', 'h1r1b1', day(101, 11)), NOW)).toBeUndefined();
    expect(validateEvent(s, late, day(101))).toBeUndefined();
    const forged = ev.arrival('A', 'h1r1b1', 99, { recordedAt: day(105) });
    expect(refusal(s, forged).code).toBe('FUTURE_DATE');
  });

  it('refuses a date that is not an instant', () => {
    const bad = { ...ev.arrival('A', 'h1r1b1', 10), at: 'yesterday' };
    expect(refusal(stateOf(), bad)).toEqual({ code: 'INVALID_DATE', message: 'The date is not a valid UTC date-time.', eventId: bad.id });
  });
});

describe('back-dated entry', () => {
  it('inserts a movement between earlier and later ones, and as-of queries see it', () => {
    const s = stateOf(ev.arrival('A', 'h1r1b1', 0), ev.departure('A', 10));
    const moved = accept(s, ev.transfer('A', 'h2r1b1', 5));
    expect(placementOf(moved, 'A', day(4))?.bedId).toBe('h1r1b1');
    expect(placementOf(moved, 'A', day(7))?.bedId).toBe('h2r1b1');
    expect(placementOf(moved, 'A', day(11))).toBeUndefined();
  });

  it('takes a whole past stay into a gap between other stays', () => {
    const s = stateOf(ev.arrival('A', 'h2r1b1', 0), ev.departure('A', 5), ev.arrival('B', 'h2r1b1', 20));
    const past = accept(s, ev.arrival('C', 'h2r1b1', 8), ev.departure('C', 15));
    expect(residentsAt(past, day(10)).get('C')?.bedId).toBe('h2r1b1');
  });

  it('refuses a back-dated arrival that would collide with a later one, naming it', () => {
    const later = ev.arrival('B', 'h2r1b1', 20);
    const s = stateOf(later);
    const early = ev.arrival('C', 'h2r1b1', 8);
    expect(refusal(s, early)).toEqual({
      code: 'INVALIDATES_LATER_EVENT',
      message: 'Refused: the arrival on 2024-01-21 would become invalid. The bed is already occupied on 2024-01-21.',
      eventId: early.id,
      relatedEventId: later.id,
      cause: { code: 'BED_OCCUPIED', message: 'The bed is already occupied on 2024-01-21.', eventId: later.id, relatedEventId: early.id },
    });
  });

  it('refuses a back-dated departure that would orphan a later transfer', () => {
    const transfer = ev.transfer('A', 'h2r1b1', 10);
    const s = stateOf(ev.arrival('A', 'h1r1b1', 0), transfer);
    const error = refusal(s, ev.departure('A', 5));
    expect(error.code).toBe('INVALIDATES_LATER_EVENT');
    expect(error.relatedEventId).toBe(transfer.id);
    expect(error.cause?.code).toBe('NOT_IN_RESIDENCE');
  });
});

describe('corrections', () => {
  const arrival = ev.arrival('A', 'h1r1b1', 0);
  const transfer = ev.transfer('A', 'h2r1b1', 5);
  const departure = ev.departure('A', 10);
  const base = () => stateOf(arrival, transfer, departure);

  it('void an event: history re-derived without it, the voided event kept in the log', () => {
    const c = ev.correction(transfer.id, 50);
    const s = accept(base(), c);
    expect(placementOf(s, 'A', day(7))?.bedId).toBe('h1r1b1');
    expect(s.events.get(transfer.id)).toEqual(transfer);
    expect(s.voided.get(transfer.id)).toBe(c.id);
    expect(canonical(s)).toEqual(canonical(fold([arrival, transfer, departure, c], layout)));
  });

  it('voiding a departure puts the person back in residence', () => {
    const s = accept(base(), ev.correction(departure.id, 50));
    expect(placementOf(s, 'A', day(60))?.bedId).toBe('h2r1b1');
  });

  it('refuses a correction that would make later events invalid, with the reason', () => {
    const c = ev.correction(arrival.id, 50);
    expect(refusal(base(), c)).toEqual({
      code: 'INVALIDATES_LATER_EVENT',
      message: 'Refused: the transfer on 2024-01-06 would become invalid. No arrival is recorded for the person of this transfer on 2024-01-06.',
      eventId: c.id,
      relatedEventId: transfer.id,
      cause: { code: 'UNKNOWN_PERSON', message: 'No arrival is recorded for the person of this transfer on 2024-01-06.', eventId: transfer.id },
    });
  });

  it('refuses voiding a departure when someone else took the bed since', () => {
    const s = accept(base(), ev.arrival('B', 'h2r1b1', 20));
    const error = refusal(s, ev.correction(departure.id, 50));
    expect(error.code).toBe('INVALIDATES_LATER_EVENT');
    expect(error.cause?.code).toBe('BED_OCCUPIED');
  });

  it('voids a whole stay when given all its events at once', () => {
    const s = accept(base(), ev.correction(departure.id, 50), ev.correction(transfer.id, 50), ev.correction(arrival.id, 50));
    expect(s.timeline).toEqual([]);
    expect(placementOf(s, 'A', day(3))).toBeUndefined();
  });

  it('refuses voiding what does not exist, a correction, or something already voided', () => {
    const c = ev.correction(transfer.id, 50);
    const s = accept(base(), c);
    expect(refusal(s, ev.correction('nothing', 51))).toMatchObject({
      code: 'UNKNOWN_EVENT',
      message: 'The correction voids an event that does not exist.',
    });
    expect(refusal(s, ev.correction(c.id, 51))).toMatchObject({
      code: 'CANNOT_VOID_CORRECTION',
      message: 'A correction cannot be voided; record the right event again instead.',
      relatedEventId: c.id,
    });
    expect(refusal(s, ev.correction(transfer.id, 51))).toMatchObject({
      code: 'ALREADY_VOIDED',
      message: 'That event was already voided by another correction.',
      relatedEventId: c.id,
    });
  });
});

describe('apply', () => {
  it('is all or nothing for a batch', () => {
    const s = stateOf();
    const r = applyAll(s, [ev.arrival('A', 'h2r1b1', 1), ev.arrival('B', 'h2r1b1', 2)], NOW);
    expect(r.ok).toBe(false);
    expect(s.timeline).toEqual([]);
  });

  it('leaves the previous state as it was', () => {
    const s = stateOf(ev.arrival('A', 'h1r1b1', 0));
    const before = canonical(s);
    accept(s, ev.transfer('A', 'h2r1b1', 5), ev.departure('A', 9));
    expect(canonical(s)).toEqual(before);
    expect(placementOf(s, 'A', day(8))?.bedId).toBe('h1r1b1');
  });

  it('treats a replayed event as a no-op and a different event under a known id as an error', () => {
    const a = ev.arrival('A', 'h1r1b1', 0);
    const s = stateOf(a);
    expect(apply(s, { ...a }, NOW)).toEqual({ ok: true, state: s });
    expect(refusal(s, { ...a, bedId: 'h1r1b2' })).toMatchObject({
      code: 'DUPLICATE_EVENT_ID',
      message: 'Another event with the same id and different content already exists.',
    });
  });
});

describe('fold', () => {
  it('never throws: what it cannot apply is rejected with the reason, the rest counts', () => {
    // Two vaults merged: both put someone in bed h2r1b1 from day 3.
    const a = ev.arrival('A', 'h2r1b1', 3, { recordedAt: day(3, 13) });
    const b = ev.arrival('B', 'h2r1b1', 3, { recordedAt: day(3, 14) });
    const bLeaves = ev.departure('B', 8);
    const s = fold([bLeaves, b, a, ev.arrival('C', 'h1r1b1', 1)], layout);
    expect(s.rejected.map((r) => [r.event.id, r.violation.code])).toEqual([
      [b.id, 'BED_OCCUPIED'],
      [bLeaves.id, 'NOT_IN_RESIDENCE'],
    ]);
    expect(s.rejected[1]?.violation.message).toBe('The person is not in residence on 2024-01-09.');
    expect([...residentsAt(s, day(5)).keys()].sort()).toEqual(['A', 'C']);
  });

  it('keeps, of two different events with one id, the same one whatever the input order', () => {
    const first = ev.arrival('A', 'h1r1b1', 1, { id: 'same' });
    const second = ev.arrival('B', 'h1r1b2', 2, { id: 'same' });
    for (const order of [
      [first, second],
      [second, first],
    ]) {
      const s = fold(order, layout);
      expect(s.events.get('same')).toBe(first);
      expect(s.rejected).toEqual([{ event: second, violation: expect.objectContaining({ code: 'DUPLICATE_EVENT_ID' }) }]);
    }
  });

  it('rejects events that no longer fit the layout (a bed removed), and a correction can clear them', () => {
    const gone = ev.arrival('A', 'h1r1b9', 1);
    const s = fold([gone], layout);
    expect(s.rejected.map((r) => r.violation.code)).toEqual(['UNKNOWN_BED']);
    const cleared = accept(s, ev.correction(gone.id, 50));
    expect(cleared.rejected).toEqual([]);
    expect(apply(s, gone, NOW)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_BED' } });
  });
});
