import { concatBytes, fromBase64, randomBytes, toBase64, utf8Encode } from './bytes';
import { loadSodium, type Sodium } from './sodium';
import { AppError } from '../errors';

/*
 * minisign-compatible keys and signatures (https://jedisct1.github.io/minisign/), made with libsodium so
 * partners can check our signatures with the stock `minisign -V`.
 *
 * Public key  = base64("Ed" || keyId[8] || ed25519 pk[32])
 * Signature   = base64("ED" || keyId[8] || ed25519(BLAKE2b-512(file))[64])    (prehashed, minisign's default)
 * Global sig  = ed25519(signature[64] || trusted comment bytes)
 * Secret key  = minisign's *unencrypted* key layout (what `minisign -G -W` writes), see encodeMinisignSecretKey.
 */

export const KEY_ID_BYTES = 8;
const PK_ALG = 'Ed';
const SIG_ALG_PREHASHED = 'ED';
const SIG_ALG_LEGACY = 'Ed';
const UNTRUSTED_PREFIX = 'untrusted comment: ';
const TRUSTED_PREFIX = 'trusted comment: ';
// minisign reads comment lines with fgets into buffers of these sizes (prefix and newline included).
const UNTRUSTED_MAX = 1024 - UNTRUSTED_PREFIX.length - 2;
const TRUSTED_MAX = 8192 - TRUSTED_PREFIX.length - 2;
const SECRET_KEY_STRUCT_BYTES = 2 + 2 + 2 + 32 + 8 + 8 + KEY_ID_BYTES + 64 + 32;

export interface MinisignPublicKey {
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** `secretKey` is libsodium's 64-byte Ed25519 secret key (seed || public key). */
export interface MinisignSecretKey {
  readonly keyId: Uint8Array;
  readonly secretKey: Uint8Array;
}

export type MinisignErrorCode = 'malformed' | 'unknown-key' | 'bad-signature';

export class MinisignError extends AppError {
  constructor(
    readonly reason: MinisignErrorCode,
    message: string,
  ) {
    super(`minisign-${reason}`, message);
    this.name = 'MinisignError';
  }
}

export interface MinisignVerified {
  readonly signer: MinisignPublicKey;
  readonly trustedComment: string;
}

export async function generateMinisignKeyPair(): Promise<{ publicKey: MinisignPublicKey; secretKey: MinisignSecretKey }> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_sign_keypair();
  const keyId = randomBytes(KEY_ID_BYTES);
  return {
    publicKey: { keyId, publicKey: pair.publicKey },
    secretKey: { keyId: keyId.slice(), secretKey: pair.privateKey },
  };
}

export function minisignPublicKeyOf(secret: MinisignSecretKey): MinisignPublicKey {
  return { keyId: secret.keyId.slice(), publicKey: secret.secretKey.slice(32, 64) };
}

/** The key id as minisign prints it: the 8 bytes read as a little-endian integer, upper-case hex. */
export function minisignKeyIdHex(keyId: Uint8Array): string {
  return Array.from(keyId)
    .reverse()
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/**
 * A short fingerprint for comparing a key out of band: the first 16 bytes of SHA-256 over the decoded
 * public key line, so a partner can recompute it with `sed -n 2p KEY.pub | base64 -d | sha256sum | cut -c1-32`.
 * The key id is not a fingerprint: whoever makes a key chooses its id.
 */
export async function minisignFingerprint(key: MinisignPublicKey): Promise<string> {
  const sodium = await loadSodium();
  return toHex(sodium.crypto_hash_sha256(publicKeyBytes(key)).subarray(0, 16));
}

export function encodeMinisignPublicKey(key: MinisignPublicKey, comment = `minisign public key ${minisignKeyIdHex(key.keyId)}`): string {
  assertCommentLine(comment, UNTRUSTED_MAX, 'untrusted comment');
  return `${UNTRUSTED_PREFIX}${comment}\n${toBase64(publicKeyBytes(key))}\n`;
}

/** Accepts a public key file (comment line + key line) or the bare base64 key, like `minisign -P`. */
export function parseMinisignPublicKey(text: string): MinisignPublicKey {
  const lines = splitLines(text);
  let line: string | undefined;
  if (lines.length === 1) line = lines[0];
  else if (lines.length === 2 && lines[0]?.startsWith(UNTRUSTED_PREFIX)) line = lines[1];
  else throw new MinisignError('malformed', 'not a minisign public key: expected a comment line and a key line');
  const bytes = decodeBase64(line ?? '', 'public key');
  if (bytes.length !== 2 + KEY_ID_BYTES + 32) throw new MinisignError('malformed', 'not a minisign public key: wrong length');
  if (ascii(bytes.subarray(0, 2)) !== PK_ALG) throw new MinisignError('malformed', 'unsupported public key algorithm');
  return { keyId: bytes.slice(2, 2 + KEY_ID_BYTES), publicKey: bytes.slice(2 + KEY_ID_BYTES) };
}

/**
 * minisign's secret key layout with kdf "\0\0" (no password): the file is as secret as the key itself and
 * must be kept 0600 (our CLI writes it so). Compatible with `minisign -S -s FILE`. Unlike `minisign -W`,
 * which leaves the checksum zero, we fill it in, so damage to the file is detected on load.
 */
export async function encodeMinisignSecretKey(
  secret: MinisignSecretKey,
  comment = 'waystation-handoff secret key (unencrypted: keep this file private, mode 0600)',
): Promise<string> {
  assertCommentLine(comment, UNTRUSTED_MAX, 'untrusted comment');
  const sodium = await loadSodium();
  const struct = new Uint8Array(SECRET_KEY_STRUCT_BYTES);
  struct.set(asciiBytes(PK_ALG), 0);
  // kdf_alg "\0\0", salt, opslimit and memlimit stay zero: the key is not encrypted.
  struct.set(asciiBytes('B2'), 4);
  const keyOffset = 6 + 32 + 16;
  struct.set(secret.keyId, keyOffset);
  struct.set(secret.secretKey, keyOffset + KEY_ID_BYTES);
  struct.set(secretKeyChecksum(sodium, secret), keyOffset + KEY_ID_BYTES + 64);
  try {
    return `${UNTRUSTED_PREFIX}${comment}\n${toBase64(struct)}\n`;
  } finally {
    sodium.memzero(struct);
  }
}

/** Reads our key file or one from `minisign -G -W`. Password-protected minisign keys are refused. */
export async function parseMinisignSecretKey(text: string): Promise<MinisignSecretKey> {
  const sodium = await loadSodium();
  const lines = splitLines(text);
  if (lines.length !== 2 || !lines[0]?.startsWith(UNTRUSTED_PREFIX)) {
    throw new MinisignError('malformed', 'not a minisign secret key: expected a comment line and a key line');
  }
  const struct = decodeBase64(lines[1] ?? '', 'secret key');
  try {
    if (struct.length !== SECRET_KEY_STRUCT_BYTES) throw new MinisignError('malformed', 'not a minisign secret key: wrong length');
    if (ascii(struct.subarray(0, 2)) !== PK_ALG) throw new MinisignError('malformed', 'unsupported secret key algorithm');
    if (struct[2] !== 0 || struct[3] !== 0) {
      throw new MinisignError('malformed', 'password-protected minisign keys are not supported: remove the password with `minisign -C -W`');
    }
    if (ascii(struct.subarray(4, 6)) !== 'B2') throw new MinisignError('malformed', 'unsupported secret key checksum');
    const keyOffset = 6 + 32 + 16;
    const key: MinisignSecretKey = {
      keyId: struct.slice(keyOffset, keyOffset + KEY_ID_BYTES),
      secretKey: struct.slice(keyOffset + KEY_ID_BYTES, keyOffset + KEY_ID_BYTES + 64),
    };
    const chk = struct.subarray(keyOffset + KEY_ID_BYTES + 64);
    const chkOk = chk.every((b) => b === 0) || sodium.memcmp(chk, secretKeyChecksum(sodium, key));
    // The seed must produce the public half stored beside it, or every signature would be invalid.
    const derived = sodium.crypto_sign_seed_keypair(key.secretKey.subarray(0, 32));
    const pairOk = sodium.memcmp(derived.privateKey, key.secretKey);
    sodium.memzero(derived.privateKey);
    if (!chkOk || !pairOk) {
      sodium.memzero(key.secretKey);
      throw new MinisignError('malformed', 'minisign secret key is damaged (checksum mismatch)');
    }
    return key;
  } finally {
    sodium.memzero(struct);
  }
}

export interface SignOptions {
  readonly trustedComment: string;
  readonly untrustedComment?: string;
}

/** Produces a `.minisig` file: prehashed Ed25519 signature plus the global signature over the trusted comment. */
export async function signMinisign(message: Uint8Array, secret: MinisignSecretKey, options: SignOptions): Promise<string> {
  const untrusted = options.untrustedComment ?? 'signature from minisign secret key';
  assertCommentLine(untrusted, UNTRUSTED_MAX, 'untrusted comment');
  assertCommentLine(options.trustedComment, TRUSTED_MAX, 'trusted comment');
  const sodium = await loadSodium();
  const signature = sodium.crypto_sign_detached(sodium.crypto_generichash(64, message, null), secret.secretKey);
  const sigStruct = concatBytes(asciiBytes(SIG_ALG_PREHASHED), secret.keyId, signature);
  const globalSignature = sodium.crypto_sign_detached(concatBytes(signature, utf8Encode(options.trustedComment)), secret.secretKey);
  return (
    `${UNTRUSTED_PREFIX}${untrusted}\n${toBase64(sigStruct)}\n` +
    `${TRUSTED_PREFIX}${options.trustedComment}\n${toBase64(globalSignature)}\n`
  );
}

/**
 * Verifies a `.minisig` for `message` against pinned keys: picks the key by key id ('unknown-key' if none),
 * then checks the signature and the global signature ('bad-signature'). Only prehashed signatures are
 * accepted: minisign has made them by default since 0.8 and we never make legacy ones.
 */
export async function verifyMinisign(
  message: Uint8Array,
  signatureFile: string,
  trusted: MinisignPublicKey | readonly MinisignPublicKey[],
): Promise<MinisignVerified> {
  const lines = splitLines(signatureFile);
  if (lines.length !== 4) throw new MinisignError('malformed', 'signature file must have exactly four lines');
  const [untrustedLine, sigLine, trustedLine, globalLine] = lines as [string, string, string, string];
  if (!untrustedLine.startsWith(UNTRUSTED_PREFIX)) throw new MinisignError('malformed', 'signature file must start with "untrusted comment: "');
  if (!trustedLine.startsWith(TRUSTED_PREFIX)) throw new MinisignError('malformed', 'third line of the signature file must start with "trusted comment: "');
  const trustedComment = trustedLine.slice(TRUSTED_PREFIX.length);
  if (trustedComment.length > TRUSTED_MAX) throw new MinisignError('malformed', 'trusted comment is too long');
  const sigStruct = decodeBase64(sigLine, 'signature');
  const globalSignature = decodeBase64(globalLine, 'global signature');
  if (sigStruct.length !== 2 + KEY_ID_BYTES + 64 || globalSignature.length !== 64) {
    throw new MinisignError('malformed', 'signature has the wrong length');
  }
  const alg = ascii(sigStruct.subarray(0, 2));
  if (alg === SIG_ALG_LEGACY) throw new MinisignError('malformed', 'legacy (non-prehashed) minisign signatures are not accepted');
  if (alg !== SIG_ALG_PREHASHED) throw new MinisignError('malformed', 'unsupported signature algorithm');
  const keyId = sigStruct.subarray(2, 2 + KEY_ID_BYTES);
  const signature = sigStruct.subarray(2 + KEY_ID_BYTES);

  const sodium = await loadSodium();
  const keys: readonly MinisignPublicKey[] = Array.isArray(trusted) ? trusted : [trusted as MinisignPublicKey];
  const signer = keys.find((k) => k.keyId.length === KEY_ID_BYTES && sodium.memcmp(k.keyId, keyId));
  if (signer === undefined) {
    throw new MinisignError('unknown-key', `signed by key ${minisignKeyIdHex(keyId)}, which is not among the trusted keys`);
  }
  if (!sodium.crypto_sign_verify_detached(signature, sodium.crypto_generichash(64, message, null), signer.publicKey)) {
    throw new MinisignError('bad-signature', 'signature verification failed');
  }
  if (!sodium.crypto_sign_verify_detached(globalSignature, concatBytes(signature, utf8Encode(trustedComment)), signer.publicKey)) {
    throw new MinisignError('bad-signature', 'trusted comment signature verification failed');
  }
  return { signer, trustedComment };
}

function secretKeyChecksum(sodium: Sodium, key: MinisignSecretKey): Uint8Array {
  return sodium.crypto_generichash(32, concatBytes(asciiBytes(PK_ALG), key.keyId, key.secretKey), null);
}

function publicKeyBytes(key: MinisignPublicKey): Uint8Array {
  if (key.keyId.length !== KEY_ID_BYTES || key.publicKey.length !== 32) throw new MinisignError('malformed', 'invalid public key');
  return concatBytes(asciiBytes(PK_ALG), key.keyId, key.publicKey);
}

function assertCommentLine(comment: string, max: number, what: string): void {
  if (/[\r\n]/.test(comment)) throw new MinisignError('malformed', `${what} must be a single line`);
  if (utf8Encode(comment).length > max) throw new MinisignError('malformed', `${what} is too long`);
}

/** Splits on LF, tolerating CRLF and one final newline; minisign files are line-oriented. */
function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function decodeBase64(text: string, what: string): Uint8Array {
  try {
    // Canonical only: one key or signature must not have several spellings.
    return fromBase64(text);
  } catch {
    throw new MinisignError('malformed', `${what} is not valid base64`);
  }
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
