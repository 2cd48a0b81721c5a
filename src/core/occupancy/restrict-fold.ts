import type { StayEvent } from '../model';
import { encodeFold, type FoldImage } from './image';
import { PMap } from './pmap';
import type { Entry, OccupancyState } from './state';

/**
 * The fold of the live events, derived from the fold of every event by leaving out archived people
 * (`personIds`, as splitArchive chose them): the snapshot seals it so an unlock need not fold the
 * live events again. splitArchive only archives people whose histories touch nobody else's (no
 * refused event, no shared id, no refusal for a bed or room they held), so dropping their entries
 * gives what fold() of the live events gives. No rule is checked: one pass over the timeline and the
 * known ids, since it runs in the background seal. The state given is left as it was.
 */
export function restrictFold(state: OccupancyState, personIds: Iterable<string>): OccupancyState {
  const archived = new Set(personIds);
  if (archived.size === 0) return state;
  // Their movements are found from their own lists and then known by identity: asking each entry
  // whose it is would read every event object, which costs more than all the rest together.
  const gone = new Set<Entry>();
  const goneIds = new Set<string>();
  for (const id of archived) {
    for (const entry of state.persons.get(id) ?? []) {
      gone.add(entry);
      goneIds.add(entry.event.id);
    }
  }
  // Their voided movements and the corrections that voided them (a correction never voids a correction).
  const isArchived = (event: StayEvent | undefined) => event !== undefined && event.type !== 'correction' && archived.has(event.personId);
  const voided = new Map<string, string>();
  for (const [id, by] of state.voided) {
    if (isArchived(state.events.get(id))) goneIds.add(id).add(by);
    else voided.set(id, by);
  }
  const events = new Map<string, StayEvent>();
  for (const [id, event] of state.events) if (!goneIds.has(id)) events.set(id, event);
  const persons = new Map<string, readonly Entry[]>();
  for (const [id, entries] of state.persons) if (!archived.has(id)) persons.set(id, entries);
  const live = (entry: Entry) => !gone.has(entry);
  const beds = new Map<string, readonly Entry[]>();
  for (const [id, entries] of state.beds) {
    // A bed no archived person used keeps its list as it is.
    const kept = entries.some((entry) => gone.has(entry)) ? entries.filter(live) : entries;
    if (kept.length > 0) beds.set(id, kept);
  }
  const owner = (event: StayEvent) => (event.type === 'correction' ? state.events.get(event.voids) : event);
  return {
    layout: state.layout,
    events: PMap.adopt(events),
    voided: PMap.adopt(voided),
    timeline: state.timeline.filter(live),
    persons: PMap.adopt(persons),
    beds: PMap.adopt(beds),
    rejected: state.rejected.filter((r) => !isArchived(owner(r.event))),
  };
}

/**
 * The image (encodeFold) of the fold of `live`, from `folded`, the fold of every event, and the people
 * `live` leaves out. None when a live event would be left out with them (one merged in, dated before
 * the cutoff, for a person whose archive was sealed before it came): then the unlock folds.
 */
export function liveFoldImage(folded: OccupancyState, live: readonly StayEvent[], archivedPeople: readonly string[]): FoldImage | undefined {
  const state = restrictFold(folded, archivedPeople);
  if (state !== folded) for (const e of live) if (folded.events.has(e.id) && !state.events.has(e.id)) return undefined;
  return encodeFold(state, live);
}
