import { z } from 'zod';
import { line } from './fields';
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
});
export type User = z.infer<typeof userSchema>;
