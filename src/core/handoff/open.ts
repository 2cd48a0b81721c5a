import { minisignFingerprint, minisignKeyIdHex, type MinisignPublicKey } from '../crypto/minisign';
import { decryptBundle, identityRecipients, recipientId } from './age';
import { DEFAULT_LIMITS, verifyArchive, verifyPayload, type BundleLimits } from './archive';
import { BundleError } from './errors';
import type { Manifest, Payload } from './schema';

export interface OpenOptions {
  /** Our age identities (`AGE-SECRET-KEY-1…` or `AGE-SECRET-KEY-PQ-1…`). */
  readonly identities: readonly string[];
  /** Pinned sender keys: a bundle signed by any other key is refused as 'unknown-signer'. */
  readonly trustedSigners: readonly MinisignPublicKey[];
  readonly now: Date;
  /** Replay guard; errors it throws propagate unchanged (they are not about the bundle). */
  readonly alreadyImported: (bundleId: string) => boolean | Promise<boolean>;
  readonly limits?: Partial<BundleLimits>;
}

export interface OpenedBundle {
  readonly manifest: Manifest;
  readonly payload: Payload;
  /** Every archive entry, all verified: manifest.json, manifest.json.minisig, people.json, people.csv. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly signer: { readonly keyId: string; readonly fingerprint: string };
  readonly trustedComment: string;
}

/**
 * Opens a received bundle. Checks, in order: size cap, age decryption, archive safety, manifest and
 * signature present, signature against a pinned key, payload hashes, format version and manifest schema,
 * that the signed manifest names us as a recipient, expiry, replay, then people.json (JSON safety,
 * schema, profile) and people.csv. Returns nothing unless every check passed; every refusal is a
 * BundleError.
 */
export async function openBundle(bytes: Uint8Array, options: OpenOptions): Promise<OpenedBundle> {
  const limits: BundleLimits = { ...DEFAULT_LIMITS, ...options.limits };
  if (bytes.length > limits.maxBytes) throw new BundleError('too-large', `the bundle is larger than ${limits.maxBytes} bytes`);
  const archive = await decryptBundle(bytes, options.identities);
  const { manifest, files, signer, trustedComment } = await verifyArchive(archive, options.trustedSigners, limits);

  // Signing does not say for whom: without this, a partner could re-encrypt a bundle meant for them to
  // someone else and it would verify (surreptitious forwarding).
  const ours = await Promise.all((await identityRecipients(options.identities)).map(recipientId));
  if (!ours.some((id) => manifest.recipients.includes(id))) {
    throw new BundleError('wrong-recipient', 'the sender signed this bundle for someone else; it was re-encrypted to you');
  }
  if (Date.parse(manifest.expires) <= options.now.getTime()) throw new BundleError('expired', `the bundle expired on ${manifest.expires}`);
  if (await options.alreadyImported(manifest.bundleId)) throw new BundleError('replayed', `bundle ${manifest.bundleId} was already imported`);
  const payload = verifyPayload(manifest, files, limits);
  return {
    manifest,
    payload,
    files,
    signer: { keyId: minisignKeyIdHex(signer.keyId), fingerprint: await minisignFingerprint(signer) },
    trustedComment,
  };
}
