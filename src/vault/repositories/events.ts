import type { StayEvent } from '../../core/model/stay-event';
import { recordWriter, type RepositoryContext } from './record-writer';

/** Stay events (arrival, transfer, departure, correction): appended, never edited. */
export function eventRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'event', 'operations');
  return {
    all: (): readonly StayEvent[] => ctx.state().events,
    /** Appends one stay event: history is never edited. */
    append: (event: StayEvent) => write(event, (v) => ({ action: `stay.${v.type}`, details: { event: v.id } })),
  };
}
