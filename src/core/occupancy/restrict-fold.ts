import type { StayEvent } from '../model';
import { PMap } from './pmap';
import type { Entry, OccupancyState } from './state';

/**
 * The fold of the live events, derived from the fold of every event by leaving out archived people
 * (`personIds`, as splitArchive chose them): the snapshot seals it so an unlock need not fold the
 * live events again. splitArchive only archives people whose histories touch nobody else's (no
 * refused event, no shared id, no refusal for a bed or room they held), so dropping their entries
 * gives what fold() of the live events gives. No rule is checked: one pass over the timeline and the
 * known events, since it runs in the background seal. The state given is left as it was.
 */
export function restrictFold(state: OccupancyState, personIds: Iterable<string>): OccupancyState {
  const archived = new Set(personIds);
  if (archived.size === 0) return state;
  // A correction is the person's whose event it voids (a correction never voids a correction).
  const isArchived = (event: StayEvent): boolean => {
    const moved = event.type === 'correction' ? state.events.get(event.voids) : event;
    return moved !== undefined && moved.type !== 'correction' && archived.has(moved.personId);
  };
  const live = (entry: Entry) => !archived.has(entry.event.personId);
  const events = new Map<string, StayEvent>();
  for (const [id, event] of state.events) if (!isArchived(event)) events.set(id, event);
  const voided = new Map<string, string>();
  for (const [id, by] of state.voided) if (events.has(id) || !state.events.has(id)) voided.set(id, by);
  const persons = new Map<string, readonly Entry[]>();
  for (const [id, entries] of state.persons) if (!archived.has(id)) persons.set(id, entries);
  const beds = new Map<string, readonly Entry[]>();
  for (const [id, entries] of state.beds) {
    // A bed no archived person used keeps its list as it is.
    const kept = entries.some((entry) => !live(entry)) ? entries.filter(live) : entries;
    if (kept.length > 0) beds.set(id, kept);
  }
  return {
    layout: state.layout,
    events: PMap.adopt(events),
    voided: PMap.adopt(voided),
    timeline: state.timeline.filter(live),
    persons: PMap.adopt(persons),
    beds: PMap.adopt(beds),
    rejected: state.rejected.filter((r) => !isArchived(r.event)),
  };
}
