import type { StayEvent } from '../model';
import type { RuleViolation } from './errors';
import { indexLayout, type Layout } from './layout';
import { PMap } from './pmap';
import type { Entry, OccupancyState } from './state';

/**
 * A folded state as plain data, so an unlock can take it back instead of folding the whole log
 * again (the vault's sealed snapshot, src/vault/snapshot). Events are named by their index in the
 * event list the state was folded from, so the image holds no event twice and decoding gives back
 * the same event objects the session holds.
 */
export interface FoldImage {
  /** Movements in effect, in application order. */
  timeline: number[];
  persons: [string, number[]][];
  beds: [string, number[]][];
  voided: [string, string][];
  rejected: [number, RuleViolation][];
  /**
   * Where the state's events by id differ from "the first event in the list with that id": two
   * events sharing an id, or -1 for an id the state does not know (an event with an unreadable date).
   */
  byId: [string, number][];
}

/**
 * The image of `state`, folded from `events` (the session's list, in its order); undefined when the
 * state names an event that is not in the list (then there is nothing faithful to keep).
 */
export function encodeFold(state: OccupancyState, events: readonly StayEvent[]): FoldImage | undefined {
  const index = new Map<StayEvent, number>();
  const first = new Map<string, number>();
  const shared = new Set<string>();
  events.forEach((e, i) => {
    index.set(e, i);
    if (first.has(e.id)) shared.add(e.id);
    else first.set(e.id, i);
  });
  let faithful = true;
  // A state built by apply() may hold its own copy of an event the list holds too: the one event
  // with that id and the same content stands for it.
  const at = (event: StayEvent): number => {
    let i = index.get(event);
    if (i === undefined && !shared.has(event.id)) {
      const j = first.get(event.id);
      if (j !== undefined && sameFields(events[j]!, event)) i = j;
    }
    if (i === undefined) faithful = false;
    return i ?? -1;
  };
  const list = (entries: readonly Entry[]) => entries.map((entry) => at(entry.event));
  const byId: [string, number][] = [];
  for (const [id, event] of state.events) {
    const i = at(event);
    if (i !== first.get(id)) byId.push([id, i]);
  }
  for (const id of first.keys()) if (!state.events.has(id)) byId.push([id, -1]);
  const image: FoldImage = {
    timeline: list(state.timeline),
    persons: [...state.persons].map(([id, entries]) => [id, list(entries)]),
    beds: [...state.beds].map(([id, entries]) => [id, list(entries)]),
    voided: [...state.voided],
    rejected: state.rejected.map((r) => [at(r.event), r.violation]),
    byId,
  };
  return faithful ? image : undefined;
}

/** The state `image` describes, over the same `events` and the layout it was folded with. */
export function decodeFold(image: FoldImage, events: readonly StayEvent[], layout: Layout): OccupancyState {
  const entries = new Array<Entry | undefined>(events.length);
  const entry = (i: number): Entry => {
    let e = entries[i];
    if (e === undefined) {
      const event = events[i]!;
      if (event.type === 'correction') throw new Error('a correction is not a movement');
      entries[i] = e = { at: Date.parse(event.at), event };
    }
    return e;
  };
  const list = (indices: readonly number[]) => indices.map(entry);
  const byId = new Map<string, StayEvent>();
  for (const e of events) if (!byId.has(e.id)) byId.set(e.id, e);
  for (const [id, i] of image.byId) {
    if (i < 0) byId.delete(id);
    else byId.set(id, events[i]!);
  }
  return {
    layout: indexLayout(layout),
    events: PMap.adopt(byId),
    voided: PMap.adopt(new Map(image.voided)),
    timeline: list(image.timeline),
    persons: PMap.adopt(new Map(image.persons.map(([id, indices]) => [id, list(indices)]))),
    beds: PMap.adopt(new Map(image.beds.map(([id, indices]) => [id, list(indices)]))),
    rejected: image.rejected.map(([i, violation]) => ({ event: events[i]!, violation })),
  };
}

function sameFields(a: StayEvent, b: StayEvent): boolean {
  const keys = Object.keys(a) as (keyof StayEvent)[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
