/**
 * Key slots, like LUKS (THREAT-MODEL 5, 5a): one random 32-byte vault key, sealed once per slot, so
 * adding or removing a person never re-encrypts data.
 *
 * Slot kinds and their wrapping keys (BLAKE2b-256 = crypto_generichash(32, message, key)):
 *   passphrase (one per user)
 *     kek     = Argon2id(NFC(passphrase), slot.kdf)                        -- deriveKek, in a Web Worker
 *     wrapKey = BLAKE2b-256(message = "waystation/slot/passphrase/v1" || kek, key = slotSecret)
 *     slotSecret: 32 random bytes in the main-process key file (keyfile.ts), never in IndexedDB.
 *     Deleting it from the key file destroys the slot even against a disk image that still holds the
 *     slot (THREAT-MODEL 5a): the passphrase alone can no longer open it.
 *   recovery (one per vault)
 *     kek     = Argon2id(recovery key bytes, slot.kdf)
 *     wrapKey = BLAKE2b-256(message = "waystation/slot/recovery/v1" || kek, no key)
 *     Depends on no file secret: it is what still opens the vault after duress or seizure. Argon2id is
 *     not needed for a 160-bit random key, but it is run anyway so a partly exposed key (a photo
 *     with a few characters unreadable) still costs ~0.5 s per guess.
 * wrapped = seal(wrapKey, vaultKey) (envelope.ts) with AAD
 *   { vaultId, store: 'keyslots', itemId: "<slot id>/<kind>[/<userId>]", version: 1 }
 * which binds the slot to its vault, id, kind and user: a slot copied to another user or vault fails.
 * (The itemId is unambiguous: the id is base64url and the kind a fixed word, neither contains "/".)
 *
 *   KeySlotSchema, KeySlot, PassphraseSlot, RecoverySlot, SlotHeader, SlotIdSchema
 *   newSlotId(), createVaultKey(), VAULT_KEY_BYTES, SLOT_SECRET_BYTES, KEYSLOT_STORE
 *   wrapWithKek(sodium, { vaultId, vaultKey, slot: SlotHeader, kek, slotSecret? }) -> slot with `wrapped`
 *   unwrapWithKek(sodium, { vaultId, slot, kek, slotSecret? }) -> vault key
 *   wrapPassphraseSlot / unwrapPassphraseSlot, wrapRecoverySlot / unwrapRecoverySlot   (run Argon2 themselves)
 *   needsRehash(slot, current?)
 *   WrongPassphraseError, WrongRecoveryKeyError
 */
import { z } from 'zod';
import { concatBytes, fromBase64, isBase64UrlOf, randomBytes, toBase64, toBase64Url, utf8Encode } from './bytes';
import { ENVELOPE_MIN_BYTES, IntegrityError, type ItemAad, open, seal } from './envelope';
import { DEFAULT_KDF, type DeriveOptions, type KdfCost, KdfParamsSchema, type KdfParams, KEK_BYTES, deriveKek, newKdfParams } from './kdf';
import { RECOVERY_KEY_BYTES } from './recovery-code';
import type { Sodium } from './sodium';

export const VAULT_KEY_BYTES = 32;
export const SLOT_SECRET_BYTES = 32;
const SLOT_ID_BYTES = 16;
export const KEYSLOT_STORE = 'keyslots';
const SLOT_FORMAT_VERSION = 1;
const DOMAIN = {
  passphrase: utf8Encode('waystation/slot/passphrase/v1'),
  recovery: utf8Encode('waystation/slot/recovery/v1'),
} as const;

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
    wrapped: WrappedSchema,
  }),
]);
export type KeySlot = z.infer<typeof KeySlotSchema>;
export type PassphraseSlot = Extract<KeySlot, { kind: 'passphrase' }>;
export type RecoverySlot = Extract<KeySlot, { kind: 'recovery' }>;
/** Everything of a slot except the sealed vault key. */
export type SlotHeader = Omit<PassphraseSlot, 'wrapped'> | Omit<RecoverySlot, 'wrapped'>;

/** One message, no detail: which part was wrong is nobody's business but the user's (THREAT-MODEL 7). */
export class WrongPassphraseError extends Error {
  constructor() {
    super('Wrong passphrase');
    this.name = 'WrongPassphraseError';
  }
}

export class WrongRecoveryKeyError extends Error {
  constructor() {
    super('Wrong recovery key');
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

/** Undefined means the slot cannot be opened with what was given (missing or malformed slot secret). */
function wrapKeyFor(sodium: Sodium, kind: KeySlot['kind'], kek: Uint8Array, slotSecret: Uint8Array | undefined): Uint8Array | undefined {
  if (kek.length !== KEK_BYTES) throw new TypeError(`kek must be ${KEK_BYTES} bytes`);
  let secret: Uint8Array | null;
  if (kind === 'passphrase') {
    if (slotSecret?.length !== SLOT_SECRET_BYTES) return undefined;
    secret = slotSecret;
  } else {
    // The recovery slot must keep working once the key file is gone; refuse to make it depend on it.
    if (slotSecret !== undefined) throw new TypeError('the recovery slot takes no slot secret');
    secret = null;
  }
  const message = concatBytes(DOMAIN[kind], kek);
  try {
    return sodium.crypto_generichash(32, message, secret);
  } finally {
    sodium.memzero(message);
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
  args: { vaultId: string; vaultKey: Uint8Array; slot: H; kek: Uint8Array; slotSecret?: Uint8Array },
): H & { wrapped: string } {
  if (args.vaultKey.length !== VAULT_KEY_BYTES) throw new TypeError(`vault key must be ${VAULT_KEY_BYTES} bytes`);
  const wrapKey = wrapKeyFor(sodium, args.slot.kind, args.kek, args.slotSecret);
  if (wrapKey === undefined) throw new TypeError(`a passphrase slot needs a ${SLOT_SECRET_BYTES}-byte slot secret`);
  try {
    const slot = { ...args.slot, wrapped: toBase64(seal(sodium, wrapKey, slotAad(args.vaultId, args.slot), args.vaultKey)) };
    parseSlot(slot);
    return slot;
  } finally {
    sodium.memzero(wrapKey);
  }
}

/**
 * Main-thread half of unlocking, after deriveKek ran in a worker. Pure: a wrong secret changes
 * nothing anywhere (THREAT-MODEL 5b). A missing slot secret (destroyed slot) looks like a wrong one.
 */
export function unwrapWithKek(
  sodium: Sodium,
  args: { vaultId: string; slot: KeySlot; kek: Uint8Array; slotSecret?: Uint8Array },
): Uint8Array {
  const slot = parseSlot(args.slot);
  const wrong = slot.kind === 'passphrase' ? new WrongPassphraseError() : new WrongRecoveryKeyError();
  const wrapKey = wrapKeyFor(sodium, slot.kind, args.kek, args.slotSecret);
  if (wrapKey === undefined) throw wrong;
  try {
    return open(sodium, wrapKey, slotAad(args.vaultId, slot), fromBase64(slot.wrapped));
  } catch (e) {
    if (e instanceof IntegrityError) throw wrong;
    throw e;
  } finally {
    sodium.memzero(wrapKey);
  }
}

function withKek<T>(sodium: Sodium, secret: string | Uint8Array, kdf: KdfParams, options: DeriveOptions, run: (kek: Uint8Array) => T): T {
  const kek = deriveKek(sodium, secret, kdf, options);
  try {
    return run(kek);
  } finally {
    sodium.memzero(kek);
  }
}

/**
 * Runs Argon2 on the calling thread; UI code should run deriveKek in a worker and call wrapWithKek.
 * `slotId` is chosen first because the key file stores the slot secret under it.
 */
export function wrapPassphraseSlot(
  sodium: Sodium,
  args: {
    vaultId: string;
    vaultKey: Uint8Array;
    passphrase: string;
    userId: string;
    slotId: string;
    slotSecret: Uint8Array;
    kdf?: KdfParams;
  } & DeriveOptions,
): PassphraseSlot {
  const slot = { id: args.slotId, kind: 'passphrase' as const, userId: args.userId, kdf: args.kdf ?? newKdfParams() };
  return withKek(sodium, args.passphrase, slot.kdf, args, (kek) =>
    wrapWithKek(sodium, { vaultId: args.vaultId, vaultKey: args.vaultKey, slot, kek, slotSecret: args.slotSecret }),
  );
}

export function unwrapPassphraseSlot(
  sodium: Sodium,
  args: { vaultId: string; slot: KeySlot; passphrase: string; slotSecret: Uint8Array | undefined } & DeriveOptions,
): Uint8Array {
  if (args.slot.kind !== 'passphrase') throw new TypeError('not a passphrase slot');
  return withKek(sodium, args.passphrase, args.slot.kdf, args, (kek) =>
    unwrapWithKek(sodium, { vaultId: args.vaultId, slot: args.slot, kek, slotSecret: args.slotSecret }),
  );
}

function checkRecoveryKey(recoveryKey: Uint8Array): void {
  if (recoveryKey.length !== RECOVERY_KEY_BYTES) throw new TypeError(`recovery key must be ${RECOVERY_KEY_BYTES} bytes`);
}

export function wrapRecoverySlot(
  sodium: Sodium,
  args: { vaultId: string; vaultKey: Uint8Array; recoveryKey: Uint8Array; slotId?: string; kdf?: KdfParams } & DeriveOptions,
): RecoverySlot {
  checkRecoveryKey(args.recoveryKey);
  const slot = { id: args.slotId ?? newSlotId(), kind: 'recovery' as const, kdf: args.kdf ?? newKdfParams() };
  return withKek(sodium, args.recoveryKey, slot.kdf, args, (kek) =>
    wrapWithKek(sodium, { vaultId: args.vaultId, vaultKey: args.vaultKey, slot, kek }),
  );
}

export function unwrapRecoverySlot(
  sodium: Sodium,
  args: { vaultId: string; slot: KeySlot; recoveryKey: Uint8Array } & DeriveOptions,
): Uint8Array {
  if (args.slot.kind !== 'recovery') throw new TypeError('not a recovery slot');
  checkRecoveryKey(args.recoveryKey);
  return withKek(sodium, args.recoveryKey, args.slot.kdf, args, (kek) =>
    unwrapWithKek(sodium, { vaultId: args.vaultId, slot: args.slot, kek }),
  );
}

/** True when the slot's Argon2 cost is below `current`: re-wrap it (same id) at the next unlock. */
export function needsRehash(slot: Pick<KeySlot, 'kdf'>, current: KdfCost = DEFAULT_KDF): boolean {
  return slot.kdf.alg !== current.alg || slot.kdf.opsLimit < current.opsLimit || slot.kdf.memLimitBytes < current.memLimitBytes;
}
