import type { TFunction } from 'i18next';
import type { StayEvent } from '../../core/model';
import type { LayoutIndex, RuleViolation } from '../../core/occupancy';
import { formatDay } from './format';

/** What a rule message needs besides the violation: the events it names and the layout. */
export interface ViolationContext {
  /** The refused event itself and anything already in the log, by id. */
  readonly eventById: (id: string) => StayEvent | undefined;
  readonly layout: LayoutIndex;
  readonly language: string;
  /** The organisation's time zone: the days the message names. */
  readonly zone: string;
}

/**
 * A refusal in the user's language, by rule code, never the engine's English message (every code
 * has a text in each language: tests/unit/operations/screens-logic.test.ts).
 * The facts the engine puts in its message (dates, a room's size) are read from the events it names.
 */
export function violationText(v: RuleViolation, t: TFunction, ctx: ViolationContext): string {
  const event = ctx.eventById(v.eventId);
  const related = v.relatedEventId === undefined ? undefined : ctx.eventById(v.relatedEventId);
  const day = (e: StayEvent | undefined) => (e ? formatDay(e.at, ctx.language, ctx.zone) : '');
  const type = (e: StayEvent | undefined) => (e ? t(`operations.eventType.${e.type}`) : '');
  const params: Record<string, string | number> = { date: day(event), type: type(event), related: day(related) };
  switch (v.code) {
    case 'FUTURE_DATE':
      if (event) params.date = formatDay(event.recordedAt > event.at ? event.recordedAt : event.at, ctx.language, ctx.zone);
      break;
    case 'NOT_IN_RESIDENCE':
      if (related) return t('operations.rule.NOT_IN_RESIDENCE_LEFT', params);
      break;
    case 'ROOM_FULL': {
      const bedId = event?.type === 'arrival' ? event.bedId : event?.type === 'transfer' ? event.toBedId : undefined;
      const roomId = bedId === undefined ? undefined : ctx.layout.beds.get(bedId)?.room.id;
      params.capacity = roomId === undefined ? '?' : (ctx.layout.roomCapacity.get(roomId) ?? '?');
      break;
    }
    case 'INVALIDATES_LATER_EVENT':
      params.type = type(related);
      params.date = day(related);
      params.cause = v.cause ? violationText(v.cause, t, ctx) : '';
      break;
  }
  return t(`operations.rule.${v.code}`, params);
}
