import { z } from 'zod';
import { parseMinisignPublicKey } from '../crypto/minisign';
import { exportProfileSchema } from '../handoff/schema';
import { instant, line, text } from './fields';
import { idSchema } from './ids';

const BECH32 = '[02-9ac-hj-np-z]';
/** An age recipient: native X25519 (`age1…`) or post-quantum hybrid (`age1pq1…`), lower case. */
export const ageRecipientSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(2500)
  .regex(new RegExp(`^age1(${BECH32}{58}|pq1${BECH32}+)$`), 'must be an age recipient (age1… or age1pq1…)');

/** The base64 key line of a minisign public key (what `minisign -G` writes on the second line). */
export const minisignKeyLineSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/]{56}$/, 'must be a minisign public key line')
  .refine((key) => {
    try {
      parseMinisignPublicKey(key);
      return true;
    } catch {
      return false;
    }
  }, 'must be a minisign public key line');

/** An organisation people are referred by or handed to (e.g. a resettlement organisation). */
export const partnerSchema = z.strictObject({
  id: idSchema,
  name: line(120),
  contact: text(300).optional(),
  /**
   * Handoff bundles for this partner are encrypted to all of these. The age spec forbids mixing
   * post-quantum hybrid and X25519 recipients in one file, so a partner has one kind only.
   */
  recipients: z
    .array(ageRecipientSchema)
    .max(20)
    .refine((r) => new Set(r).size === r.length, 'must not repeat a recipient')
    .refine((r) => new Set(r.map((x) => x.startsWith('age1pq1'))).size <= 1, 'must not mix post-quantum and X25519 recipients')
    .optional(),
  /** The partner's minisign public key, pinned: bundles they send back must be signed by it. */
  signingKey: minisignKeyLineSchema.optional(),
  /** Who (user id) checked the keys above with the partner out of band, and when; cleared when a key changes. */
  verified: z.strictObject({ at: instant(), by: idSchema }).optional(),
  /** Sensitive fields that may ever leave for this partner (each export ticks a subset); unset: none. */
  exportProfile: exportProfileSchema.optional(),
  /**
   * Only on the built-in partner of a practice vault: its age identity, kept so a volunteer can open
   * a practice bundle with the partner CLI (docs/operators.md, "Practice mode"). Exports from
   * practice go to this partner only, and a real vault never exports to it (vault/handoff.ts).
   */
  practice: z.strictObject({ ageIdentity: z.string().regex(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/) }).optional(),
});
export type Partner = z.infer<typeof partnerSchema>;
