import type { TFunction } from 'i18next';
import { parseCountry } from '../../core/countries';
import { stayEventSchema, type StayEvent } from '../../core/model';
import { localDateTimeToInstant, localDay } from '../../core/time/zone';
import { countryProblemText } from './countryText';
import { fieldErrors, type FieldErrors } from './fieldErrors';
import { eventInstant, parseDay, parseTime } from './format';

export const EVENT_KINDS = ['arrival', 'transfer', 'departure', 'correction'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** What the record forms hold: text as typed, '' for nothing chosen. */
export interface EventValues {
  day: string;
  time: string;
  house: string;
  bed: string;
  partner: string;
  outcome: string;
  country: string;
  city: string;
  voids: string;
  reason: string;
  /** Arrival and transfer: the day the person is expected to leave, optional. */
  planned: string;
}

export const EMPTY_VALUES: EventValues = { day: '', time: '', house: '', bed: '', partner: '', outcome: '', country: '', city: '', voids: '', reason: '', planned: '' };

/** Schema field -> form field, so a schema refusal lands next to the control that caused it. */
const FORM_FIELD: Record<string, keyof EventValues> = {
  at: 'day',
  houseId: 'house',
  toHouseId: 'house',
  bedId: 'bed',
  toBedId: 'bed',
  referredBy: 'partner',
  partnerId: 'partner',
  outcome: 'outcome',
  destinationCountry: 'country',
  destinationCity: 'city',
  voids: 'voids',
  reason: 'reason',
  plannedDeparture: 'planned',
};

export interface EventDraft {
  readonly id: string;
  readonly personId: string;
  readonly userId: string;
}

/**
 * The event a record form describes, or the schema's reasons per form field. A correction happens
 * when it is recorded (it has no date of its own); the others at the typed day and optional time,
 * read in the organisation's time zone. The country is typed as a name or code and stored as its
 * code (core/countries, as the import does).
 */
export function buildEvent(
  kind: EventKind,
  v: EventValues,
  draft: EventDraft,
  now: number,
  zone: string,
  t: TFunction,
  language = 'en',
): { event: StayEvent } | { errors: FieldErrors } {
  const recordedAt = new Date(now).toISOString();
  if (kind !== 'correction' && v.time.trim() !== '' && parseTime(v.time) === undefined) return { errors: { time: t('operations.field.time') } };
  const at = kind === 'correction' ? recordedAt : eventInstant(v.day, v.time, now, zone);
  if (at === undefined) return { errors: { day: t('operations.field.date') } };
  const base = { id: draft.id, at, recordedAt, recordedBy: draft.userId };
  const opt = (s: string) => (s.trim() === '' ? undefined : s);
  const planned = kind === 'arrival' || kind === 'transfer' ? plannedDeparture(v.planned, at, zone, language) : {};
  if ('error' in planned) return { errors: { planned: t(planned.error) } };
  const country = kind === 'departure' && opt(v.country) !== undefined ? parseCountry(v.country) : undefined;
  const candidate =
    kind === 'arrival'
      ? { ...base, type: kind, personId: draft.personId, houseId: v.house, bedId: v.bed, referredBy: opt(v.partner), plannedDeparture: planned.at }
      : kind === 'transfer'
        ? { ...base, type: kind, personId: draft.personId, toHouseId: v.house, toBedId: v.bed, plannedDeparture: planned.at }
        : kind === 'departure'
          ? {
              ...base,
              type: kind,
              personId: draft.personId,
              outcome: v.outcome,
              destinationCountry: country?.ok ? country.code : undefined,
              destinationCity: opt(v.city),
              partnerId: opt(v.partner),
            }
          : { ...base, type: kind, voids: v.voids, reason: v.reason };
  // Optional fields left empty are left out, not stored as undefined.
  const parsed = stayEventSchema.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined)));
  const countryError = country && !country.ok ? countryProblemText(t, country, language) : undefined;
  if (parsed.success && countryError === undefined) return { event: parsed.data };
  const byField: FieldErrors = countryError === undefined ? {} : { country: countryError };
  if (parsed.success) return { errors: byField };
  const raw = fieldErrors(parsed.error, t, {
    houseId: t('operations.field.choose'),
    toHouseId: t('operations.field.choose'),
    bedId: t('operations.field.choose'),
    toBedId: t('operations.field.choose'),
    voids: t('operations.field.choose'),
    outcome: t('operations.field.choose'),
  });
  for (const [field, message] of Object.entries(raw)) byField[FORM_FIELD[field] ?? field] = message;
  return { errors: byField };
}

/**
 * The planned departure typed as a day (in the language's order or ISO), stored as midday of that
 * day in the organisation's zone, or the movement itself when that is later on the same day. A day
 * before the movement's own is refused.
 */
function plannedDeparture(typed: string, at: string, zone: string, language: string): { at?: string } | { error: string } {
  if (typed.trim() === '') return {};
  const day = parseDay(typed, language);
  if (day === undefined) return { error: 'operations.field.date' };
  if (day < localDay(Date.parse(at), zone)) return { error: 'operations.field.plannedBeforeMovement' };
  const midday = localDateTimeToInstant(day, '12:00', zone);
  return { at: new Date(Math.max(midday, Date.parse(at))).toISOString() };
}
