import { z } from 'zod';
import { instant } from './fields';
import { signatureSchema } from '../crypto/signing';
import { idSchema } from './ids';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

/** prevHash of the first entry in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Details carry ids, codes, counts and flags only: string values are limited to an id-like alphabet,
 * so names, notes and other free text (which would put resident data in the audit log) do not fit.
 */
const detailValue = z.union([
  z.string().regex(/^[A-Za-z0-9_.:+-]{0,128}$/, 'must be an id, code, number or ISO date, not free text'),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

export const auditEntrySchema = z.strictObject({
  seq: z.int().min(0),
  at: instant(),
  actorId: idSchema,
  /** Dotted lower-case name, e.g. "handoff.export", "user.role-change". */
  action: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'must be a dotted action name').max(64),
  details: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), detailValue)
    .refine((d) => Object.keys(d).length <= 32, 'must have at most 32 details'),
  prevHash: sha256Hex,
  /** The author's Ed25519 signature (core/audit/chain.ts); absent only on entries written before signatures. */
  sig: signatureSchema.optional(),
  hash: sha256Hex,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
