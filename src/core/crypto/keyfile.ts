/**
 * The pure format of the main-process key file (docs/threat-model.md §5a): the only place secrets can really
 * be destroyed, because LevelDB keeps old versions of everything written to IndexedDB. The main
 * process keeps it in userData (mode 0600) and overwrites it in place, fsynced; this module only
 * builds, changes and (de)serialises its content.
 *
 * Content (JSON, validated by KeyFileSchema):
 *   { version: 2,
 *     slotSecrets: { <slot id>: <32 bytes, base64> },  // one per passphrase slot; delete = destroy that slot
 *     recoverySecret: <32 bytes, base64>,              // half of the recovery slot's wrapping key; duress keeps it,
 *                                                      // a new recovery key and a wipe replace or destroy it
 *     peopleKek: <32 bytes, base64>,                    // half of the person-key wrapping key (people-keys.ts)
 *     nextPeopleKek?: <32 bytes, base64>,               // only while a rotation is in progress
 *     draftsKek?: <32 bytes, base64>,                   // half of the drafts key (src/vault/drafts.ts); duress
 *                                                      // removes it with the slot secrets, destroying every draft
 *     unlockGuard?: { failures, wipeAfter },            // only when "wipe after N failed unlocks" is on
 *     lastSeq?: <integer> }                             // the page log's last sequence number main has seen;
 *                                                      // absent in files written before main kept it
 * Serialised as UTF-8 JSON padded with spaces to exactly KEY_FILE_BYTES (4 KiB), so every rewrite
 * has the same length and can overwrite the previous content in place.
 *
 * Forgetting a person rotates the people KEK in two steps so a crash loses nothing:
 *   1. rotatePeopleKek: write the file with nextPeopleKek added (old one kept);
 *   2. re-wrap the remaining people's keys under the new wrapping key (rewrapAll), one transaction;
 *   3. commitPeopleKek: write the file with peopleKek = next; the old KEK is overwritten.
 *
 * The failure counter lives here, not in IndexedDB, because a wrong passphrase must change nothing
 * in IndexedDB (docs/threat-model.md §5b), and because the vault (which holds the settings) is locked when
 * it is needed.
 *
 * `lastSeq` is the rollback witness (docs/threat-model.md, "Rollback and replay"): the page log's
 * sealed head must not be older than it. Main only ever raises it (electron/main/keyfile.ts).
 *
 *   KeyFileSchema, KeyFile, KEY_FILE_BYTES, MAX_SLOT_SECRETS, MAX_WIPE_AFTER, KeyFileError
 *   newKeyFile(), addSlotSecret(kf, slotId), getSlotSecret(kf, slotId), removeSlotSecret(kf, slotId),
 *   removeAllSlotSecrets(kf), getRecoverySecret(kf), replaceRecoverySecret(kf),
 *   getDraftsKek(kf), withDraftsKek(kf), getPeopleKek(kf), getNextPeopleKek(kf), rotatePeopleKek(kf), commitPeopleKek(kf),
 *   setWipeAfter(kf, n | null), countFailedUnlock(kf), clearFailedUnlocks(kf), withLastSeq(kf, seq),
 *   serializeKeyFile(kf), parseKeyFile(bytes)
 * Every function returns a new object; none mutates its input.
 */
import { z } from 'zod';
import { fromBase64, isBase64Of, randomBytes, toBase64, utf8Decode, utf8Encode } from './bytes';
import { SLOT_SECRET_BYTES, SlotIdSchema } from './slots';
import { AppError } from '../errors';

export const KEY_FILE_BYTES = 4096;
/** Keeps the largest possible file within KEY_FILE_BYTES (checked by a test). */
export const MAX_SLOT_SECRETS = 48;
const PEOPLE_KEK_BYTES = 32;
const RECOVERY_SECRET_BYTES = 32;
export const MAX_WIPE_AFTER = 100;

/** A page sequence number: what the page log's head and main's witness count. */
export const SeqSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

const Secret32 = z.string().refine((s) => isBase64Of(s, 32), 'must be 32 bytes in base64');

export const KeyFileSchema = z.strictObject({
  version: z.literal(2),
  slotSecrets: z
    .record(SlotIdSchema, Secret32)
    .refine((r) => Object.keys(r).length <= MAX_SLOT_SECRETS, `at most ${MAX_SLOT_SECRETS} slot secrets`),
  recoverySecret: Secret32,
  peopleKek: Secret32,
  nextPeopleKek: Secret32.optional(),
  draftsKek: Secret32.optional(),
  unlockGuard: z
    .strictObject({ failures: z.int().min(0).max(MAX_WIPE_AFTER), wipeAfter: z.int().min(1).max(MAX_WIPE_AFTER) })
    .optional(),
  lastSeq: SeqSchema.optional(),
});
export type KeyFile = z.infer<typeof KeyFileSchema>;

export class KeyFileError extends AppError {
  constructor(message: string) {
    super('keyfile-invalid', message);
    this.name = 'KeyFileError';
  }
}

function newSecret(bytes: number): string {
  return toBase64(randomBytes(bytes));
}

export function newKeyFile(): KeyFile {
  return { version: 2, slotSecrets: {}, recoverySecret: newSecret(RECOVERY_SECRET_BYTES), peopleKek: newSecret(PEOPLE_KEK_BYTES), draftsKek: newSecret(PEOPLE_KEK_BYTES), lastSeq: 0 };
}

export function addSlotSecret(kf: KeyFile, slotId: string): KeyFile {
  if (!SlotIdSchema.safeParse(slotId).success) throw new TypeError('malformed slot id');
  if (Object.hasOwn(kf.slotSecrets, slotId)) throw new KeyFileError('this slot already has a secret');
  if (Object.keys(kf.slotSecrets).length >= MAX_SLOT_SECRETS) {
    throw new KeyFileError(`the key file holds at most ${MAX_SLOT_SECRETS} passphrase slots`);
  }
  return { ...kf, slotSecrets: { ...kf.slotSecrets, [slotId]: newSecret(SLOT_SECRET_BYTES) } };
}

export function getSlotSecret(kf: KeyFile, slotId: string): Uint8Array | undefined {
  const secret = Object.hasOwn(kf.slotSecrets, slotId) ? kf.slotSecrets[slotId] : undefined;
  return secret === undefined ? undefined : fromBase64(secret);
}

export function removeSlotSecret(kf: KeyFile, slotId: string): KeyFile {
  const slotSecrets = { ...kf.slotSecrets };
  delete slotSecrets[slotId];
  return { ...kf, slotSecrets };
}

/**
 * Duress: every passphrase slot becomes unopenable and every sealed draft unreadable; the recovery
 * secret stays, so the recovery key still works.
 */
export function removeAllSlotSecrets(kf: KeyFile): KeyFile {
  const { draftsKek: _destroyed, ...rest } = kf;
  return { ...rest, slotSecrets: {} };
}

export function getDraftsKek(kf: KeyFile): Uint8Array | undefined {
  return kf.draftsKek === undefined ? undefined : fromBase64(kf.draftsKek);
}

/** A key file without a drafts KEK (made before drafts, or after duress) gets a new one. */
export function withDraftsKek(kf: KeyFile): KeyFile {
  return kf.draftsKek !== undefined ? kf : { ...kf, draftsKek: newSecret(PEOPLE_KEK_BYTES) };
}

export function getRecoverySecret(kf: KeyFile): Uint8Array {
  return fromBase64(kf.recoverySecret);
}

/** A new recovery key: every recovery slot made under the old secret is dead once this is written. */
export function replaceRecoverySecret(kf: KeyFile): KeyFile {
  return { ...kf, recoverySecret: newSecret(RECOVERY_SECRET_BYTES) };
}

/** Turns "wipe after N failed unlocks" on (N) or off (null); either way the count starts again. */
export function setWipeAfter(kf: KeyFile, wipeAfter: number | null): KeyFile {
  const { unlockGuard: _old, ...rest } = kf;
  if (wipeAfter === null) return rest;
  if (!Number.isInteger(wipeAfter) || wipeAfter < 1 || wipeAfter > MAX_WIPE_AFTER) throw new RangeError(`wipeAfter must be 1..${MAX_WIPE_AFTER}`);
  return { ...rest, unlockGuard: { failures: 0, wipeAfter } };
}

/** One more failed unlock; returns the file unchanged when the guard is off (nothing is written then). */
export function countFailedUnlock(kf: KeyFile): KeyFile {
  const guard = kf.unlockGuard;
  if (!guard) return kf;
  return { ...kf, unlockGuard: { ...guard, failures: Math.min(guard.failures + 1, guard.wipeAfter) } };
}

export function clearFailedUnlocks(kf: KeyFile): KeyFile {
  return kf.unlockGuard ? { ...kf, unlockGuard: { ...kf.unlockGuard, failures: 0 } } : kf;
}

/** The file with its witness raised to `seq`; never lowered (a stale or lying copy cannot roll it back). */
export function withLastSeq(kf: KeyFile, seq: number | undefined): KeyFile {
  if (seq === undefined || (kf.lastSeq !== undefined && kf.lastSeq >= seq)) return kf;
  return { ...kf, lastSeq: SeqSchema.parse(seq) };
}

export function getPeopleKek(kf: KeyFile): Uint8Array {
  return fromBase64(kf.peopleKek);
}

export function getNextPeopleKek(kf: KeyFile): Uint8Array | undefined {
  return kf.nextPeopleKek === undefined ? undefined : fromBase64(kf.nextPeopleKek);
}

/**
 * Step 1 of a rotation. If one is already pending (a crash before commit), it is kept rather than
 * replaced: keys may already be re-wrapped under it.
 */
export function rotatePeopleKek(kf: KeyFile): KeyFile {
  return kf.nextPeopleKek !== undefined ? kf : { ...kf, nextPeopleKek: newSecret(PEOPLE_KEK_BYTES) };
}

/** Step 3: the old people KEK leaves the file. */
export function commitPeopleKek(kf: KeyFile): KeyFile {
  if (kf.nextPeopleKek === undefined) throw new KeyFileError('no people key rotation in progress');
  const { nextPeopleKek, ...rest } = kf;
  return { ...rest, peopleKek: nextPeopleKek };
}

export function serializeKeyFile(kf: KeyFile): Uint8Array {
  const json = utf8Encode(JSON.stringify(KeyFileSchema.parse(kf)));
  if (json.length > KEY_FILE_BYTES) throw new KeyFileError('key file content too large');
  const out = new Uint8Array(KEY_FILE_BYTES).fill(0x20);
  out.set(json);
  return out;
}

export function parseKeyFile(bytes: Uint8Array): KeyFile {
  if (bytes.length !== KEY_FILE_BYTES) throw new KeyFileError(`key file must be exactly ${KEY_FILE_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch {
    throw new KeyFileError('key file is not valid JSON');
  }
  const parsed = KeyFileSchema.safeParse(value);
  if (!parsed.success) throw new KeyFileError('key file does not match its format');
  return parsed.data;
}
