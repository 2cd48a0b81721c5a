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
import { randomBytes, utf8Encode as utf8 } from '../crypto/bytes';
import { loadSodium } from '../crypto/sodium';
import { checkRecipients, recipientId } from './age';
import { peopleToCsv } from './csv';
import { sha256Hex, toHex } from './encoding';
import { BundleError, SealError } from './errors';
import { parseUntrustedJson } from './json';
import { assertPayloadAllowed, describeIssue } from './minimise';
import {
  FORMAT,
  FORMAT_VERSION,
  MANIFEST_FILE,
  manifestSchema,
  MAX_BUNDLE_BYTES,
  PEOPLE_CSV,
  PEOPLE_JSON,
  READABLE_VERSIONS,
  SENSITIVE_FIELDS,
  SIGNATURE_FILE,
  type ExportProfile,
  type Manifest,
  type Payload,
} from './schema';
import { readZip, writeZip } from './zip';

export interface BundleLimits {
  /** Size cap of the encrypted file, checked before anything else. */
  readonly maxBytes: number;
  /** Cap on the total unpacked size of the archive (decompression bombs). */
  readonly maxUnpackedBytes: number;
  readonly maxEntries: number;
  readonly maxManifestBytes: number;
  readonly maxSignatureBytes: number;
  readonly maxJsonDepth: number;
}

export const DEFAULT_LIMITS: BundleLimits = Object.freeze({
  maxBytes: MAX_BUNDLE_BYTES,
  maxUnpackedBytes: 128 * 1024 * 1024,
  maxEntries: 16,
  maxManifestBytes: 64 * 1024,
  maxSignatureBytes: 16 * 1024,
  maxJsonDepth: 16,
});

export interface ManifestInfo {
  readonly senderName: string;
  /** The age recipients the bundle will be encrypted to; the manifest records their ids. */
  readonly recipients: readonly string[];
  readonly profile: ExportProfile;
  readonly expires: Date;
  readonly created: Date;
  /** A practice export: the manifest says so (`practice: true`). */
  readonly practice?: boolean;
}

export interface SignedArchive {
  readonly archive: Uint8Array;
  readonly manifest: Manifest;
}

/**
 * Renderer side: validates the payload against the profile, renders people.json and people.csv, writes
 * and signs the manifest, and zips it all. Runs where the signing key is; needs no partner secret.
 */
export async function buildSignedArchive(input: {
  readonly payload: unknown;
  readonly manifestInfo: ManifestInfo;
  readonly signingKey: MinisignSecretKey;
}): Promise<SignedArchive> {
  const { manifestInfo: info, signingKey } = input;
  const payload = assertPayloadAllowed(input.payload, info.profile);
  const recipients = checkRecipients(info.recipients);
  const sodium = await loadSodium();
  const created = info.created;
  const peopleJson = utf8(`${JSON.stringify(payload, null, 2)}\n`);
  const peopleCsv = peopleToCsv(payload, info.profile, FORMAT_VERSION);
  const signer = minisignPublicKeyOf(signingKey);
  const candidate = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    bundleId: toHex(randomBytes(16)),
    created: created.toISOString(),
    expires: info.expires.toISOString(),
    sender: { name: info.senderName, keyId: minisignKeyIdHex(signer.keyId), fingerprint: await minisignFingerprint(signer) },
    recipients: await Promise.all(recipients.map(recipientId)),
    profile: { legalName: info.profile.legalName, phone: info.profile.phone, notes: info.profile.notes },
    counts: { people: payload.people.length },
    files: [
      { name: PEOPLE_JSON, size: peopleJson.length, sha256: sha256Hex(sodium, peopleJson) },
      { name: PEOPLE_CSV, size: peopleCsv.length, sha256: sha256Hex(sodium, peopleCsv) },
    ],
    ...(info.practice && { practice: true }),
  };
  const parsed = manifestSchema.safeParse(candidate);
  if (!parsed.success) throw new SealError(`manifest: ${describeIssue(parsed.error)}`);
  const manifest = parsed.data;
  const manifestBytes = utf8(`${JSON.stringify(manifest, null, 2)}\n`);
  const signature = await signMinisign(manifestBytes, signingKey, {
    trustedComment: `timestamp:${Math.floor(created.getTime() / 1000)}\tfile:${MANIFEST_FILE}\tbundle:${manifest.bundleId}`,
    untrustedComment: `signature from ${manifest.sender.keyId}`,
  });
  const archive = writeZip(
    [
      [MANIFEST_FILE, manifestBytes],
      [SIGNATURE_FILE, utf8(signature)],
      [PEOPLE_JSON, peopleJson],
      [PEOPLE_CSV, peopleCsv],
    ],
    created,
  );
  return { archive, manifest };
}

export interface VerifiedArchive {
  readonly manifest: Manifest;
  /** Every entry of the archive, each checked: manifest.json, its .minisig and the payload files. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly signer: MinisignPublicKey;
  readonly trustedComment: string;
}

/**
 * Everything that can be checked from the archive alone, in order: archive safety, presence of manifest
 * and signature, signature against the pinned keys, manifest version and schema, payload hashes.
 */
export async function verifyArchive(
  archive: Uint8Array,
  trustedSigners: readonly MinisignPublicKey[],
  limits: BundleLimits,
): Promise<VerifiedArchive> {
  const files = readZip(archive, limits);
  const manifestBytes = files.get(MANIFEST_FILE);
  const signatureBytes = files.get(SIGNATURE_FILE);
  if (manifestBytes === undefined) throw new BundleError('invalid-content', `the bundle has no ${MANIFEST_FILE}`);
  if (signatureBytes === undefined) throw new BundleError('invalid-content', `the bundle has no ${SIGNATURE_FILE}`);
  if (manifestBytes.length > limits.maxManifestBytes) throw new BundleError('invalid-content', `${MANIFEST_FILE} is larger than ${limits.maxManifestBytes} bytes`);
  if (signatureBytes.length > limits.maxSignatureBytes) throw new BundleError('bad-signature', `${SIGNATURE_FILE} is too large to be a signature`);

  let signer: MinisignPublicKey;
  let trustedComment: string;
  try {
    const signatureText = new TextDecoder('utf-8', { fatal: true }).decode(signatureBytes);
    ({ signer, trustedComment } = await verifyMinisign(manifestBytes, signatureText, trustedSigners));
  } catch (error) {
    if (error instanceof MinisignError && error.reason === 'unknown-key') {
      throw new BundleError('unknown-signer', `${error.message}: pin the sender's public key (checked out of band) first`);
    }
    const detail = error instanceof MinisignError ? error.message : 'signature file is not valid UTF-8';
    throw new BundleError('bad-signature', `the manifest signature is invalid: ${detail}`);
  }

  const manifest = parseManifest(parseUntrustedJson(manifestBytes, MANIFEST_FILE, { maxBytes: limits.maxManifestBytes, maxDepth: limits.maxJsonDepth }));
  if (manifest.sender.keyId !== minisignKeyIdHex(signer.keyId) || manifest.sender.fingerprint !== (await minisignFingerprint(signer))) {
    throw new BundleError('invalid-content', 'the manifest names a different sender key than the one that signed it');
  }

  const sodium = await loadSodium();
  const listed = new Set<string>(manifest.files.map((f) => f.name));
  for (const name of files.keys()) {
    if (name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name)) {
      throw new BundleError('bad-signature', `${name} is not covered by the signed manifest`);
    }
  }
  for (const entry of manifest.files) {
    const bytes = files.get(entry.name);
    if (bytes === undefined) throw new BundleError('invalid-content', `${entry.name} is listed in the manifest but missing`);
    if (bytes.length !== entry.size || sha256Hex(sodium, bytes) !== entry.sha256) {
      throw new BundleError('bad-signature', `${entry.name} does not match the signed manifest (hash mismatch)`);
    }
  }
  return { manifest, files, signer, trustedComment };
}

/** The version is read before the full schema, so a newer bundle says so instead of looking invalid. */
function parseManifest(value: unknown): Manifest {
  const head = (typeof value === 'object' && value !== null ? value : {}) as { format?: unknown; formatVersion?: unknown };
  if (head.format !== FORMAT) throw new BundleError('invalid-content', `${MANIFEST_FILE} is not a ${FORMAT} manifest`);
  if (typeof head.formatVersion === 'number' && !(READABLE_VERSIONS as readonly number[]).includes(head.formatVersion)) {
    throw new BundleError('unsupported-version', `bundle format version ${head.formatVersion} is not supported (this build reads versions ${READABLE_VERSIONS.join(' and ')})`);
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) throw new BundleError('invalid-content', `${MANIFEST_FILE}: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

/** Parses people.json and holds it to the manifest: declared profile, count, and the derived people.csv. */
export function verifyPayload(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>, limits: BundleLimits): Payload {
  const json = files.get(PEOPLE_JSON) ?? new Uint8Array();
  const payload = assertPayloadAllowed(parseUntrustedJson(json, PEOPLE_JSON, { maxBytes: limits.maxUnpackedBytes, maxDepth: limits.maxJsonDepth }), manifest.profile);
  if (payload.people.length !== manifest.counts.people) {
    throw new BundleError('invalid-content', `the manifest counts ${manifest.counts.people} people but ${PEOPLE_JSON} has ${payload.people.length}`);
  }
  const csv = files.get(PEOPLE_CSV) ?? new Uint8Array();
  const expected = peopleToCsv(payload, manifest.profile, manifest.formatVersion);
  if (csv.length !== expected.length || !csv.every((b, i) => b === expected[i])) {
    throw new BundleError('invalid-content', `${PEOPLE_CSV} does not match ${PEOPLE_JSON}`);
  }
  return payload;
}

/**
 * Main-process side, before encrypting what the renderer sent: the archive must be signed by the
 * organisation, be addressed to exactly these recipients, not be expired, and carry nothing the
 * partner's profile does not allow.
 */
export async function inspectArchive(
  archive: Uint8Array,
  options: {
    readonly trustedSigners: readonly MinisignPublicKey[];
    readonly recipients: readonly string[];
    readonly profile: ExportProfile;
    readonly now: Date;
    readonly limits?: Partial<BundleLimits>;
  },
): Promise<{ manifest: Manifest; payload: Payload }> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (archive.length > limits.maxBytes) throw new BundleError('too-large', `the archive is larger than ${limits.maxBytes} bytes`);
  const { manifest, files } = await verifyArchive(archive, options.trustedSigners, limits);
  const expected = await Promise.all(checkRecipients(options.recipients).map(recipientId));
  if (expected.length !== manifest.recipients.length || !expected.every((id) => manifest.recipients.includes(id))) {
    throw new BundleError('wrong-recipient', 'the signed manifest names other recipients than the ones it is being encrypted to');
  }
  if (Date.parse(manifest.expires) <= options.now.getTime()) throw new BundleError('expired', `the bundle expired on ${manifest.expires}`);
  for (const field of SENSITIVE_FIELDS) {
    if (manifest.profile[field] && !options.profile[field]) {
      throw new BundleError('invalid-content', `${field} is not allowed by this partner's export profile`, field);
    }
  }
  return { manifest, payload: verifyPayload(manifest, files, limits) };
}
