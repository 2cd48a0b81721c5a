/**
 * Key derivation (docs/threat-model.md §4).
 *
 * Argon2id parameters are data stored in each key slot, so they can be raised later; a slot whose
 * parameters are below the policy minimum (ops 3, 64 MiB) is refused when read, so tampering with a
 * slot cannot downgrade the work an attacker needs per guess.
 *
 *   KdfParamsSchema, KdfParams    { alg: 'argon2id13', opsLimit, memLimitBytes, salt (16 bytes, base64) }
 *   KdfCost, KdfCostSchema        KdfParams without the salt (the schema refuses costs below the policy)
 *   DEFAULT_KDF                   ops 3, 128 MiB (~0.4 s in the unlock worker here: see docs/benchmarks.md); slots
 *                                 made at a lower cost are re-wrapped at their next unlock (needsRehash in slots.ts)
 *   MIN_OPS_LIMIT, MIN_MEM_LIMIT_BYTES, MAX_OPS_LIMIT, MAX_MEM_LIMIT_BYTES, KDF_SALT_BYTES, KEK_BYTES
 *   newKdfParams(cost?)           fresh random salt
 *   isBelowPolicy(cost)
 *   deriveKek(sodium, secret, params, opts?) -> 32 bytes; Argon2id, meant to run in a Web Worker
 *   KdfParamsError
 *   SUBKEY_CONTEXT, SubkeyPurpose, subkey(sodium, vaultKey, purpose)   crypto_kdf subkeys of the vault key
 */
import { z } from 'zod';
import { isBase64Of, randomBytes, toBase64, fromBase64, utf8Encode } from './bytes';
import type { Sodium } from './sodium';
import { AppError } from '../errors';

const MiB = 1024 * 1024;
export const MIN_OPS_LIMIT = 3;
export const MIN_MEM_LIMIT_BYTES = 64 * MiB;
// Upper bounds: a tampered slot must not be able to hang or crash unlock with absurd costs either.
export const MAX_OPS_LIMIT = 32;
export const MAX_MEM_LIMIT_BYTES = 1024 * MiB;
export const KDF_SALT_BYTES = 16;
export const KEK_BYTES = 32;
// libsodium's own floor for Argon2id; only the test escape may go below the policy minimum.
const SODIUM_MIN_OPS = 1;
const SODIUM_MIN_MEM = 8192;

export const KdfParamsSchema = z.strictObject({
  alg: z.literal('argon2id13'),
  opsLimit: z.int().min(SODIUM_MIN_OPS).max(MAX_OPS_LIMIT),
  // Argon2 allocates whole KiB blocks.
  memLimitBytes: z.int().min(SODIUM_MIN_MEM).max(MAX_MEM_LIMIT_BYTES).multipleOf(1024),
  salt: z.string().refine((s) => isBase64Of(s, KDF_SALT_BYTES), 'salt must be 16 bytes in base64'),
});
export type KdfParams = z.infer<typeof KdfParamsSchema>;
export type KdfCost = Omit<KdfParams, 'salt'>;
/** A cost an admin may choose for new slots: within the bounds, never below the policy minimum. */
export const KdfCostSchema = KdfParamsSchema.omit({ salt: true }).refine((c) => !isBelowPolicy(c), 'below the minimum key-derivation cost');

// Twice the policy minimum: an unlock should cost 0.3–1.5 s on the machines the app runs on
// (docs/benchmarks.md); 64 MiB took 0.15 s there, cheap for an attacker's guesses.
export const DEFAULT_KDF: Readonly<KdfCost> = Object.freeze({
  alg: 'argon2id13',
  opsLimit: 3,
  memLimitBytes: 128 * MiB,
});

export class KdfParamsError extends AppError {
  constructor(message: string) {
    super('kdf-params', message);
    this.name = 'KdfParamsError';
  }
}

export function newKdfParams(cost: KdfCost = DEFAULT_KDF): KdfParams {
  return KdfParamsSchema.parse({ ...cost, salt: toBase64(randomBytes(KDF_SALT_BYTES)) });
}

export function isBelowPolicy(cost: KdfCost): boolean {
  return cost.opsLimit < MIN_OPS_LIMIT || cost.memLimitBytes < MIN_MEM_LIMIT_BYTES;
}

export interface DeriveOptions {
  /** Lets unit tests use cheap parameters. Production code never sets it. */
  allowWeakForTests?: boolean;
}

/**
 * Argon2id (crypto_pwhash) of a passphrase or of raw secret bytes, 32 bytes out.
 * Passphrases are NFC-normalised first, so the same words typed on another keyboard or OS (e.g.
 * a precomposed or decomposed Cyrillic "й") give the same key. The caller should memzero the result.
 */
export function deriveKek(sodium: Sodium, secret: string | Uint8Array, params: KdfParams, options: DeriveOptions = {}): Uint8Array {
  const parsed = KdfParamsSchema.safeParse(params);
  if (!parsed.success) throw new KdfParamsError('malformed key-derivation parameters');
  const p = parsed.data;
  if (isBelowPolicy(p) && options.allowWeakForTests !== true) {
    throw new KdfParamsError(
      `key-derivation parameters below the minimum (ops ${MIN_OPS_LIMIT}, ${MIN_MEM_LIMIT_BYTES / MiB} MiB): refusing a possibly tampered key slot`,
    );
  }
  const input = typeof secret === 'string' ? utf8Encode(secret.normalize('NFC')) : secret;
  if (input.length === 0) throw new RangeError('deriveKek: empty secret');
  try {
    return sodium.crypto_pwhash(KEK_BYTES, input, fromBase64(p.salt), p.opsLimit, p.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
  } finally {
    if (input !== secret) sodium.memzero(input);
  }
}

/** crypto_kdf context: exactly 8 bytes, fixed for this key hierarchy's version. */
export const SUBKEY_CONTEXT = 'WaystnV1';

/** Subkey ids are part of the format: never renumber, only append. */
export const SubkeyPurpose = Object.freeze({
  records: 1,
  audit: 2,
  people: 3,
  index: 4,
  drafts: 5,
} as const);
export type SubkeyPurpose = (typeof SubkeyPurpose)[keyof typeof SubkeyPurpose];

const SUBKEY_IDS: ReadonlySet<number> = new Set(Object.values(SubkeyPurpose));

export function subkey(sodium: Sodium, vaultKey: Uint8Array, purpose: SubkeyPurpose): Uint8Array {
  if (vaultKey.length !== sodium.crypto_kdf_KEYBYTES) throw new TypeError(`vault key must be ${sodium.crypto_kdf_KEYBYTES} bytes`);
  if (!SUBKEY_IDS.has(purpose)) throw new RangeError('unknown subkey purpose');
  return sodium.crypto_kdf_derive_from_key(32, purpose, SUBKEY_CONTEXT, vaultKey);
}
