import type { Movement, StayEvent } from '../model';
import type { RuleViolation } from './errors';
import type { LayoutIndex } from './layout';
import type { PMap } from './pmap';

/** A movement with its date parsed once; entries are never changed after creation. */
export interface Entry {
  readonly at: number;
  readonly event: Movement;
}

export interface Rejection {
  readonly event: StayEvent;
  readonly violation: RuleViolation;
}

/**
 * Occupancy derived from the event log. Immutable: apply() returns a new state and leaves this one
 * valid, so a screen still rendering the old state is never torn.
 */
export interface OccupancyState {
  readonly layout: LayoutIndex;
  /** Every event known by id (first copy wins): corrections and refused ones included. */
  readonly events: PMap<string, StayEvent>;
  /** Voided event id -> id of the correction that voided it. */
  readonly voided: PMap<string, string>;
  /** Movements in effect, in application order (at, then recordedAt, then id). */
  readonly timeline: readonly Entry[];
  /** Per person: their movements in order. A stay is an arrival, its transfers and its departure. */
  readonly persons: PMap<string, readonly Entry[]>;
  /** Per bed: the movements into and out of it, in order (see occupantAfter). */
  readonly beds: PMap<string, readonly Entry[]>;
  /**
   * Events fold() could not apply, e.g. after merging two vaults that both filled one bed. apply()
   * never adds to this; it drops an event from here when a correction voids it.
   */
  readonly rejected: readonly Rejection[];
}

/** Anything ordered like an entry: corrections are ordered too, to settle duplicate ids the same way everywhere. */
export interface Keyed {
  readonly at: number;
  readonly event: { readonly id: string; readonly recordedAt: string };
}

/** Application order: `at`, then `recordedAt`, then id, so every vault orders the same events alike. */
export function compareEntries(a: Keyed, b: Keyed): number {
  return a.at - b.at || compareInstants(a.event.recordedAt, b.event.recordedAt) || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);
}

/**
 * Schema instants of equal length have the same shape, so they compare as text; only mixed precisions
 * are parsed. (recordedAt only breaks ties, and parsing it for every event would cost a fold ~20%.)
 */
function compareInstants(a: string, b: string): number {
  if (a.length !== b.length) return Date.parse(a) - Date.parse(b) || 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the first entry not before `key` (the length if none). */
export function lowerBound(list: readonly Keyed[], key: Keyed): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(list[mid] as Keyed, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry dated after `ms` (the length if none); the one before it is the last at or before `ms`. */
export function firstAfter(list: readonly Keyed[], ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Keyed).at <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bed a movement leaves its person in (undefined after a departure). */
export function bedAfter(entry: Entry): string | undefined {
  const e = entry.event;
  return e.type === 'arrival' ? e.bedId : e.type === 'transfer' ? e.toBedId : undefined;
}

/** Who holds `bedId` after `entry`, one of that bed's movements: its person if they came in, else nobody. */
export function occupantAfter(entry: Entry | undefined, bedId: string): string | undefined {
  return entry && bedAfter(entry) === bedId ? entry.event.personId : undefined;
}
