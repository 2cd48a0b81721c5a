import { z } from 'zod';
import { languageSchema } from '../language';
import { exportProfileSchema, MAX_BUNDLE_BYTES } from './schema';

/*
 * The handoff part of the renderer <-> main contract (core/api.ts lists the channels). Main writes and
 * reads files only through these. "Cancelled" is a status; a refusal is the one IPC refusal of
 * core/errors.ts (a code the renderer translates), so it is never mistaken for a crash.
 */

const base64Of = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/);
const filePath = z.string().min(1).max(4096);
const cancelled = z.strictObject({ status: z.literal('cancelled') });

/** Longest age recipient we accept: a post-quantum hybrid one is about 1,960 characters. */
const MAX_RECIPIENT_CHARS = 2500;

export const handoffApi = {
  'handoff.export': {
    request: z.strictObject({
      /** The signed zip from buildSignedArchive, base64. */
      archive: base64Of(MAX_BUNDLE_BYTES),
      recipients: z.array(z.string().min(1).max(MAX_RECIPIENT_CHARS)).min(1).max(20),
      /** The partner's export profile: main refuses a bundle that carries more. */
      profile: exportProfileSchema,
      /** minisign public key file text of the organisation's signing key. */
      orgSigningPublicKey: z.string().min(1).max(1000),
      /** The UI language: main words its save dialog in it, from its own table. */
      language: languageSchema,
    }),
    response: z.discriminatedUnion('status', [
      z.strictObject({
        status: z.literal('saved'),
        bundleId: z.string().regex(/^[0-9a-f]{32}$/),
        /** SHA-256 of the encrypted file as written, lower-case hex. */
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        path: filePath,
        people: z.int().min(0),
      }),
      cancelled,
    ]),
  },
  'handoff.open': {
    request: z.strictObject({}),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('opened'), fileName: z.string().min(1).max(255), bytes: base64Of(MAX_BUNDLE_BYTES) }),
      cancelled,
    ]),
  },
  'handoff.savePublicKey': {
    request: z.strictObject({
      /** An age recipients file (one age1… line) or a minisign public key file. */
      kind: z.enum(['age-recipient', 'minisign']),
      text: z.string().min(1).max(MAX_RECIPIENT_CHARS + 100),
      language: languageSchema,
    }),
    response: z.discriminatedUnion('status', [z.strictObject({ status: z.literal('saved'), path: filePath }), cancelled]),
  },
} as const;
