import { z } from 'zod';
import { signMinisign, type MinisignSecretKey } from '../crypto/minisign';
import { loadSodium } from '../crypto/sodium';
import { BundleError } from './errors';
import { parseUntrustedJson } from './json';
import type { Manifest } from './schema';
import { AppError } from '../errors';

/*
 * A receipt: the partner's signed word that it opened a bundle (docs/bundle-format.md, "Receipts").
 * RECEIPT is this small JSON file; RECEIPT.minisig beside it is a standard minisign signature of its
 * bytes by the partner's key, so `minisign -Vm RECEIPT -p partner.minisign.pub` checks it.
 */

export const RECEIPT_FORMAT = 'waystation-receipt';
export const RECEIPT_VERSION = 1;
/** Caps on what is read from untrusted receipt files: ample for the fields below. */
export const MAX_RECEIPT_BYTES = 4096;
export const MAX_RECEIPT_SIGNATURE_BYTES = 16 * 1024;
/** minisign's convention: the signature of FILE is FILE.minisig. */
export const SIGNATURE_SUFFIX = '.minisig';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `must be ${bytes * 2} lower-case hex digits`);

export const receiptSchema = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  formatVersion: z.literal(RECEIPT_VERSION),
  bundleId: hex(16),
  /** SHA-256 of the bundle file as received (the encrypted .age file). */
  bundleSha256: hex(32),
  people: z.int().min(0).max(100_000),
  /** When the partner opened it, by the partner's clock. */
  received: z.iso.datetime(),
});
export type Receipt = z.infer<typeof receiptSchema>;

/** A receipt file that is not a receipt (JSON, schema, size). */
export class ReceiptFormatError extends AppError {
  constructor(message: string) {
    super('receipt-malformed', message);
    this.name = 'ReceiptFormatError';
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const sodium = await loadSodium();
  return Array.from(sodium.crypto_hash_sha256(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function receiptFor(manifest: Manifest, bundleFile: Uint8Array, received: Date): Promise<Receipt> {
  return receiptSchema.parse({
    format: RECEIPT_FORMAT,
    formatVersion: RECEIPT_VERSION,
    bundleId: manifest.bundleId,
    bundleSha256: await sha256Hex(bundleFile),
    people: manifest.counts.people,
    received: received.toISOString(),
  });
}

export function encodeReceipt(receipt: Receipt): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(receiptSchema.parse(receipt), null, 2)}\n`);
}

export function parseReceipt(bytes: Uint8Array): Receipt {
  let json: unknown;
  try {
    json = parseUntrustedJson(bytes, 'the receipt', { maxBytes: MAX_RECEIPT_BYTES, maxDepth: 4 });
  } catch (error) {
    throw new ReceiptFormatError(error instanceof BundleError ? error.message : 'the receipt is not JSON');
  }
  const parsed = receiptSchema.safeParse(json);
  if (!parsed.success) throw new ReceiptFormatError(`the receipt is not a ${RECEIPT_FORMAT} version ${RECEIPT_VERSION} file`);
  return parsed.data;
}

/** The receipt file's bytes and its .minisig text, signed with the partner's key. */
export async function signReceipt(receipt: Receipt, key: MinisignSecretKey): Promise<{ file: Uint8Array; signature: string }> {
  const file = encodeReceipt(receipt);
  const signature = await signMinisign(file, key, {
    trustedComment: `${RECEIPT_FORMAT} bundle:${receipt.bundleId} people:${receipt.people} received:${receipt.received}`,
    untrustedComment: 'waystation-handoff receipt signature',
  });
  return { file, signature };
}
