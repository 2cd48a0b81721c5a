/**
 * The sealed envelope (docs/threat-model.md §2, 3): XChaCha20-Poly1305-IETF with associated data that binds
 * where an item lives, so a ciphertext that is moved, swapped, edited or truncated fails to open with
 * an IntegrityError naming the item.
 *
 * Layout, format 1:
 *   offset 0   1 byte    magic 0x57
 *   offset 1   1 byte    format version 0x01
 *   offset 2   24 bytes  nonce, fresh random per seal
 *   offset 26  m + 16    XChaCha20-Poly1305-IETF ciphertext and tag of the padded plaintext
 * Padding (inside the AEAD): ISO/IEC 7816-4 (0x80 then zeros) up to a multiple of padBlock bytes
 * (default 256), so stored sizes say little about the content.
 * Associated data: header (the 2 bytes above) || lp(vaultId) || lp(store) || lp(itemId) || u32be(version)
 *   where lp(s) = u32be(byte length of UTF-8 s) || UTF-8 s; no two distinct AADs encode alike.
 *
 *   ItemAad                                       { vaultId, store, itemId, version }
 *   seal(sodium, key, aad, plaintext, opts?)      -> envelope bytes
 *   open(sodium, key, aad, envelope)              -> plaintext, or throws IntegrityError
 *   sealJson(sodium, key, aad, value, opts?)      JSON -> envelope
 *   openJson(sodium, key, aad, envelope, schema)  envelope -> JSON validated by a zod schema
 *   encodeAad(aad)                                the canonical associated data
 *   sealWithNonce(...)                            fixed nonce: test vectors only
 *   IntegrityError, ENVELOPE_KEY_BYTES, ENVELOPE_MIN_BYTES
 */
import type { z } from 'zod';
import { concatBytes, randomBytes, utf8Decode, utf8Encode } from './bytes';
import type { Sodium } from './sodium';
import { AppError } from '../errors';

/** Where an item lives. `version` is the schema version of the sealed content, not the envelope format. */
export interface ItemAad {
  vaultId: string;
  store: string;
  itemId: string;
  version: number;
}

export interface SealOptions {
  /** Pad the plaintext to a multiple of this many bytes (1..65536); default 256. */
  padBlock?: number;
}

const MAGIC = 0x57;
const FORMAT_V1 = 0x01;
const HEADER = new Uint8Array([MAGIC, FORMAT_V1]);
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const DEFAULT_PAD_BLOCK = 256;
const MAX_PAD_BLOCK = 65_536;
export const ENVELOPE_KEY_BYTES = 32;
/** Smallest possible envelope: header, nonce, one byte of padding, tag. */
export const ENVELOPE_MIN_BYTES = HEADER.length + NONCE_BYTES + 1 + TAG_BYTES;

/**
 * Item ids in messages are the opaque ids used as storage keys (never names), so naming them in an
 * error reveals nothing personal (docs/threat-model.md §18).
 */
export class IntegrityError extends AppError {
  readonly store: string;
  readonly itemId: string;
  constructor(where: Pick<ItemAad, 'store' | 'itemId'>, reason: string) {
    super('integrity', `Integrity check failed for ${where.store} item ${where.itemId}: ${reason}`);
    this.name = 'IntegrityError';
    this.store = where.store;
    this.itemId = where.itemId;
  }
}

// Shifts, not a DataView: a DataView per field was a visible cost of opening 20,000 identities.
function u32be(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

function lengthPrefixed(field: string, value: unknown): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`AAD ${field} must be a non-empty string`);
  const bytes = utf8Encode(value);
  return concatBytes(u32be(bytes.length), bytes);
}

/**
 * header || lp(vaultId) || lp(store) is the same for every item of a store, and an unlock opens
 * tens of thousands of items in a few stores: encoded once per pair (a handful per vault).
 */
/** By vault id, then store: nested maps, since no joined string key is unambiguous for every pair. */
const prefixes = new Map<string, Map<string, Uint8Array>>();
const MAX_VAULTS = 16;

function aadPrefix(vaultId: string, store: string): Uint8Array {
  let stores = prefixes.get(vaultId);
  let prefix = stores?.get(store);
  if (!prefix) {
    prefix = concatBytes(HEADER, lengthPrefixed('vaultId', vaultId), lengthPrefixed('store', store));
    if (!stores) {
      if (prefixes.size >= MAX_VAULTS) prefixes.clear();
      stores = new Map();
      prefixes.set(vaultId, stores);
    }
    stores.set(store, prefix);
  }
  return prefix;
}

export function encodeAad(aad: ItemAad): Uint8Array {
  if (!Number.isInteger(aad.version) || aad.version < 0 || aad.version > 0xffff_ffff) {
    throw new TypeError('AAD version must be an integer in 0..2^32-1');
  }
  return concatBytes(aadPrefix(aad.vaultId, aad.store), lengthPrefixed('itemId', aad.itemId), u32be(aad.version));
}

function checkKey(key: Uint8Array): void {
  if (key.length !== ENVELOPE_KEY_BYTES) throw new TypeError(`envelope key must be ${ENVELOPE_KEY_BYTES} bytes`);
}

function pad(plaintext: Uint8Array, block: number): Uint8Array {
  if (!Number.isInteger(block) || block < 1 || block > MAX_PAD_BLOCK) {
    throw new RangeError(`padBlock must be an integer in 1..${MAX_PAD_BLOCK}`);
  }
  const out = new Uint8Array((Math.floor(plaintext.length / block) + 1) * block);
  out.set(plaintext);
  out[plaintext.length] = 0x80;
  return out;
}

/** Padding was authenticated with the ciphertext, so scanning it cannot act as a padding oracle. */
function unpad(padded: Uint8Array): Uint8Array | undefined {
  let i = padded.length - 1;
  while (i >= 0 && padded[i] === 0) i--;
  return i >= 0 && padded[i] === 0x80 ? padded.slice(0, i) : undefined;
}

/**
 * Seals with a caller-chosen nonce. Only for fixed test vectors: reusing a nonce under one key
 * breaks confidentiality and authenticity. Production code calls `seal`.
 */
export function sealWithNonce(
  sodium: Sodium,
  key: Uint8Array,
  aad: ItemAad,
  plaintext: Uint8Array,
  nonce: Uint8Array,
  options: SealOptions = {},
): Uint8Array {
  checkKey(key);
  if (nonce.length !== NONCE_BYTES) throw new TypeError(`nonce must be ${NONCE_BYTES} bytes`);
  const padded = pad(plaintext, options.padBlock ?? DEFAULT_PAD_BLOCK);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, encodeAad(aad), null, nonce, key);
  sodium.memzero(padded);
  return concatBytes(HEADER, nonce, ciphertext);
}

export function seal(sodium: Sodium, key: Uint8Array, aad: ItemAad, plaintext: Uint8Array, options: SealOptions = {}): Uint8Array {
  return sealWithNonce(sodium, key, aad, plaintext, randomBytes(NONCE_BYTES), options);
}

/** Wrong key, another item's ciphertext, any edited byte and truncation all end as IntegrityError. */
export function open(sodium: Sodium, key: Uint8Array, aad: ItemAad, envelope: Uint8Array): Uint8Array {
  checkKey(key);
  const associated = encodeAad(aad);
  if (envelope.length < ENVELOPE_MIN_BYTES) throw new IntegrityError(aad, 'envelope is truncated');
  if (envelope[0] !== MAGIC) throw new IntegrityError(aad, 'not a sealed envelope');
  if (envelope[1] !== FORMAT_V1) throw new IntegrityError(aad, `unknown envelope format ${envelope[1]}`);
  const nonce = envelope.subarray(HEADER.length, HEADER.length + NONCE_BYTES);
  const ciphertext = envelope.subarray(HEADER.length + NONCE_BYTES);
  let padded: Uint8Array;
  try {
    padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, associated, nonce, key);
  } catch {
    // AEAD cannot tell these apart, and saying which would help nobody but an attacker.
    throw new IntegrityError(aad, 'authentication failed (wrong key, moved from elsewhere, or altered)');
  }
  const plaintext = unpad(padded);
  sodium.memzero(padded);
  if (plaintext === undefined) throw new IntegrityError(aad, 'invalid padding');
  return plaintext;
}

export function sealJson(sodium: Sodium, key: Uint8Array, aad: ItemAad, value: unknown, options: SealOptions = {}): Uint8Array {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError('sealJson: value has no JSON representation');
  return seal(sodium, key, aad, utf8Encode(json), options);
}

/** Requires a schema so no caller can use decrypted JSON without validating it. */
export function openJson<S extends z.ZodType>(sodium: Sodium, key: Uint8Array, aad: ItemAad, envelope: Uint8Array, schema: S): z.output<S> {
  const bytes = open(sodium, key, aad, envelope);
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch {
    throw new IntegrityError(aad, 'content is not valid JSON');
  } finally {
    sodium.memzero(bytes);
  }
  const parsed = schema.safeParse(value);
  // Zod's issue list is left out: it can quote the decrypted values.
  if (!parsed.success) throw new IntegrityError(aad, 'content does not match its schema');
  return parsed.data;
}
