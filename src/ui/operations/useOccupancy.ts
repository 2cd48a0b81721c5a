import { useSyncExternalStore } from 'react';
import type { LayoutIndex, OccupancyState } from '../../core/occupancy';
import { occupancyOf } from '../../vault/operations';
import { useSession } from '../session/SessionContext';
import { useAsOf } from './AsOf';

/**
 * The occupancy every screen reads, inside the unlocked tree and AsOfProvider:
 *
 *   const { state, layout, asOf, isPast } = useOccupancy();
 *   housesAt(state, asOf); residentsAt(state, asOf); periodCounts(state, 'isoWeek', from, asOf); ...
 *
 * - `state`: OccupancyState of the whole log (src/vault/operations.ts: folded once per unlock, then
 *   updated per new event). Immutable and stable until the vault changes: a good useMemo key.
 * - `layout`: the indexed houses, rooms and beds (current names; also `state.layout`).
 * - `asOf`: the ISO instant picked in the as-of bar (now when live); `isPast` when a past day is picked.
 * Re-renders on every vault change. To write an event use `recordEvent(session, event, now)` from
 * src/vault/operations.ts, never `session.events.append` directly.
 */
export function useOccupancy(): { state: OccupancyState; layout: LayoutIndex; asOf: string; isPast: boolean } {
  const store = occupancyOf(useSession());
  const state = useSyncExternalStore(store.subscribe, store.current);
  const { asOf, isPast } = useAsOf();
  return { state, layout: state.layout, asOf, isPast };
}
