import { z } from 'zod';
import { line } from './fields';
import { publicKeySchema, signatureSchema } from '../crypto/signing';
import { idSchema } from './ids';

/** Operator: houses, residents, stays, reports. Staff: + handoffs and partner keys. Admin: + users, recovery, wipe, audit. */
export const ROLES = ['operator', 'staff', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.strictObject({
  id: idSchema,
  name: line(80),
  role: roleSchema,
  status: z.enum(['active', 'disabled']),
  /**
   * Every audit signing key this user has had (a new slot brings a new one); audit entries by this
   * user verify against any of them. Absent on records written before signatures.
   */
  signingKeys: z.array(publicKeySchema).max(32).optional(),
  /** Goes up with every signed change, so an older signed record put back later is seen (core/crypto/signed-user.ts). */
  revision: z.int().min(0).optional(),
  /**
   * Set when this user was removed, suspended or demoted: keys they may have copied still open what is
   * written next, so the vault refuses data writes until an admin rotates the vault key, which clears
   * it (docs/threat-model.md §24). Signed like the rest, so an insider cannot clear it offline.
   */
  rotationPending: z.literal(true).optional(),
  /** The organisation admin key's signature over all of the above. */
  signature: signatureSchema.optional(),
});
export type User = z.infer<typeof userSchema>;
