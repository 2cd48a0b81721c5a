import { z } from 'zod';
import { languageSchema } from '../language';
import { MAX_RECEIPT_BYTES, MAX_RECEIPT_SIGNATURE_BYTES } from './receipt';

/*
 * Receipt files over IPC (core/api.ts lists the channels): main reads RECEIPT and RECEIPT.minisig at a
 * path picked in its open dialog, and writes the pair this vault signs for a bundle it imported. A
 * refusal is the one IPC refusal of core/errors.ts (too large, unreadable, no signature, not a receipt).
 */

const fileBytes = z
  .string()
  .max(Math.ceil(MAX_RECEIPT_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/);
const signatureText = z.string().min(1).max(MAX_RECEIPT_SIGNATURE_BYTES);

export const receiptApi = {
  'handoff.openReceipt': {
    request: z.strictObject({}),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('opened'), file: fileBytes, signature: signatureText }),
      z.strictObject({ status: z.literal('cancelled') }),
    ]),
  },
  'handoff.saveReceipt': {
    request: z.strictObject({
      file: fileBytes,
      signature: signatureText,
      /** minisign public key file text of the organisation's signing key: main writes only a pair it verifies. */
      signingPublicKey: z.string().min(1).max(1000),
      language: languageSchema,
    }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('saved'), path: z.string().min(1).max(4096) }),
      z.strictObject({ status: z.literal('cancelled') }),
    ]),
  },
} as const;
