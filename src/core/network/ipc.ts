import { z } from 'zod';
import { languageSchema } from '../language';
import { MAX_AVAILABILITY_BYTES } from './bundle';

/*
 * Availability reports over IPC (core/api.ts lists the channels): the renderer signs the report, main
 * checks it, encrypts it to the coordinator and writes it where the user picks. Reading a report uses
 * handoff.open: it is an .age file like a bundle. A refusal is thrown as an AppError (core/errors.ts).
 */

export const networkApi = {
  'network.exportReport': {
    request: z.strictObject({
      /** The signed zip from buildAvailabilityArchive, base64. */
      archive: z
        .string()
        .max(Math.ceil(MAX_AVAILABILITY_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/),
      recipients: z.array(z.string().min(1).max(2500)).min(1).max(20),
      /** minisign public key file text of the organisation's signing key. */
      orgSigningPublicKey: z.string().min(1).max(1000),
      language: languageSchema,
    }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('saved'), path: z.string().min(1).max(4096), houses: z.int().min(0) }),
      z.strictObject({ status: z.literal('cancelled') }),
    ]),
  },
} as const;
