import { z } from 'zod';
import { randomBytes, utf8Encode as utf8 } from '../crypto/bytes';
import {
  minisignFingerprint,
  minisignKeyIdHex,
  minisignPublicKeyOf,
  MinisignError,
  signMinisign,
  verifyMinisign,
  type MinisignPublicKey,
  type MinisignSecretKey,
} from '../crypto/minisign';
import { checkRecipients, decryptBundle, identityRecipients, recipientId } from '../handoff/age';
import { toHex } from '../handoff/encoding';
import { BundleError } from '../handoff/errors';
import { parseUntrustedJson } from '../handoff/json';
import { describeIssue } from '../handoff/minimise';
import { readZip, writeZip } from '../handoff/zip';
import { availabilitySchema, type Availability } from './availability';

/*
 * The availability bundle (docs/bundle-format.md, "Availability reports"): the handoff envelope (age
 * around a small zip, a minisign signature over the one JSON document) with its own format and kind,
 * so neither kind of file can be taken for the other.
 */

export const AVAILABILITY_FORMAT = 'waystation-availability';
export const AVAILABILITY_VERSION = 1;
export const REPORT_FILE = 'report.json';
export const REPORT_SIGNATURE_FILE = 'report.json.minisig';
/** A report is a few KiB; anything much larger is not one. */
export const MAX_AVAILABILITY_BYTES = 1024 * 1024;
const LIMITS = { maxEntries: 2, maxUnpackedBytes: MAX_AVAILABILITY_BYTES, maxJsonDepth: 8, maxSignatureBytes: 16 * 1024 };

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

export const availabilityDocumentSchema = z.strictObject({
  format: z.literal(AVAILABILITY_FORMAT),
  formatVersion: z.literal(AVAILABILITY_VERSION),
  kind: z.literal('availability'),
  reportId: hex(16),
  sender: z.strictObject({ keyId: z.string().regex(/^[0-9A-F]{16}$/), fingerprint: hex(16) }),
  /** Recipient ids (docs/bundle-format.md) of the age keys it was encrypted to: the coordinator's. */
  recipients: z.array(hex(8)).min(1).max(20),
  report: availabilitySchema,
});
export type AvailabilityDocument = z.infer<typeof availabilityDocumentSchema>;

/** Signs the report for `recipients` and zips it; the caller (main) encrypts it. */
export async function buildAvailabilityArchive(input: {
  readonly report: Availability;
  readonly recipients: readonly string[];
  readonly signingKey: MinisignSecretKey;
}): Promise<{ archive: Uint8Array; document: AvailabilityDocument }> {
  const signer = minisignPublicKeyOf(input.signingKey);
  const document = availabilityDocumentSchema.parse({
    format: AVAILABILITY_FORMAT,
    formatVersion: AVAILABILITY_VERSION,
    kind: 'availability',
    reportId: toHex(randomBytes(16)),
    sender: { keyId: minisignKeyIdHex(signer.keyId), fingerprint: await minisignFingerprint(signer) },
    recipients: await Promise.all(checkRecipients(input.recipients).map(recipientId)),
    report: input.report,
  });
  const bytes = utf8(`${JSON.stringify(document, null, 2)}\n`);
  const signature = await signMinisign(bytes, input.signingKey, {
    trustedComment: `timestamp:${Math.floor(Date.parse(document.report.at) / 1000)}\tfile:${REPORT_FILE}\treport:${document.reportId}`,
    untrustedComment: `signature from ${document.sender.keyId}`,
  });
  const archive = writeZip(
    [
      [REPORT_FILE, bytes],
      [REPORT_SIGNATURE_FILE, utf8(signature)],
    ],
    new Date(document.report.at),
  );
  return { archive, document };
}

export interface VerifiedAvailability {
  readonly document: AvailabilityDocument;
  readonly signer: MinisignPublicKey;
}

/** The zip alone: exactly the two files, a signature by one of `trustedSigners`, the schema. */
export async function verifyAvailabilityArchive(archive: Uint8Array, trustedSigners: readonly MinisignPublicKey[]): Promise<VerifiedAvailability> {
  const files = readZip(archive, LIMITS);
  const bytes = files.get(REPORT_FILE);
  const signature = files.get(REPORT_SIGNATURE_FILE);
  if (bytes === undefined || signature === undefined || files.size !== 2) {
    throw new BundleError('invalid-content', `an availability report holds exactly ${REPORT_FILE} and ${REPORT_SIGNATURE_FILE}`);
  }
  if (signature.length > LIMITS.maxSignatureBytes) throw new BundleError('bad-signature', `${REPORT_SIGNATURE_FILE} is too large to be a signature`);
  let signer: MinisignPublicKey;
  try {
    ({ signer } = await verifyMinisign(bytes, new TextDecoder('utf-8', { fatal: true }).decode(signature), trustedSigners));
  } catch (error) {
    if (error instanceof MinisignError && error.reason === 'unknown-key') {
      throw new BundleError('unknown-signer', `${error.message}: pin the sibling's public key (checked out of band) first`);
    }
    throw new BundleError('bad-signature', `the report signature is invalid: ${error instanceof MinisignError ? error.message : 'not UTF-8'}`);
  }
  const value = parseUntrustedJson(bytes, REPORT_FILE, { maxBytes: MAX_AVAILABILITY_BYTES, maxDepth: LIMITS.maxJsonDepth });
  const head = (typeof value === 'object' && value !== null ? value : {}) as { format?: unknown; formatVersion?: unknown };
  if (head.format !== AVAILABILITY_FORMAT) throw new BundleError('invalid-content', `${REPORT_FILE} is not an availability report`);
  if (head.formatVersion !== AVAILABILITY_VERSION) throw new BundleError('unsupported-version', `availability format version ${String(head.formatVersion)} is not supported`);
  const parsed = availabilityDocumentSchema.safeParse(value);
  if (!parsed.success) throw new BundleError('invalid-content', `${REPORT_FILE}: ${describeIssue(parsed.error)}`);
  const document = parsed.data;
  if (document.sender.keyId !== minisignKeyIdHex(signer.keyId) || document.sender.fingerprint !== (await minisignFingerprint(signer))) {
    throw new BundleError('invalid-content', 'the report names a different sender key than the one that signed it');
  }
  return { document, signer };
}

/**
 * Opens a received report: size cap, age decryption with our identities, the archive checks, and that
 * the signed document names us (a sibling cannot re-encrypt a report meant for someone else to us).
 */
export async function openAvailabilityBundle(
  bytes: Uint8Array,
  options: { readonly identities: readonly string[]; readonly trustedSigners: readonly MinisignPublicKey[] },
): Promise<VerifiedAvailability> {
  if (bytes.length > MAX_AVAILABILITY_BYTES) throw new BundleError('too-large', `an availability report is smaller than ${MAX_AVAILABILITY_BYTES} bytes`);
  const verified = await verifyAvailabilityArchive(await decryptBundle(bytes, options.identities), options.trustedSigners);
  const ours = await Promise.all((await identityRecipients(options.identities)).map(recipientId));
  if (!ours.some((id) => verified.document.recipients.includes(id))) {
    throw new BundleError('wrong-recipient', 'the sibling signed this report for someone else; it was re-encrypted to you');
  }
  return verified;
}
