import type { StayEvent } from '../model';
import type { RuleCode } from './errors';
import { bedAfter, type OccupancyState } from './state';
import { DAY_MS } from './time';

/**
 * Which stay events can leave the everyday fold for the sealed archive (docs/architecture.md,
 * "Archive"). A person is archived as a unit: none of their stays is open, and their newest event
 * (corrections of their events included, by `at` or `recordedAt`, whichever is later) is older than
 * the cutoff. Everything else stays live. The fold over the live events alone must agree with the
 * full fold on every person left in it, so the split also keeps live:
 * - a person with a refused event (their history is not settled);
 * - everybody, when an event dated before the cutoff was refused for a bed or room another person
 *   held (without the archived stays it could apply, and the live fold would change);
 * - a person owning an id that two events share (which copy wins depends on both being read).
 */

export interface ArchiveSplit {
  /** The events kept in the everyday fold, in the order given. */
  readonly live: StayEvent[];
  /** The archived people's events, in the order given. */
  readonly archived: StayEvent[];
  /** The archived people, sorted. */
  readonly personIds: string[];
}

/** Refusals that depend on other people's stays. */
const SHARED_RULES: ReadonlySet<RuleCode> = new Set(['BED_OCCUPIED', 'ROOM_FULL']);

/** The instant before which closed histories are archived: `days` days before `nowMs`. */
export function archiveCutoff(nowMs: number, days: number): number {
  return nowMs - days * DAY_MS;
}

/**
 * Splits `events` (every event the vault holds) given `state`, their fold, and `cutoffMs`
 * (archiveCutoff of an injected clock).
 */
export function splitArchive(events: readonly StayEvent[], state: OccupancyState, cutoffMs: number): ArchiveSplit {
  const everything: ArchiveSplit = { live: [...events], archived: [], personIds: [] };
  const blocked = new Set<string>();
  const duplicated = new Set<string>();
  for (const { event, violation } of state.rejected) {
    if (SHARED_RULES.has(violation.code) && Date.parse(event.at) < cutoffMs) return everything;
    if (violation.code === 'DUPLICATE_EVENT_ID') duplicated.add(event.id);
    blocked.add(event.id);
  }
  const byId = new Map<string, StayEvent>();
  for (const e of events) if (!byId.has(e.id)) byId.set(e.id, e);
  const newest = new Map<string, number>();
  const owner = new Map<StayEvent, string>();
  const keep = new Set<string>();
  for (const e of events) {
    const person = personOf(e, byId);
    if (person === undefined) continue;
    owner.set(e, person);
    if (blocked.has(e.id) || duplicated.has(e.id)) keep.add(person);
    newest.set(person, Math.max(newest.get(person) ?? -Infinity, Date.parse(e.at), Date.parse(e.recordedAt)));
  }
  const archivedPeople = new Set<string>();
  for (const [person, last] of newest) {
    if (keep.has(person) || !(last < cutoffMs)) continue;
    const history = state.persons.get(person);
    const lastMove = history?.[history.length - 1];
    if (lastMove !== undefined && bedAfter(lastMove) !== undefined) continue;
    archivedPeople.add(person);
  }
  if (archivedPeople.size === 0) return everything;
  const live: StayEvent[] = [];
  const archived: StayEvent[] = [];
  for (const e of events) {
    const person = owner.get(e);
    (person !== undefined && archivedPeople.has(person) ? archived : live).push(e);
  }
  return { live, archived, personIds: [...archivedPeople].sort() };
}

/** The person an event is about: a correction belongs to the person of the event it voids, through chains. */
function personOf(event: StayEvent, byId: ReadonlyMap<string, StayEvent>): string | undefined {
  let e: StayEvent | undefined = event;
  for (let hops = 0; e !== undefined && hops <= byId.size; hops++) {
    if (e.type !== 'correction') return e.personId;
    e = byId.get(e.voids);
  }
  return undefined;
}
