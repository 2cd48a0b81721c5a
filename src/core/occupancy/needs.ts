import { MAX_NEED_CHANGES, type Movement, type Need, type NeedKind, type NeedStatus, type Person } from '../model';
import { toMs, type Instant } from './time';

/**
 * Needs over time. A need's status changes are dated (Need.history), so a view as of a past day
 * reads the status of that day, and a need not yet known then does not count. The rules that tie
 * needs to stays live here, once, for every path that records a stay: the departure form (through
 * vault recordEvent) and the spreadsheet import.
 */

export function newNeed(kind: NeedKind, status: NeedStatus, at: string, note?: string): Need {
  return { kind, status, ...(note !== undefined && { note }), history: [{ at, status }] };
}

/**
 * The need with its status set to `status` from `at` on. A change dated before the need was known
 * is dated at that first entry instead (a stay recorded late for someone registered later), so the
 * history never starts before the person was known. Setting the status it already has there is a no-op.
 */
export function withNeedStatus(need: Need, status: NeedStatus, at: string): Need {
  const history = need.history;
  const first = history[0]!;
  const when = toMs(at) < toMs(first.at) ? first.at : at;
  const ms = toMs(when);
  let i = history.length;
  while (i > 0 && toMs(history[i - 1]!.at) > ms) i--;
  if (history[i - 1]?.status === status) return need;
  const next = [...history.slice(0, i), { at: when, status }, ...history.slice(i)];
  // A need changed more often than the schema keeps loses its oldest changes after the first.
  const kept = next.length > MAX_NEED_CHANGES ? [next[0]!, ...next.slice(next.length - MAX_NEED_CHANGES + 1)] : next;
  return { ...need, status: kept.at(-1)!.status, history: kept };
}

/** The status at `at`; undefined when the need was not known yet. */
export function needStatusAt(need: Need, at: Instant): NeedStatus | undefined {
  const ms = toMs(at);
  let status: NeedStatus | undefined;
  for (const change of need.history) {
    if (toMs(change.at) > ms) break;
    status = change.status;
  }
  return status;
}

/** Had a housing need that was not done at `at`: with no bed then, they were waiting for one. */
export function needsHousingAt(person: Person, at: Instant): boolean {
  return person.needs.some((n) => {
    if (n.kind !== 'housing') return false;
    const status = needStatusAt(n, at);
    return status !== undefined && status !== 'done';
  });
}

export interface MovementOptions {
  /**
   * A departure normally meets the housing need: the person is no longer looking to us for a bed.
   * True when they still are (a move that fell through): the need is open again and they wait.
   */
  readonly stillNeedsHousing?: boolean;
}

/**
 * What a movement does to the housing need, dated at the movement: an arrival takes an open need on
 * (in progress), a departure meets it (done) or, with `stillNeedsHousing`, opens it again. Other
 * needs, and people without a housing need, are left as they are. Returns `needs` itself when
 * nothing changes.
 */
export function needsAfterMovement(needs: readonly Need[], movement: Pick<Movement, 'type' | 'at'>, options: MovementOptions = {}): readonly Need[] {
  const target = (need: Need): NeedStatus | undefined => {
    if (need.kind !== 'housing') return undefined;
    if (movement.type === 'arrival') return need.status === 'open' ? 'in-progress' : undefined;
    if (movement.type === 'departure') return options.stillNeedsHousing ? (need.status === 'done' ? undefined : 'open') : 'done';
    return undefined;
  };
  let changed = false;
  const next = needs.map((need) => {
    const status = target(need);
    const after = status === undefined ? need : withNeedStatus(need, status, movement.at);
    if (after !== need) changed = true;
    return after;
  });
  return changed ? next : needs;
}
