/**
 * Key slots, like LUKS (docs/threat-model.md §5, 5a): one random 32-byte vault key, sealed once per slot, so
 * adding or removing a person never re-encrypts data.
 *
 * Every slot needs two things: what the person has (passphrase or recovery key) and a 32-byte
 * secret from the main-process key file (keyfile.ts), which never lives in IndexedDB. Deleting or
 * replacing that secret destroys the slot even against a disk image that still holds it.
 * (BLAKE2b-256 = crypto_generichash(32, message, key))
 *   passphrase (one per user, plus an optional duress slot that looks the same)
 *     kek     = Argon2id(NFC(passphrase), slot.kdf)                        -- deriveKek, in a Web Worker
 *     wrapKey = BLAKE2b-256(message = "waystation/slot/passphrase/v1" || kek, key = slotSecrets[slot.id])
 *   recovery (one per vault; briefly two while it is replaced)
 *     kek     = Argon2id(recovery key bytes, slot.kdf)
 *     wrapKey = BLAKE2b-256(message = "waystation/slot/recovery/v2" || kek, key = recoverySecret)
 *     recoverySecret survives duress but not a new recovery key or a wipe, so an old recovery slot
 *     left in LevelDB is dead. Argon2id is not needed for a 160-bit random key, but it is run anyway
 *     so a partly exposed key (a photo with a few characters unreadable) still costs an Argon2id run a guess.
 *     `backupKey` is the public half of the recovery key's backup key pair (backup.ts).
 * wrapped = seal(wrapKey, payload) (envelope.ts) with AAD
 *   { vaultId, store: 'keyslots', itemId: "<slot id>/<kind>[/<userId>]", version: 2 }
 * which binds the slot to its vault, id, kind and user: a slot copied to another user or vault fails.
 * (The itemId is unambiguous: the id is base64url and the kind a fixed word, neither contains "/".)
 *
 * Payload (SLOT_PAYLOAD_BYTES, always the same length, so ciphertexts say nothing about it):
 *   keys    01 || flags || vault key (32) || staff key (32) || user signing seed (32) || admin signing seed (32)
 *           || admin public key (32) || zeros; each optional key is zeros when its flag is clear
 *           flags: 1 = staff key, 2 = one-time passphrase, 4 = user signing seed, 8 = admin signing seed,
 *           16 = admin public key (the key that signs roles, docs/threat-model.md "Insiders")
 *   duress  02 || u16be length || opaque data (what the decoy vault needs) || zeros
 * The staff key (docs/threat-model.md §9) is only in staff and admin slots and the recovery slot; an operator
 * slot carries zeros in its place, inside the AEAD, so the role is not visible on disk. A duress
 * slot holds no key at all: the duress passphrase never opens the data, not even on an old image.
 *
 *   KeySlotSchema, KeySlot, PassphraseSlot, RecoverySlot, SlotHeader, SlotIdSchema, SlotPayload
 *   newSlotId(), createVaultKey(), VAULT_KEY_BYTES, SLOT_SECRET_BYTES, KEYSLOT_STORE, MAX_DURESS_DATA_BYTES
 *   wrapWithKek(sodium, { vaultId, slot: SlotHeader, kek, slotSecret, payload }) -> slot with `wrapped`
 *   unwrapWithKek(sodium, { vaultId, slot, kek, slotSecret }) -> payload
 *   zeroPayload(sodium, payload), needsRehash(slot, current?)
 *   WrongPassphraseError, WrongRecoveryKeyError
 */
import { z } from 'zod';
import { concatBytes, fromBase64, isBase64Of, isBase64UrlOf, randomBytes, toBase64, toBase64Url, utf8Encode } from './bytes';
import { ENVELOPE_MIN_BYTES, IntegrityError, type ItemAad, open, seal } from './envelope';
import { DEFAULT_KDF, type KdfCost, KdfParamsSchema, KEK_BYTES } from './kdf';
import type { Sodium } from './sodium';
import { AppError } from '../errors';

export const VAULT_KEY_BYTES = 32;
export const SLOT_SECRET_BYTES = 32;
const SLOT_ID_BYTES = 16;
export const KEYSLOT_STORE = 'keyslots';
const SLOT_FORMAT_VERSION = 2;
const DOMAIN = {
  passphrase: utf8Encode('waystation/slot/passphrase/v1'),
  recovery: utf8Encode('waystation/slot/recovery/v2'),
} as const;

const SLOT_PAYLOAD_BYTES = 448;
const PAYLOAD_KEYS = 1;
const PAYLOAD_DURESS = 2;
const FLAG_STAFF = 1;
const FLAG_ONE_TIME = 2;
const FLAG_USER_SEED = 4;
const FLAG_ADMIN_SEED = 8;
const FLAG_ADMIN_PUBLIC = 16;
const ALL_FLAGS = FLAG_STAFF | FLAG_ONE_TIME | FLAG_USER_SEED | FLAG_ADMIN_SEED | FLAG_ADMIN_PUBLIC;
/** The optional 32-byte keys after the vault key, in their order on disk, with the flag that says each is there. */
const OPTIONAL_KEYS = [
  ['staffKey', FLAG_STAFF],
  ['userSeed', FLAG_USER_SEED],
  ['adminSeed', FLAG_ADMIN_SEED],
  ['adminPublicKey', FLAG_ADMIN_PUBLIC],
] as const;
export const MAX_DURESS_DATA_BYTES = SLOT_PAYLOAD_BYTES - 3;

export const SlotIdSchema = z.string().refine((s) => isBase64UrlOf(s, SLOT_ID_BYTES), 'slot id must be 16 bytes in base64url');

const WrappedSchema = z.string().refine((s) => {
  try {
    return fromBase64(s).length >= ENVELOPE_MIN_BYTES;
  } catch {
    return false;
  }
}, 'wrapped must be a sealed envelope in base64');

export const KeySlotSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: SlotIdSchema,
    kind: z.literal('passphrase'),
    userId: z.string().min(1).max(200),
    kdf: KdfParamsSchema,
    wrapped: WrappedSchema,
  }),
  z.strictObject({
    id: SlotIdSchema,
    kind: z.literal('recovery'),
    kdf: KdfParamsSchema,
    backupKey: z.string().refine((s) => isBase64Of(s, 32), 'backupKey must be 32 bytes in base64'),
    wrapped: WrappedSchema,
  }),
]);
export type KeySlot = z.infer<typeof KeySlotSchema>;
export type PassphraseSlot = Extract<KeySlot, { kind: 'passphrase' }>;
export type RecoverySlot = Extract<KeySlot, { kind: 'recovery' }>;
/** Everything of a slot except the sealed payload. */
export type SlotHeader = Omit<PassphraseSlot, 'wrapped'> | Omit<RecoverySlot, 'wrapped'>;

/**
 * What a slot opens to. Callers zero the keys (zeroPayload) once they have copied what they need.
 * `userSeed` is the slot owner's Ed25519 signing seed (audit entries), `adminSeed` the organisation's
 * admin signing seed (admin and recovery slots only), `adminPublicKey` the admin key this slot's owner
 * trusts: sealed in their own slot, so a record re-sealed by an insider cannot change it.
 */
export type KeysPayload = {
  kind: 'keys';
  vaultKey: Uint8Array;
  staffKey: Uint8Array | undefined;
  oneTime: boolean;
  userSeed?: Uint8Array;
  adminSeed?: Uint8Array;
  adminPublicKey?: Uint8Array;
};
export type SlotPayload = KeysPayload | { kind: 'duress'; data: Uint8Array };

/** One message, no detail: which part was wrong is nobody's business but the user's (docs/threat-model.md §7). */
export class WrongPassphraseError extends AppError {
  constructor() {
    super('wrong-passphrase', 'Wrong passphrase');
    this.name = 'WrongPassphraseError';
  }
}

export class WrongRecoveryKeyError extends AppError {
  constructor() {
    super('wrong-recovery-key', 'Wrong recovery key');
    this.name = 'WrongRecoveryKeyError';
  }
}

export function newSlotId(): string {
  return toBase64Url(randomBytes(SLOT_ID_BYTES));
}

export function createVaultKey(): Uint8Array {
  return randomBytes(VAULT_KEY_BYTES);
}

function slotAad(vaultId: string, slot: SlotHeader): ItemAad {
  const itemId = slot.kind === 'passphrase' ? `${slot.id}/passphrase/${slot.userId}` : `${slot.id}/recovery`;
  return { vaultId, store: KEYSLOT_STORE, itemId, version: SLOT_FORMAT_VERSION };
}

/** Undefined means the slot cannot be opened with what was given (missing or malformed secret). */
function wrapKeyFor(sodium: Sodium, kind: KeySlot['kind'], kek: Uint8Array, slotSecret: Uint8Array | undefined): Uint8Array | undefined {
  if (kek.length !== KEK_BYTES) throw new TypeError(`kek must be ${KEK_BYTES} bytes`);
  if (slotSecret?.length !== SLOT_SECRET_BYTES) return undefined;
  const message = concatBytes(DOMAIN[kind], kek);
  try {
    return sodium.crypto_generichash(32, message, slotSecret);
  } finally {
    sodium.memzero(message);
  }
}

function encodePayload(payload: SlotPayload): Uint8Array {
  const out = new Uint8Array(SLOT_PAYLOAD_BYTES);
  if (payload.kind === 'keys') {
    if (payload.vaultKey.length !== VAULT_KEY_BYTES) throw new TypeError(`vault key must be ${VAULT_KEY_BYTES} bytes`);
    out[0] = PAYLOAD_KEYS;
    out[1] = payload.oneTime ? FLAG_ONE_TIME : 0;
    out.set(payload.vaultKey, 2);
    OPTIONAL_KEYS.forEach(([name, flag], i) => {
      const key = payload[name];
      if (key === undefined) return;
      if (key.length !== VAULT_KEY_BYTES) throw new TypeError(`${name} must be ${VAULT_KEY_BYTES} bytes`);
      out[1]! |= flag;
      out.set(key, 2 + (i + 1) * VAULT_KEY_BYTES);
    });
  } else {
    if (payload.data.length > MAX_DURESS_DATA_BYTES) throw new RangeError(`duress data is limited to ${MAX_DURESS_DATA_BYTES} bytes`);
    out[0] = PAYLOAD_DURESS;
    out[1] = payload.data.length >> 8;
    out[2] = payload.data.length & 0xff;
    out.set(payload.data, 3);
  }
  return out;
}

function decodePayload(bytes: Uint8Array): SlotPayload {
  if (bytes.length === SLOT_PAYLOAD_BYTES && bytes[0] === PAYLOAD_KEYS && (bytes[1]! & ~ALL_FLAGS) === 0) {
    const flags = bytes[1]!;
    const payload: KeysPayload = { kind: 'keys', vaultKey: bytes.slice(2, 2 + VAULT_KEY_BYTES), staffKey: undefined, oneTime: (flags & FLAG_ONE_TIME) !== 0 };
    OPTIONAL_KEYS.forEach(([name, flag], i) => {
      const at = 2 + (i + 1) * VAULT_KEY_BYTES;
      if (flags & flag) payload[name] = bytes.slice(at, at + VAULT_KEY_BYTES);
    });
    return payload;
  }
  const length = ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
  if (bytes.length === SLOT_PAYLOAD_BYTES && bytes[0] === PAYLOAD_DURESS && length <= MAX_DURESS_DATA_BYTES) {
    return { kind: 'duress', data: bytes.slice(3, 3 + length) };
  }
  // Authenticated but not a payload this version writes: a bug or a future format, never a guess.
  throw new TypeError('malformed slot payload');
}

export function zeroPayload(sodium: Sodium, payload: SlotPayload): void {
  if (payload.kind === 'duress') return sodium.memzero(payload.data);
  sodium.memzero(payload.vaultKey);
  for (const [name] of OPTIONAL_KEYS) {
    const key = payload[name];
    if (key) sodium.memzero(key);
  }
}

function parseSlot(slot: unknown): KeySlot {
  const parsed = KeySlotSchema.safeParse(slot);
  if (!parsed.success) throw new TypeError('malformed key slot');
  return parsed.data;
}

/** Main-thread half of creating a slot, after deriveKek ran in a worker. */
export function wrapWithKek<H extends SlotHeader>(
  sodium: Sodium,
  args: { vaultId: string; slot: H; kek: Uint8Array; slotSecret: Uint8Array; payload: SlotPayload },
): H & { wrapped: string } {
  if (args.slot.kind === 'recovery' && args.payload.kind !== 'keys') throw new TypeError('a recovery slot holds keys');
  const wrapKey = wrapKeyFor(sodium, args.slot.kind, args.kek, args.slotSecret);
  if (wrapKey === undefined) throw new TypeError(`a slot needs a ${SLOT_SECRET_BYTES}-byte secret from the key file`);
  const plain = encodePayload(args.payload);
  try {
    const slot = { ...args.slot, wrapped: toBase64(seal(sodium, wrapKey, slotAad(args.vaultId, args.slot), plain)) };
    parseSlot(slot);
    return slot;
  } finally {
    sodium.memzero(wrapKey);
    sodium.memzero(plain);
  }
}

/**
 * Main-thread half of unlocking, after deriveKek ran in a worker. Pure: a wrong secret changes
 * nothing anywhere (docs/threat-model.md §5b). A missing slot secret (destroyed slot) looks like a wrong one.
 */
export function unwrapWithKek(
  sodium: Sodium,
  args: { vaultId: string; slot: KeySlot; kek: Uint8Array; slotSecret: Uint8Array | undefined },
): SlotPayload {
  const slot = parseSlot(args.slot);
  const wrong = slot.kind === 'passphrase' ? new WrongPassphraseError() : new WrongRecoveryKeyError();
  const wrapKey = wrapKeyFor(sodium, slot.kind, args.kek, args.slotSecret);
  if (wrapKey === undefined) throw wrong;
  let plain: Uint8Array;
  try {
    plain = open(sodium, wrapKey, slotAad(args.vaultId, slot), fromBase64(slot.wrapped));
  } catch (e) {
    if (e instanceof IntegrityError) throw wrong;
    throw e;
  } finally {
    sodium.memzero(wrapKey);
  }
  try {
    const payload = decodePayload(plain);
    if (slot.kind === 'recovery' && payload.kind !== 'keys') throw new TypeError('malformed slot payload');
    return payload;
  } finally {
    sodium.memzero(plain);
  }
}

/** True when the slot's Argon2 cost is below `current`: re-wrap it at the next unlock. */
export function needsRehash(slot: Pick<KeySlot, 'kdf'>, current: KdfCost = DEFAULT_KDF): boolean {
  return slot.kdf.alg !== current.alg || slot.kdf.opsLimit < current.opsLimit || slot.kdf.memLimitBytes < current.memLimitBytes;
}
