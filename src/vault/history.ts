import type { StayEvent } from '../core/model/stay-event';
import { DAY_MS, type OccupancyState } from '../core/occupancy';
import type { VaultState } from './session';

/*
 * When a view needs the archive's older histories (snapshot/archive.ts): a date before its cutoff, or
 * a person whose events are in it. Such screens read it first (ui/operations/OlderHistory.tsx);
 * everything else works on the live events alone.
 */

/** How far before its as-of day a screen looks back: the dashboard's charts, 12 months. */
export const VIEW_REACH_MS = 366 * DAY_MS;

/** True when a view starting at `fromMs` would miss archived events not read yet. */
export function needsArchiveFrom(state: Pick<VaultState, 'archive'>, fromMs: number): boolean {
  const archive = state.archive;
  return archive !== undefined && !archive.loaded && fromMs < Date.parse(archive.before);
}

/**
 * True when the rules must see the archive to judge `event`: it is dated before the cutoff, or it
 * corrects an event the live fold does not know. (A new event for an archived person needs nothing:
 * their archived stays are closed, so the live fold judges it as the whole history would.)
 */
export function needsArchiveForEvent(state: Pick<VaultState, 'archive'>, live: OccupancyState, event: StayEvent): boolean {
  const archive = state.archive;
  if (archive === undefined || archive.loaded) return false;
  return event.type === 'correction' ? !live.events.has(event.voids) : Date.parse(event.at) < Date.parse(archive.before);
}

/** True when part of this person's history is in the archive, unread. */
export function personInArchive(state: Pick<VaultState, 'archive'>, personId: string): boolean {
  return state.archive?.loaded === false && state.archive.personIds.has(personId);
}
