import type { StayEvent } from '../model';
import type { RuleViolation } from './errors';
import { instantMs } from './instant-ms';
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
  /** How many ids the state knows, so the map of them can be built when first used (decodeFold). */
  known: number;
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
    known: state.events.size,
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
      entries[i] = e = { at: instantMs(event.at), event };
    }
    return e;
  };
  const list = (indices: readonly number[]) => indices.map(entry);
  if (!Number.isSafeInteger(image.known) || image.known < 0) throw new Error('a fold image counts the events it knows');
  // A copy, since the session's list grows after this and the map is built later.
  const folded = events.slice();
  const byId = () => {
    const map = firstById(folded);
    for (const [id, i] of image.byId) {
      if (i < 0) map.delete(id);
      else map.set(id, folded[i]!);
    }
    return map;
  };
  return {
    layout: indexLayout(layout),
    // Built when first used: at an unlock with no events after the snapshot, that is after the dashboard.
    events: PMap.adopt(new LazyMap(byId, image.known)),
    voided: PMap.adopt(new Map(image.voided)),
    timeline: list(image.timeline),
    persons: PMap.adopt(new Map(image.persons.map(([id, indices]) => [id, list(indices)]))),
    beds: PMap.adopt(new Map(image.beds.map(([id, indices]) => [id, list(indices)]))),
    rejected: image.rejected.map(([i, violation]) => ({ event: events[i]!, violation })),
  };
}

/** A map made by `build` when it is first read; `size` is known before. */
class LazyMap<K, V> implements ReadonlyMap<K, V> {
  private map: Map<K, V> | undefined;

  constructor(
    private build: (() => Map<K, V>) | undefined,
    readonly size: number,
  ) {}

  private get built(): Map<K, V> {
    if (!this.map) {
      this.map = this.build!();
      this.build = undefined;
    }
    return this.map;
  }

  get(key: K): V | undefined {
    return this.built.get(key);
  }

  has(key: K): boolean {
    return this.built.has(key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.built.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[K, V]> {
    return this.built.entries();
  }

  keys(): MapIterator<K> {
    return this.built.keys();
  }

  values(): MapIterator<V> {
    return this.built.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.built.entries();
  }
}

/**
 * Each id's first event, in the order of the list. One map operation per event: an id seen again
 * leaves the size as it was, and only those ids are put back to their first event afterwards.
 */
function firstById(events: readonly StayEvent[]): Map<string, StayEvent> {
  const byId = new Map<string, StayEvent>();
  let repeated: Set<string> | undefined;
  for (const e of events) {
    const size = byId.size;
    byId.set(e.id, e);
    if (byId.size === size) (repeated ??= new Set()).add(e.id);
  }
  if (repeated) {
    for (const e of events) {
      if (!repeated.has(e.id)) continue;
      byId.set(e.id, e);
      repeated.delete(e.id);
    }
  }
  return byId;
}

function sameFields(a: StayEvent, b: StayEvent): boolean {
  const keys = Object.keys(a) as (keyof StayEvent)[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
