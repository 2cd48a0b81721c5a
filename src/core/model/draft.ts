import { z } from 'zod';
import { exportProfileSchema } from '../handoff/schema';
import { IMPORT_FIELDS } from '../reports/import-columns';
import { NEED_KINDS, needStatusSchema, riskLevelSchema } from './person';
import { roleSchema } from './user';

/**
 * A draft: what a form held, unsaved, when an idle or suspend lock began (docs/security.md,
 * "Drafts"). Values are the form's text as typed, not a checked record, so every field comes back
 * as it was; each kind has its own schema, checked when the draft is read back from the vault.
 */
const typed = (max = 2000) => z.string().max(max);

/** The intake form (a new person) and the edit form of a person. */
export const personDraftValuesSchema = z.strictObject({
  alias: typed(),
  legalName: typed(),
  birthYear: typed(20),
  languages: typed(),
  phone: typed(100),
  riskLevel: riskLevelSchema,
  notes: typed(20_000),
  needs: z.record(z.enum(NEED_KINDS), z.strictObject({ checked: z.boolean(), status: needStatusSchema, note: typed() })),
  consent: z.array(z.string().max(200)).max(500),
});
export type PersonDraftValues = z.infer<typeof personDraftValuesSchema>;

/** The record forms: arrival, transfer, departure, correction. */
export const eventDraftValuesSchema = z.strictObject({
  day: typed(40),
  time: typed(40),
  house: typed(200),
  bed: typed(200),
  partner: typed(200),
  outcome: typed(200),
  country: typed(200),
  city: typed(),
  voids: typed(200),
  reason: typed(),
  /** An arrival's or transfer's planned departure day (drafts from before it had none). */
  planned: typed(40).default(''),
  /** A departure meets the housing need unless this was unticked. */
  housingDone: z.boolean(),
});
export type EventDraftValues = z.infer<typeof eventDraftValuesSchema>;

export const partnerDraftValuesSchema = z.strictObject({
  name: typed(),
  contact: typed(),
  recipients: typed(20_000),
  signingKey: typed(),
  profile: exportProfileSchema,
});
export type PartnerDraftValues = z.infer<typeof partnerDraftValuesSchema>;

export const userDraftValuesSchema = z.strictObject({ name: typed(), role: roleSchema });
export type UserDraftValues = z.infer<typeof userDraftValuesSchema>;

/** The import's mapping step: the spreadsheet as read, and the columns chosen for each field. */
export const importDraftValuesSchema = z.strictObject({
  fileName: typed(500),
  encoding: z.enum(['utf-8', 'windows-1251']),
  headers: z.array(typed()).max(500),
  rows: z.array(z.array(typed(20_000)).max(500)).max(100_000),
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), z.int().min(0).max(499)),
});
export type ImportDraftValues = z.infer<typeof importDraftValuesSchema>;

const common = {
  id: z.string().min(1).max(64),
  /** Only this user is offered the draft back. */
  userId: z.string().min(1).max(200),
  savedAt: z.iso.datetime(),
  /** What the form was about: the person of an edit or a record form, the partner being edited. */
  target: z.string().min(1).max(200).optional(),
};

export const draftSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('intake'), values: personDraftValuesSchema }),
  z.strictObject({ ...common, kind: z.literal('person'), values: personDraftValuesSchema }),
  z.strictObject({ ...common, kind: z.enum(['arrival', 'transfer', 'departure', 'correction']), values: eventDraftValuesSchema }),
  z.strictObject({ ...common, kind: z.literal('partner'), values: partnerDraftValuesSchema }),
  z.strictObject({ ...common, kind: z.literal('user'), values: userDraftValuesSchema }),
  z.strictObject({ ...common, kind: z.literal('import'), values: importDraftValuesSchema }),
]);
export type Draft = z.infer<typeof draftSchema>;
export type DraftKind = Draft['kind'];
/** The values of drafts of kind K (the record forms share one member of the union). */
export type DraftValuesOf<K extends DraftKind> = Draft extends infer D ? (D extends { kind: infer DK; values: infer V } ? (K extends DK ? V : never) : never) : never;

/** How long a draft is offered back, unless the admin chose otherwise (settings). */
export const DEFAULT_DRAFT_HOURS = 24;
export const MAX_DRAFT_HOURS = 168;

/**
 * Expired once `hours` have passed since it was sealed. A clock set back may date it ahead of now;
 * it is then kept for as long, and no longer.
 */
export function isDraftExpired(draft: Pick<Draft, 'savedAt'>, now: Date, hours: number): boolean {
  const age = now.getTime() - Date.parse(draft.savedAt);
  return Math.abs(age) >= hours * 3_600_000;
}
