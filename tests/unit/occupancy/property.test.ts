import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StayEvent } from '../../../src/core/model';
import { apply, applyAll, fold, housesAt, placementOf, residentsAt, type Layout, type OccupancyState } from '../../../src/core/occupancy';
import { canonical, makeLayout, simulate, T0, type Op } from './fixtures';

const layoutArb = fc
  .array(fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((houses) => makeLayout(houses));

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('arrive', 'arrive', 'transfer', 'depart'),
  pick: fc.nat(1000),
  gap: fc.oneof(fc.constant(0), fc.nat(3000)),
});

const streamArb = fc.tuple(layoutArb, fc.array(opArb, { maxLength: 80, size: 'max' })).map(([layout, ops]) => ({ layout, ...simulate(layout, ops) }));

/** Late enough that no generated event is in the future. */
const NOW = new Date(T0 + 400 * 86_400_000);

/**
 * What is wrong with occupancy at `at`, seen per person (placementOf) and per bed (residentsAt): the
 * two views must agree, nobody may share a bed, no room may hold more than it can, no count may be
 * negative. Returns descriptions rather than asserting, so a property run makes one expect() call.
 */
function insanity(state: OccupancyState, layout: Layout, at: string): string[] {
  const problems: string[] = [];
  const residents = [...state.persons.keys()].flatMap((id) => placementOf(state, id, at) ?? []);
  const byBed = residentsAt(state, at);
  if (new Set(residents.map((r) => r.bedId)).size !== residents.length) problems.push(`${at}: two people in one bed`);
  if (residents.length !== byBed.size || residents.some((r) => byBed.get(r.personId)?.bedId !== r.bedId)) problems.push(`${at}: per-person and per-bed views differ`);
  const inRoom = new Map<string, number>();
  for (const r of residents) inRoom.set(r.roomId, (inRoom.get(r.roomId) ?? 0) + 1);
  for (const room of layout.rooms) {
    const beds = layout.beds.filter((b) => b.roomId === room.id).length;
    if ((inRoom.get(room.id) ?? 0) > Math.min(room.capacity, beds)) problems.push(`${at}: room ${room.id} over capacity`);
  }
  for (const h of housesAt(state, at)) {
    if (h.occupied < 0 || h.free < 0 || h.occupied + h.free !== h.capacity) problems.push(`${at}: house ${h.houseId} counts ${JSON.stringify(h)}`);
  }
  return problems;
}

/** The events of each stay (arrival, transfers, departure), so whole stays can be added in any order. */
function stays(events: readonly StayEvent[]): StayEvent[][] {
  const open = new Map<string, StayEvent[]>();
  const out: StayEvent[][] = [];
  for (const e of events) {
    if (e.type === 'correction') continue;
    if (e.type === 'arrival') {
      const stay = [e];
      open.set(e.personId, stay);
      out.push(stay);
    } else {
      open.get(e.personId)?.push(e);
    }
  }
  return out;
}

function correctionsFor(stay: readonly StayEvent[], n: number): StayEvent[] {
  const at = NOW.toISOString();
  return stay.map((e, i) => ({ id: `void${n}x${i}`, type: 'correction', at, recordedAt: at, voids: e.id, reason: 'entered twice' }));
}

describe('occupancy engine, property-based', () => {
  it('on 1,000 random valid streams: never over capacity or negative, as-of matches an independent model, incremental == fold', () => {
    fc.assert(
      fc.property(streamArb, fc.boolean(), fc.array(fc.nat()), fc.nat(), ({ layout, events, snapshots }, oneByOne, order, voidPick) => {
        const full = fold(events, layout);
        expect(full.rejected).toEqual([]);

        // The model's bed -> person map after each event equals the as-of query at that moment.
        const problems = events.flatMap((e, i) => {
          if (events[i + 1]?.at === e.at) return []; // as-of sees all events sharing an instant
          const expected = [...(snapshots[i] as Map<string, string>)].map(([bed, person]) => `${person}@${bed}`).sort();
          const actual = [...residentsAt(full, e.at)].map(([person, p]) => `${person}@${p.bedId}`).sort();
          const differs = expected.join() !== actual.join() ? [`${e.at}: model ${expected.join()} vs engine ${actual.join()}`] : [];
          return [...differs, ...insanity(full, layout, e.at)];
        });
        expect(problems).toEqual([]);

        // Incrementally: one event at a time in order, or whole stays in a random order (back-dated inserts).
        let state = fold([], layout);
        if (oneByOne) {
          for (const e of events) {
            const r = apply(state, e, NOW);
            expect(r.ok ? undefined : r.error).toBeUndefined();
            if (r.ok) state = r.state;
          }
        } else {
          const batches = stays(events)
            .map((s, i) => [order[i] ?? i, s] as const)
            .sort(([a], [b]) => a - b);
          for (const [, batch] of batches) {
            const r = applyAll(state, batch, NOW);
            expect(r.ok ? undefined : r.error).toBeUndefined();
            if (r.ok) state = r.state;
          }
        }
        expect(canonical(state)).toEqual(canonical(full));

        // Voiding a whole stay is always valid (a subset of valid stays is valid), and matches a fold with the corrections.
        const all = stays(events);
        const victim = all[voidPick % Math.max(1, all.length)];
        if (victim) {
          const corrections = correctionsFor(victim, voidPick);
          const r = applyAll(state, corrections, NOW);
          expect(r.ok ? undefined : r.error).toBeUndefined();
          if (r.ok) {
            expect(canonical(r.state)).toEqual(canonical(fold([...events, ...corrections], layout)));
            expect(events.flatMap((e) => insanity(r.state, layout, e.at))).toEqual([]);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('for any extra event, apply accepts it exactly when a fold with it has nothing to reject, then agrees with that fold and stays within capacity', () => {
    // Mostly plausible events (known people and beds, dates within or right after the stream, often
    // exactly on an existing event's date), with a share of wrong ones, so both answers are common.
    const eventArb = (events: readonly StayEvent[], layout: Layout) => {
      const people = [...new Set(events.flatMap((e) => ('personId' in e ? [e.personId] : []))), 'stranger'];
      const beds = layout.beds.map((b) => [b.id, b.roomId.slice(0, b.roomId.indexOf('r'))] as const);
      const place = fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...beds) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('nobed', ...beds.map(([b]) => b)), fc.constantFrom('nohouse', ...layout.houses.map((h) => h.id))) },
      );
      const last = events.length ? Date.parse((events.at(-1) as StayEvent).at) : T0;
      const when = fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: T0 - 3_600_000, max: last + 3 * 86_400_000 }).map((ms) => new Date(ms).toISOString()) },
        { weight: events.length ? 2 : 0, arbitrary: fc.constantFrom(...events.map((e) => e.at), new Date(T0).toISOString()) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 * 86_400_000 }).map((ms) => new Date(NOW.getTime() + ms).toISOString()) },
      );
      const ids = events.map((e) => e.id);
      const id = fc.oneof({ weight: 9, arbitrary: fc.constant('new1') }, { weight: ids.length ? 1 : 0, arbitrary: fc.constantFrom('new1', ...ids) });
      const base = { id, at: when, recordedAt: fc.constant(NOW.toISOString()) };
      const person = fc.constantFrom(...people);
      return fc.oneof(
        fc.record({ ...base, type: fc.constant('arrival' as const), personId: person, place }).map(({ place: [bedId, houseId], ...e }) => ({ ...e, houseId, bedId })),
        fc.record({ ...base, type: fc.constant('transfer' as const), personId: person, place }).map(({ place: [toBedId, toHouseId], ...e }) => ({ ...e, toHouseId, toBedId })),
        fc.record({ ...base, type: fc.constant('departure' as const), personId: person, outcome: fc.constant('other' as const) }),
        fc.record({ ...base, type: fc.constant('correction' as const), voids: fc.constantFrom('noevent', ...ids), reason: fc.constant('wrong') }),
      );
    };
    fc.assert(
      fc.property(
        streamArb.chain((s) => fc.tuple(fc.constant(s), eventArb(s.events, s.layout))),
        ([{ layout, events }, extra]) => {
          const state = fold(events, layout);
          const before = canonical(state);
          const r = apply(state, extra as StayEvent, NOW);
          const expected = fold([...events, extra as StayEvent], layout);
          if (!r.ok && r.error.code === 'FUTURE_DATE') return; // needs a clock, which fold has not
          expect(r.ok).toBe(expected.rejected.length === 0);
          if (r.ok) {
            expect(canonical(r.state)).toEqual(canonical(expected));
            expect([...events, extra].flatMap((e) => insanity(r.state, layout, e.at))).toEqual([]);
          }
          expect(canonical(state)).toEqual(before); // the old state is untouched either way
        },
      ),
      { numRuns: 1000 },
    );
  });
});
