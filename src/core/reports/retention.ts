import type { Departure, Person, RetentionRule } from '../model';
import { DAY_MS, toMs, type Instant, type OccupancyState } from '../occupancy';

export interface DueForForgetting {
  readonly personId: string;
  /** When their last stay ended. */
  readonly departedAt: string;
  readonly daysSinceDeparture: number;
  /** The partner they were handed to, if the departure names one. */
  readonly partnerId?: string;
  /** English, for the confirmation screen; holds no names. */
  readonly reason: string;
}

/**
 * People whose record the retention rule says to forget now, longest gone first: they are not in
 * residence, their last stay ended at least `daysAfterDeparture` whole days ago and, when the rule
 * requires a confirmed handoff, that departure names the partner who took them over. People who
 * never stayed (only ever on the waiting list) are not covered by this rule.
 */
export function dueForForgetting(state: OccupancyState, people: readonly Person[], rule: RetentionRule, now: Instant): DueForForgetting[] {
  const nowMs = toMs(now);
  const due: [at: number, entry: DueForForgetting][] = [];
  for (const person of people) {
    const last = state.persons.get(person.id)?.at(-1);
    if (last?.event.type !== 'departure') continue;
    const departure: Departure = last.event;
    const days = Math.floor((nowMs - last.at) / DAY_MS);
    if (days < rule.daysAfterDeparture) continue;
    if (rule.requireConfirmedHandoff && departure.partnerId === undefined) continue;
    due.push([
      last.at,
      {
        personId: person.id,
        departedAt: departure.at,
        daysSinceDeparture: days,
        ...(departure.partnerId !== undefined && { partnerId: departure.partnerId }),
        reason:
          `Left ${days} days ago; the rule keeps records ${rule.daysAfterDeparture} days after departure` +
          (departure.partnerId !== undefined ? ', and the person was handed over to a partner.' : '.'),
      },
    ]);
  }
  return due.sort(([a], [b]) => a - b).map(([, entry]) => entry);
}
