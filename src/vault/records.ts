import { z } from 'zod';
import { KdfCostSchema } from '../core/crypto/kdf';
import { SlotIdSchema } from '../core/crypto/slots';
import { houseSchema, roomSchema, bedSchema } from '../core/model/house';
import { partnerSchema } from '../core/model/partner';
import { receivedAvailabilitySchema } from '../core/network/received';
import { settingsSchema } from '../core/model/settings';
import { stayEventSchema } from '../core/model/stay-event';
import { userSchema } from '../core/model/user';
import type { StoredRecord } from './page-codec';

/**
 * The kinds of record in the page log and the schema each plain value is checked against when it is
 * written (checkedRecord), and when it is read back from a page of the earlier format. Sealed kinds carry ciphertext (bytes; base64 in pages of the earlier format): person
 * identities (sealed under the person's own key), person keys (wrapped), audit entries (sealed under
 * the audit subkey), the organisation keys (sealed under the staff key, org-keys.ts).
 */
/** The largest sealed value a record holds (a draft of a large spreadsheet is the largest). */
export const MAX_SEALED_BYTES = 750_000;
const base64 = z.string().max((MAX_SEALED_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/);
/** Sealed bytes: raw as the session writes them, base64 text as pages of the earlier format hold them. */
const sealed = z.union([z.instanceof(Uint8Array).refine((b) => b.length <= MAX_SEALED_BYTES), base64]);

/** Admin settings of the key side. `kdf: null` = the device default (DEFAULT_KDF in the app). */
export const securitySettingsSchema = z.strictObject({
  kdf: KdfCostSchema.nullable(),
  /** Lock when the system suspends or the screen locks (docs/threat-model.md §6); the UI reads it. */
  lockOnSuspend: z.boolean(),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;
export const DEFAULT_SECURITY: SecuritySettings = Object.freeze({ kdf: null, lockOnSuspend: true });

/** Which passphrase slot is the duress slot (nothing on disk says so outside this sealed page). */
export const duressRecordSchema = z.strictObject({ slotId: SlotIdSchema.nullable() });

export const RECORD_SCHEMAS = {
  house: houseSchema,
  room: roomSchema,
  bed: bedSchema,
  partner: partnerSchema,
  user: userSchema,
  settings: settingsSchema,
  event: stayEventSchema,
  person: sealed,
  personKey: sealed,
  audit: sealed,
  orgKeys: sealed,
  security: securitySettingsSchema,
  duress: duressRecordSchema,
  /** A form's unsaved input, sealed under the drafts key (drafts.ts). */
  draft: sealed,
  availability: receivedAvailabilitySchema,
} as const;
export type RecordKind = keyof typeof RECORD_SCHEMAS;

export const SETTINGS_ID = 'settings';
/** Ids of the singleton records. */
export const SECURITY_ID = 'security';
export const DURESS_ID = 'duress';
export const ORG_KEYS_ID = 'org';

export function isRecordKind(t: string): t is RecordKind {
  return Object.prototype.hasOwnProperty.call(RECORD_SCHEMAS, t);
}

/**
 * The check every record passes on its way into the log (AuditCommit, Session.seed): a known kind,
 * and a value its schema accepts, which is what is written (a schema may normalise). Pages of the
 * compact format hold only records that passed it, so reading them back checks only their kind.
 */
export function checkedRecord(record: StoredRecord): StoredRecord {
  if (!isRecordKind(record.t)) throw new TypeError(`unknown record kind ${record.t}`);
  if (record.del) return record;
  return { ...record, v: RECORD_SCHEMAS[record.t].parse(record.v) };
}
