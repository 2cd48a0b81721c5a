import { describe, expect, it } from 'vitest';
import { archiveCutoff, fold, restrictFold, splitArchive } from '../../../src/core/occupancy';
import { encodeFold } from '../../../src/core/occupancy/image';
import type { StayEvent } from '../../../src/core/model';
import { canonical, day, DAY, ev, makeLayout, T0 } from './fixtures';

// The clock is injected: "now" is day 1000 after T0, the cutoff 365 days before it.
const NOW = T0 + 1000 * DAY;
const CUTOFF = archiveCutoff(NOW, 365);
const OLD = 100;
const layout = makeLayout([[2, 2], [1]]);

/** The split, after checking that the full fold without the archived people is the fold of the live events (what a snapshot seals). */
function split(events: StayEvent[]) {
  const full = fold(events, layout);
  const result = splitArchive(events, full, CUTOFF);
  const restricted = restrictFold(full, result.personIds);
  const expected = fold(result.live, layout);
  expect(canonical(restricted)).toEqual(canonical(expected));
  expect(encodeFold(restricted, result.live)).toEqual(encodeFold(expected, result.live));
  return result;
}

describe('splitArchive', () => {
  it('puts the cutoff archiveAfterDays days before now', () => {
    expect(CUTOFF).toBe(T0 + 635 * DAY);
  });

  it('archives a closed old stay as a unit and keeps the order of both halves', () => {
    const gone = [ev.arrival('p1', 'h1r1b1', OLD), ev.transfer('p1', 'h1r1b2', OLD + 5), ev.departure('p1', OLD + 10)];
    const here = [ev.arrival('p2', 'h1r1b1', OLD + 20)];
    const all = [gone[0]!, gone[1]!, gone[2]!, here[0]!];
    const { live, archived, personIds } = split(all);
    expect(archived).toEqual(gone);
    expect(live).toEqual(here);
    expect(personIds).toEqual(['p1']);
  });

  it('keeps a person in residence live, however old their arrival', () => {
    const events = [ev.arrival('p1', 'h1r1b1', OLD)];
    expect(split(events).archived).toEqual([]);
  });

  it('keeps a person live when a correction of their old stay was recorded after the cutoff', () => {
    const arrival = ev.arrival('p1', 'h1r1b1', OLD);
    const wrong = ev.departure('p1', OLD + 10, { outcome: 'other' });
    const right = ev.departure('p1', OLD + 10);
    // Dated back to the stay, typed in last week: `recordedAt` counts.
    const correction = ev.correction(wrong.id, OLD + 10, { recordedAt: day(990) });
    const events = [arrival, wrong, right, correction];
    expect(split(events).archived).toEqual([]);
    // The same correction recorded long ago: the whole history, correction included, is archived.
    const early = { ...correction, recordedAt: day(OLD + 11) };
    expect(split([arrival, wrong, right, early]).archived).toEqual([arrival, wrong, right, early]);
  });

  it('keeps a person live who returned after the cutoff, their first stay too', () => {
    const events = [ev.arrival('p1', 'h1r1b1', OLD), ev.departure('p1', OLD + 10), ev.arrival('p1', 'h2r1b1', 700), ev.departure('p1', 710)];
    expect(split(events).archived).toEqual([]);
  });

  it('archives a history whose newest event is just before the cutoff, not one exactly at it', () => {
    const at = (ms: number) => new Date(ms).toISOString();
    const before = [ev.arrival('p1', 'h1r1b1', OLD), ev.departure('p1', at(CUTOFF - 1))];
    expect(split(before).personIds).toEqual(['p1']);
    const onIt = [ev.arrival('p1', 'h1r1b1', OLD), ev.departure('p1', at(CUTOFF))];
    expect(split(onIt).archived).toEqual([]);
  });

  it('gives a live fold that agrees with the full fold on everyone left in it', () => {
    const events = [
      ev.arrival('p1', 'h1r1b1', OLD),
      ev.arrival('p2', 'h1r1b2', OLD + 1),
      ev.departure('p1', OLD + 3),
      ev.arrival('p3', 'h1r1b1', OLD + 4),
      ev.departure('p2', OLD + 6),
      ev.transfer('p3', 'h2r1b1', 800),
    ];
    const { live, personIds } = split(events);
    expect(personIds).toEqual(['p1', 'p2']);
    const full = canonical(fold(events, layout));
    const part = canonical(fold(live, layout));
    expect(part.rejected).toEqual(full.rejected);
    expect(fold(live, layout).persons.get('p3')).toEqual(fold(events, layout).persons.get('p3'));
  });

  it('archives nobody while an old event stands refused for a bed someone else held', () => {
    // p2's arrival was refused because p1 had the bed; without p1's stay it would apply.
    const events = [ev.arrival('p1', 'h2r1b1', OLD), ev.arrival('p2', 'h2r1b1', OLD + 1), ev.departure('p1', OLD + 5)];
    const state = fold(events, layout);
    expect(state.rejected.map((r) => r.violation.code)).toEqual(['BED_OCCUPIED']);
    expect(splitArchive(events, state, CUTOFF).archived).toEqual([]);
  });

  it('keeps live a person with a refused event, and the owners of a shared id', () => {
    const refused = [ev.arrival('p1', 'h1r1b1', OLD), ev.departure('p1', OLD + 2), ev.departure('p1', OLD + 3)];
    expect(split(refused).archived).toEqual([]);
    const a = ev.arrival('p1', 'h1r1b1', OLD);
    const b = ev.arrival('p2', 'h1r1b2', OLD + 1, { id: a.id });
    const shared = [a, b, ev.departure('p1', OLD + 5), ev.departure('p2', OLD + 5)];
    expect(split(shared).personIds).toEqual([]);
  });
});
