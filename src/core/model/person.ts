import { z } from 'zod';
import { instant, line, text, uniqueArray } from './fields';
import { idSchema } from './ids';

export const NEED_KINDS = ['housing', 'language', 'financial-literacy', 'medical', 'legal', 'documents', 'other'] as const;
export const needKindSchema = z.enum(NEED_KINDS);
export type NeedKind = z.infer<typeof needKindSchema>;

export const NEED_STATUSES = ['open', 'in-progress', 'done'] as const;
export const needStatusSchema = z.enum(NEED_STATUSES);
export type NeedStatus = z.infer<typeof needStatusSchema>;

/** One change of a need's status: from `at` on, the need had `status`. */
export const needChangeSchema = z.strictObject({
  at: instant(),
  status: needStatusSchema,
  /**
   * Set by the vault upgrade that gave needs a history (src/vault/migrate.ts): the status found then,
   * dated at the person's creation, since when it was set is not known.
   */
  migrated: z.literal(true).optional(),
});
export type NeedChange = z.infer<typeof needChangeSchema>;

export const MAX_NEED_CHANGES = 200;

export const needSchema = z
  .strictObject({
    kind: needKindSchema,
    /** The status now: always the last change's, kept apart for the many readers of "now". */
    status: needStatusSchema,
    note: text(500).optional(),
    /**
     * Every change of the status, oldest first; the first is when the need became known. Views as of
     * a past day read it (core/occupancy/needs.ts), so they show who was waiting then.
     */
    history: z.array(needChangeSchema).min(1).max(MAX_NEED_CHANGES),
  })
  .refine((n) => n.history.every((c, i) => i === 0 || Date.parse(n.history[i - 1]!.at) <= Date.parse(c.at)), 'must list the changes oldest first')
  .refine((n) => n.history.at(-1)?.status === n.status, 'must have the status of its last change');
export type Need = z.infer<typeof needSchema>;

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const riskLevelSchema = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

export const personSchema = z.strictObject({
  id: idSchema,
  /** What everyone calls the person in the app; never needs to be a real name. */
  alias: line(60),
  /** Extra-sensitive: leaves the vault only when an export profile ticks it. */
  legalName: line(200).optional(),
  birthYear: z.int().min(1900).max(2100).optional(),
  languages: uniqueArray(line(40), 20),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{2,30}$/, 'must be a phone number (digits, spaces, ( ) - and an optional leading +)')
    .optional(),
  // Several "other" needs may coexist; every other kind appears at most once.
  needs: z
    .array(needSchema)
    .max(20)
    .refine((needs) => {
      const kinds = needs.filter((n) => n.kind !== 'other').map((n) => n.kind);
      return new Set(kinds).size === kinds.length;
    }, 'must not list the same need twice'),
  riskLevel: riskLevelSchema,
  notes: text(5000).optional(),
  /** Partners this person agreed their record may be handed to. */
  consentToShare: uniqueArray(idSchema, 50),
});
export type Person = z.infer<typeof personSchema>;
