/**
 * The organisation's long-term keys (docs/threat-model.md §9, 12, 13): an age X25519 identity (partners
 * encrypt bundles to its recipient) and an Ed25519 signing key in minisign's shape (8-byte key id).
 * They are sealed as one record under the staff key, which only staff and admin key slots and the
 * recovery slot carry, so an operator session cannot unwrap them.
 *
 * Sealed content (JSON): { ageIdentity, ageRecipient, signing: { publicKey, secretKey, keyId } }
 * (base64), AAD { vaultId, store: 'orgKeys', itemId: 'org', version: 1 }.
 * The age identity is a string and cannot be wiped from memory; the byte keys are zeroed on lock.
 *
 *   OrgKeys, STAFF_KEY_BYTES, newStaffKey(), newOrgKeys(sodium), sealOrgKeys(...), openOrgKeys(...), zeroOrgKeys(...)
 */
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { z } from 'zod';
import { fromBase64, isBase64Of, randomBytes, toBase64, utf8Decode, utf8Encode } from './bytes';
import { type ItemAad, open, seal } from './envelope';
import type { Sodium } from './sodium';

export const STAFF_KEY_BYTES = 32;
const SIGNING_KEY_ID_BYTES = 8;
const ORG_KEYS_FORMAT = 1;

export interface OrgKeys {
  ageIdentity: string;
  ageRecipient: string;
  signing: { publicKey: Uint8Array; secretKey: Uint8Array; keyId: Uint8Array };
}

const bytesOf = (n: number) => z.string().refine((s) => isBase64Of(s, n), `must be ${n} bytes in base64`);
const SealedSchema = z.strictObject({
  ageIdentity: z.string().regex(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/),
  ageRecipient: z.string().regex(/^age1[0-9a-z]{58}$/),
  signing: z.strictObject({ publicKey: bytesOf(32), secretKey: bytesOf(64), keyId: bytesOf(SIGNING_KEY_ID_BYTES) }),
});

const aad = (vaultId: string): ItemAad => ({ vaultId, store: 'orgKeys', itemId: 'org', version: ORG_KEYS_FORMAT });

export function newStaffKey(): Uint8Array {
  return randomBytes(STAFF_KEY_BYTES);
}

/** X25519 explicitly: the library's generateIdentity may switch to post-quantum hybrid, which partners' tools must then support. */
export async function newOrgKeys(sodium: Sodium): Promise<OrgKeys> {
  const ageIdentity = await generateX25519Identity();
  const pair = sodium.crypto_sign_keypair();
  return {
    ageIdentity,
    ageRecipient: await identityToRecipient(ageIdentity),
    signing: { publicKey: pair.publicKey, secretKey: pair.privateKey, keyId: randomBytes(SIGNING_KEY_ID_BYTES) },
  };
}

export function sealOrgKeys(sodium: Sodium, staffKey: Uint8Array, vaultId: string, keys: OrgKeys): Uint8Array {
  const json = JSON.stringify({
    ageIdentity: keys.ageIdentity,
    ageRecipient: keys.ageRecipient,
    signing: { publicKey: toBase64(keys.signing.publicKey), secretKey: toBase64(keys.signing.secretKey), keyId: toBase64(keys.signing.keyId) },
  });
  return seal(sodium, staffKey, aad(vaultId), utf8Encode(json));
}

/** Throws IntegrityError (envelope.ts) for a wrong staff key or a damaged record. */
export function openOrgKeys(sodium: Sodium, staffKey: Uint8Array, vaultId: string, sealed: Uint8Array): OrgKeys {
  const plain = open(sodium, staffKey, aad(vaultId), sealed);
  try {
    const parsed = SealedSchema.parse(JSON.parse(utf8Decode(plain)));
    return {
      ageIdentity: parsed.ageIdentity,
      ageRecipient: parsed.ageRecipient,
      signing: { publicKey: fromBase64(parsed.signing.publicKey), secretKey: fromBase64(parsed.signing.secretKey), keyId: fromBase64(parsed.signing.keyId) },
    };
  } finally {
    sodium.memzero(plain);
  }
}

export function zeroOrgKeys(sodium: Sodium, keys: OrgKeys): void {
  sodium.memzero(keys.signing.secretKey);
  sodium.memzero(keys.signing.publicKey);
  sodium.memzero(keys.signing.keyId);
}
