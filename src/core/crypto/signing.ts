/**
 * Ed25519 signatures for what an insider must not forge (docs/threat-model.md "Insiders"): user records
 * signed by the organisation's admin key, audit entries by their author, checkpoints by the admin key.
 * Each signature covers a context string first, so a signature made for one purpose never verifies
 * for another. Seeds (32 bytes) live only inside key slots; public keys travel in records.
 */
import { z } from 'zod';
import { concatBytes, fromBase64, isBase64Of, randomBytes, toBase64, utf8Encode } from './bytes';
import type { Sodium } from './sodium';

export const SIGNING_SEED_BYTES = 32;
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

export const SigningContext = {
  user: 'waystation/user/v1',
  audit: 'waystation/audit/v1',
  checkpoint: 'waystation/checkpoint/v1',
} as const;
export type SigningContext = (typeof SigningContext)[keyof typeof SigningContext];

export const publicKeySchema = z.string().refine((s) => isBase64Of(s, PUBLIC_KEY_BYTES), `must be a ${PUBLIC_KEY_BYTES}-byte public key in base64`);
export const signatureSchema = z.string().refine((s) => isBase64Of(s, SIGNATURE_BYTES), `must be a ${SIGNATURE_BYTES}-byte signature in base64`);

export function newSigningSeed(): Uint8Array {
  return randomBytes(SIGNING_SEED_BYTES);
}

/** The public key (base64) of a seed. */
export function signingPublicKey(sodium: Sodium, seed: Uint8Array): string {
  const pair = sodium.crypto_sign_seed_keypair(seed);
  sodium.memzero(pair.privateKey);
  return toBase64(pair.publicKey);
}

function message(context: SigningContext, data: string): Uint8Array {
  return concatBytes(utf8Encode(context), new Uint8Array([0]), utf8Encode(data));
}

/** A detached signature (base64) over `context || 0 || data`; the expanded secret key is zeroed at once. */
export function sign(sodium: Sodium, seed: Uint8Array, context: SigningContext, data: string): string {
  const pair = sodium.crypto_sign_seed_keypair(seed);
  try {
    return toBase64(sodium.crypto_sign_detached(message(context, data), pair.privateKey));
  } finally {
    sodium.memzero(pair.privateKey);
  }
}

/** True only for a well-formed signature by one of `publicKeys` over exactly this context and data. */
export function verify(sodium: Sodium, publicKeys: readonly string[], context: SigningContext, data: string, signature: string): boolean {
  if (!signatureSchema.safeParse(signature).success) return false;
  const bytes = message(context, data);
  const sig = fromBase64(signature);
  return publicKeys.some((key) => publicKeySchema.safeParse(key).success && sodium.crypto_sign_verify_detached(sig, bytes, fromBase64(key)));
}
