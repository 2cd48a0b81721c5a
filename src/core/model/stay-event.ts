import { z } from 'zod';
import { countryCode, instant, line, text } from './fields';
import { idSchema } from './ids';

/**
 * Stays are an append-only log of events; occupancy is derived from it (core/occupancy). A mistake
 * is fixed by a correction that voids the wrong event, never by editing or deleting it.
 * `at` is when it happened, `recordedAt` when it was typed in (orders ties, checks back-dating).
 */
const base = {
  id: idSchema,
  at: instant(),
  recordedAt: instant(),
  recordedBy: idSchema.optional(),
};

export const arrivalSchema = z.strictObject({
  ...base,
  type: z.literal('arrival'),
  personId: idSchema,
  houseId: idSchema,
  bedId: idSchema,
  /** The partner that referred the person, if any. */
  referredBy: idSchema.optional(),
  /** When the person is expected to leave, if known: availability reports count the bed as soon free. */
  plannedDeparture: instant().optional(),
});
export type Arrival = z.infer<typeof arrivalSchema>;

export const transferSchema = z.strictObject({
  ...base,
  type: z.literal('transfer'),
  personId: idSchema,
  toHouseId: idSchema,
  toBedId: idSchema,
  /** As on an arrival: the expected end of the stay, from this move on. */
  plannedDeparture: instant().optional(),
});
export type Transfer = z.infer<typeof transferSchema>;

export const OUTCOMES = ['resettled', 'other-shelter', 'returned-home', 'left-without-notice', 'other'] as const;
export const outcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof outcomeSchema>;

export const departureSchema = z.strictObject({
  ...base,
  type: z.literal('departure'),
  personId: idSchema,
  outcome: outcomeSchema,
  destinationCountry: countryCode().optional(),
  destinationCity: line(80).optional(),
  /** The partner the person was handed to (e.g. the resettlement organisation). */
  partnerId: idSchema.optional(),
});
export type Departure = z.infer<typeof departureSchema>;

export const correctionSchema = z.strictObject({
  ...base,
  type: z.literal('correction'),
  /** The event this one cancels; the cancelled event stays in the log for history and audit. */
  voids: idSchema,
  reason: text(500),
});
export type Correction = z.infer<typeof correctionSchema>;

export const stayEventSchema = z.discriminatedUnion('type', [arrivalSchema, transferSchema, departureSchema, correctionSchema]);
export type StayEvent = z.infer<typeof stayEventSchema>;
export type StayEventType = StayEvent['type'];
/** The events that move people; corrections only void them. */
export type Movement = Arrival | Transfer | Departure;
