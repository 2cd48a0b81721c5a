import { DAY_MS } from '../core/occupancy';
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

/** True when part of this person's history is in the archive, unread. */
export function personInArchive(state: Pick<VaultState, 'archive'>, personId: string): boolean {
  return state.archive?.loaded === false && state.archive.personIds.has(personId);
}
