import type { StayEvent } from '../model';
import { isoDay } from './time';

/**
 * Why an event is refused. The code is stable so the UI can translate it; the English message is a
 * fallback. Messages hold dates and numbers only, never names or other user-typed text, so they are
 * safe wherever an error may end up.
 */
export const RULE_CODES = [
  'INVALID_DATE',
  'FUTURE_DATE',
  'DUPLICATE_EVENT_ID',
  'UNKNOWN_HOUSE',
  'UNKNOWN_BED',
  'BED_NOT_IN_HOUSE',
  'UNKNOWN_PERSON',
  'BEFORE_ARRIVAL',
  'NOT_IN_RESIDENCE',
  'ALREADY_IN_RESIDENCE',
  'SAME_BED',
  'BED_OCCUPIED',
  'ROOM_FULL',
  'UNKNOWN_EVENT',
  'CANNOT_VOID_CORRECTION',
  'ALREADY_VOIDED',
  'INVALIDATES_LATER_EVENT',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface RuleViolation {
  readonly code: RuleCode;
  readonly message: string;
  /** The refused event. */
  readonly eventId: string;
  /** Another event the rule is about: the one that filled the bed, the arrival it comes before, ... */
  readonly relatedEventId?: string;
  /** For INVALIDATES_LATER_EVENT: what would go wrong with the later event (its eventId). */
  readonly cause?: RuleViolation;
}

/** Ties the message of each code to the facts it needs, so every place that refuses says it the same way. */
export const violation = {
  invalidDate: (e: StayEvent): RuleViolation => ({
    code: 'INVALID_DATE',
    message: 'The date is not a valid UTC date-time.',
    eventId: e.id,
  }),
  futureDate: (e: StayEvent, at: number): RuleViolation => ({
    code: 'FUTURE_DATE',
    message: `The date ${isoDay(at)} is more than one day in the future.`,
    eventId: e.id,
  }),
  duplicateId: (e: StayEvent): RuleViolation => ({
    code: 'DUPLICATE_EVENT_ID',
    message: 'Another event with the same id and different content already exists.',
    eventId: e.id,
  }),
  unknownHouse: (e: StayEvent): RuleViolation => ({ code: 'UNKNOWN_HOUSE', message: 'The house does not exist.', eventId: e.id }),
  unknownBed: (e: StayEvent): RuleViolation => ({ code: 'UNKNOWN_BED', message: 'The bed does not exist.', eventId: e.id }),
  bedNotInHouse: (e: StayEvent): RuleViolation => ({
    code: 'BED_NOT_IN_HOUSE',
    message: 'The bed belongs to another house.',
    eventId: e.id,
  }),
  unknownPerson: (e: StayEvent, at: number): RuleViolation => ({
    code: 'UNKNOWN_PERSON',
    message: `No arrival is recorded for the person of this ${e.type} on ${isoDay(at)}.`,
    eventId: e.id,
  }),
  beforeArrival: (e: StayEvent, at: number, arrival: StayEvent, arrivalAt: number): RuleViolation => ({
    code: 'BEFORE_ARRIVAL',
    message: `The ${e.type} on ${isoDay(at)} is before the person's arrival on ${isoDay(arrivalAt)}.`,
    eventId: e.id,
    relatedEventId: arrival.id,
  }),
  /** `left`: the departure that ended their last stay (none when their arrival itself was refused). */
  notInResidence: (e: StayEvent, at: number, left?: { event: StayEvent; at: number }): RuleViolation => ({
    code: 'NOT_IN_RESIDENCE',
    message: left
      ? `The person is not in residence on ${isoDay(at)}: they left on ${isoDay(left.at)}.`
      : `The person is not in residence on ${isoDay(at)}.`,
    eventId: e.id,
    ...(left && { relatedEventId: left.event.id }),
  }),
  alreadyInResidence: (e: StayEvent, at: number, arrival: StayEvent, arrivalAt: number): RuleViolation => ({
    code: 'ALREADY_IN_RESIDENCE',
    message: `The person is already in residence on ${isoDay(at)}, since ${isoDay(arrivalAt)}.`,
    eventId: e.id,
    relatedEventId: arrival.id,
  }),
  sameBed: (e: StayEvent): RuleViolation => ({
    code: 'SAME_BED',
    message: 'The transfer is to the bed the person is already in.',
    eventId: e.id,
  }),
  bedOccupied: (e: StayEvent, at: number, occupiedBy: StayEvent): RuleViolation => ({
    code: 'BED_OCCUPIED',
    message: `The bed is already occupied on ${isoDay(at)}.`,
    eventId: e.id,
    relatedEventId: occupiedBy.id,
  }),
  roomFull: (e: StayEvent, at: number, capacity: number): RuleViolation => ({
    code: 'ROOM_FULL',
    message: `The room is full on ${isoDay(at)} (it holds ${capacity}).`,
    eventId: e.id,
  }),
  unknownEvent: (e: StayEvent): RuleViolation => ({
    code: 'UNKNOWN_EVENT',
    message: 'The correction voids an event that does not exist.',
    eventId: e.id,
  }),
  cannotVoidCorrection: (e: StayEvent, target: StayEvent): RuleViolation => ({
    code: 'CANNOT_VOID_CORRECTION',
    message: 'A correction cannot be voided; record the right event again instead.',
    eventId: e.id,
    relatedEventId: target.id,
  }),
  alreadyVoided: (e: StayEvent, voidedBy: string): RuleViolation => ({
    code: 'ALREADY_VOIDED',
    message: 'That event was already voided by another correction.',
    eventId: e.id,
    relatedEventId: voidedBy,
  }),
  invalidatesLater: (e: StayEvent, later: StayEvent, laterAt: number, cause: RuleViolation): RuleViolation => ({
    code: 'INVALIDATES_LATER_EVENT',
    message: `Refused: the ${later.type} on ${isoDay(laterAt)} would become invalid. ${cause.message}`,
    eventId: e.id,
    relatedEventId: later.id,
    cause,
  }),
};
