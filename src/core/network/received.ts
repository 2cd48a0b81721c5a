import { z } from 'zod';
import { instant } from '../model/fields';
import { idSchema } from '../model/ids';
import { availabilitySchema } from './availability';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

/**
 * The newest availability report from one sibling, as the coordinator's vault keeps it: one record per
 * sibling (its id is the sibling's partner id), replaced only by a report with a later `at`.
 */
export const receivedAvailabilitySchema = z.strictObject({
  id: idSchema,
  reportId: hex(16),
  /** When this vault verified and stored it. */
  received: instant(),
  signer: z.strictObject({ keyId: z.string().regex(/^[0-9A-F]{16}$/), fingerprint: hex(16) }),
  report: availabilitySchema,
});
export type ReceivedAvailability = z.infer<typeof receivedAvailabilitySchema>;
