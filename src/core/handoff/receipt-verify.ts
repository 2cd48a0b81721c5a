import { minisignFingerprint, minisignKeyIdHex, MinisignError, verifyMinisign, type MinisignPublicKey } from '../crypto/minisign';
import { AppError } from '../errors';
import { MAX_RECEIPT_SIGNATURE_BYTES, parseReceipt, ReceiptFormatError, type Receipt } from './receipt';

/** Why a receipt was refused; each is an error code `receipt-<reason>` the UI translates (docs/bundle-format.md, "Receipts"). */
export const RECEIPT_REFUSALS = ['malformed', 'unknown-bundle', 'no-partner-key', 'wrong-signer', 'bad-signature', 'wrong-hash', 'wrong-count', 'duplicate'] as const;
export type ReceiptRefusal = (typeof RECEIPT_REFUSALS)[number];

export class ReceiptError extends AppError {
  constructor(
    readonly reason: ReceiptRefusal,
    message: string,
  ) {
    super(`receipt-${reason}`, message);
    this.name = 'ReceiptError';
  }
}

/** What the sender remembers of a bundle it wrote. */
export interface SentBundle {
  readonly bundleId: string;
  readonly partnerId: string;
  readonly people: number;
  readonly created: string;
  readonly expires: string;
  /** SHA-256 of the file as written; bundles exported before it was kept have none. */
  readonly sha256?: string;
}

export interface ReceiptContext {
  readonly sent: (bundleId: string) => SentBundle | undefined;
  /** The pinned minisign key of the partner the bundle went to, if it has one. */
  readonly partnerKey: (partnerId: string) => MinisignPublicKey | undefined;
  readonly hasReceipt: (bundleId: string) => boolean;
}

export interface VerifiedReceipt {
  readonly receipt: Receipt;
  readonly sent: SentBundle;
  readonly signer: { readonly keyId: string; readonly fingerprint: string };
}

/**
 * Checks a receipt against what we sent: a receipt file, a known bundle, a signature by the pinned key
 * of THAT bundle's partner (no other key, however trusted elsewhere), the file hash and people count we
 * wrote, and no receipt already recorded. Every refusal is a ReceiptError.
 */
export async function verifyReceipt(file: Uint8Array, signature: string, context: ReceiptContext): Promise<VerifiedReceipt> {
  let receipt: Receipt;
  try {
    receipt = parseReceipt(file);
  } catch (error) {
    if (error instanceof ReceiptFormatError) throw new ReceiptError('malformed', error.message);
    throw error;
  }
  if (signature.length > MAX_RECEIPT_SIGNATURE_BYTES) throw new ReceiptError('malformed', 'the signature file is too large');
  const sent = context.sent(receipt.bundleId);
  if (sent?.sha256 === undefined) throw new ReceiptError('unknown-bundle', `this vault has no record of sending bundle ${receipt.bundleId}`);
  const key = context.partnerKey(sent.partnerId);
  if (key === undefined) throw new ReceiptError('no-partner-key', 'the partner this bundle went to has no pinned signing key');
  try {
    await verifyMinisign(file, signature, key);
  } catch (error) {
    if (!(error instanceof MinisignError)) throw error;
    const reason = error.reason === 'unknown-key' ? 'wrong-signer' : error.reason === 'bad-signature' ? 'bad-signature' : 'malformed';
    throw new ReceiptError(reason, error.message);
  }
  if (receipt.bundleSha256 !== sent.sha256) {
    throw new ReceiptError('wrong-hash', 'the receipt is for a different file than the bundle this vault wrote');
  }
  if (receipt.people !== sent.people) throw new ReceiptError('wrong-count', `the receipt counts ${receipt.people} people; the bundle carried ${sent.people}`);
  if (context.hasReceipt(receipt.bundleId)) throw new ReceiptError('duplicate', `a receipt for bundle ${receipt.bundleId} is already recorded`);
  return { receipt, sent, signer: { keyId: minisignKeyIdHex(key.keyId), fingerprint: await minisignFingerprint(key) } };
}
