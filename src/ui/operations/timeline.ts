import type { Correction, Movement, StayEvent } from '../../core/model';
import type { OccupancyState, RuleViolation } from '../../core/occupancy';

/** One line of a person's stay history: a movement, and whether it counts. */
export interface TimelineItem {
  readonly event: Movement;
  /** The correction that voided it (the event is shown struck through, with the reason). */
  readonly voidedBy?: Correction;
  /** Why the engine could not apply it (e.g. two merged vaults that filled one bed). */
  readonly refused?: RuleViolation;
}

/** Every movement of `personId` in log order, voided and refused ones included: history is never hidden. */
export function timelineOf(state: OccupancyState, events: readonly StayEvent[], personId: string): TimelineItem[] {
  const refused = new Map(state.rejected.map((r) => [r.event.id, r.violation]));
  const items: TimelineItem[] = [];
  for (const event of events) {
    if (event.type === 'correction' || event.personId !== personId) continue;
    const correctionId = state.voided.get(event.id);
    const correction = correctionId === undefined ? undefined : state.events.get(correctionId);
    items.push({
      event,
      ...(correction?.type === 'correction' && { voidedBy: correction }),
      ...(refused.has(event.id) && { refused: refused.get(event.id) }),
    });
  }
  return items;
}

/** Whether the person is in a bed after the last movement in the log (what can be recorded next). */
export function inResidenceAtEnd(state: OccupancyState, personId: string): boolean {
  const last = state.persons.get(personId)?.at(-1)?.event;
  return last !== undefined && last.type !== 'departure';
}
