import { describe, expect, it } from 'vitest';
import type { Departure, StayEvent } from '../../../src/core/model';
import { archiveCutoff, fold, housesAt, liveFoldImage, occupancyOver, placementOf, residentsAt, restrictFold, splitArchive, type OccupancyState } from '../../../src/core/occupancy';
import { encodeFold } from '../../../src/core/occupancy/image';
import { canonical, day, DAY, ev, makeLayout, simulate, T0, type Op } from './fixtures';

/*
 * restrictFold (src/core/occupancy/restrict-fold.ts): the fold of every event without the archived
 * people is the fold of the live events, which the snapshot seals in place of folding at unlock.
 * The clock is injected: "now" is day 1000 after T0, the cutoff 365 days before it.
 */

const NOW = T0 + 1000 * DAY;
const CUTOFF = archiveCutoff(NOW, 365);
const layout = makeLayout([[3, 2, [2, 1]], [2, 2], [4]]);

/** A fixed pseudo-random sequence, so the history is the same at every run. */
function* ops(count: number): Generator<Op> {
  let x = 12345;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const kinds = ['arrive', 'arrive', 'arrive', 'transfer', 'transfer', 'depart', 'depart', 'depart'] as const;
  for (let i = 0; i < count; i++) yield { kind: kinds[next() % kinds.length]!, pick: next() % 1000, gap: 1 + (next() % 1440) };
}

/**
 * The simulator brings back whoever left, nearly always: here most stays are a new person's, and one
 * in four a returning person's.
 */
function fewerReturns(events: readonly StayEvent[]): StayEvent[] {
  const current = new Map<string, string>();
  const stays = new Map<string, number>();
  return events.map((e) => {
    if (e.type === 'correction') return e;
    if (e.type === 'arrival') {
      const n = (stays.get(e.personId) ?? 0) + 1;
      stays.set(e.personId, n);
      current.set(e.personId, n % 4 === 0 ? e.personId : `${e.personId}-${n}`);
    }
    return { ...e, personId: current.get(e.personId)! };
  });
}

/** Two years of stays (returning people included), some old departures corrected, and refused events. */
function history(): StayEvent[] {
  const events = fewerReturns(simulate(layout, ops(1_500)).events);
  const extra: StayEvent[] = [];
  const departures = events.filter((e): e is Departure => e.type === 'departure');
  departures.forEach((d, i) => {
    if (i % 7 === 0) {
      // A corrected outcome: recorded at the time for most, last week for one (who then stays live).
      const recordedAt = i === 14 ? day(990) : d.recordedAt;
      extra.push(ev.correction(d.id, d.at, { recordedAt }), { ...d, id: `${d.id}-fixed`, outcome: 'other' });
    }
    // Leaving twice is refused; it touches nobody else, so only that person stays live.
    if (i % 60 === 5) extra.push({ ...d, id: `${d.id}-again`, at: new Date(Date.parse(d.at) + 60_000).toISOString() });
  });
  return [...events, ...extra];
}

/** What the dashboard and the as-of views read, on days from the cutoff to now. */
function views(state: OccupancyState, people: readonly string[]) {
  return [CUTOFF + DAY, CUTOFF + 60 * DAY, CUTOFF + 200 * DAY, NOW].map((at) => ({
    residents: [...residentsAt(state, at)].sort(([a], [b]) => (a < b ? -1 : 1)),
    houses: housesAt(state, at),
    over: occupancyOver(state, at - 30 * DAY, at, 'UTC'),
    beds: people.map((id) => placementOf(state, id, at)?.bedId),
  }));
}

describe('restrictFold', () => {
  const events = history();
  const full = fold(events, layout);
  const split = splitArchive(events, full, CUTOFF);
  const live = fold(split.live, layout);

  it('works on a history with archived and live people, corrections and refusals on both sides', () => {
    expect(split.personIds.length).toBeGreaterThan(50);
    expect(live.persons.size).toBeGreaterThan(50);
    expect(full.rejected.length).toBeGreaterThan(3);
    expect(live.rejected.length).toBe(full.rejected.length);
    expect(live.voided.size).toBeGreaterThan(0);
    expect(live.voided.size).toBeLessThan(full.voided.size);
    // A person who came back after the cutoff is live, their first stays too.
    const returning = [...live.persons].find(([, entries]) => entries.filter((e) => e.event.type === 'arrival').length > 1 && entries[0]!.at < CUTOFF);
    expect(returning).toBeDefined();
  });

  it('gives the fold of the live events, as an image and as the views read it', () => {
    const restricted = restrictFold(full, split.personIds);
    expect(canonical(restricted)).toEqual(canonical(live));
    expect(encodeFold(restricted, split.live)).toEqual(encodeFold(live, split.live));
    const people = [...live.persons.keys()];
    expect(views(restricted, people)).toEqual(views(live, people));
  });

  it('leaves the full fold as it was, and is the same state when nobody is archived', () => {
    const before = canonical(full);
    restrictFold(full, split.personIds);
    expect(canonical(full)).toEqual(before);
    expect(restrictFold(full, [])).toBe(full);
  });

  it('gives no image when a live event belongs to a person left out', () => {
    expect(liveFoldImage(full, split.live, split.personIds)).toEqual(encodeFold(live, split.live));
    // An archived person's old event kept live (merged in after their archive was sealed).
    const stray = split.archived.find((e) => e.type !== 'correction')!;
    const withStray = [...split.live, stray];
    expect(liveFoldImage(full, withStray, split.personIds)).toBeUndefined();
  });
});
