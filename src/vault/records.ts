import { z } from 'zod';
import { houseSchema, roomSchema, bedSchema } from '../core/model/house';
import { partnerSchema } from '../core/model/partner';
import { settingsSchema } from '../core/model/settings';
import { stayEventSchema } from '../core/model/stay-event';
import { userSchema } from '../core/model/user';

/**
 * The kinds of record in the page log and the schema each plain value is checked against when it is
 * read back (storage is a trust boundary too). Sealed kinds carry base64 ciphertext: person
 * identities (sealed under the person's own key), person keys (wrapped), audit entries (sealed under
 * the audit subkey).
 */
const base64 = z.string().max(1_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const RECORD_SCHEMAS = {
  house: houseSchema,
  room: roomSchema,
  bed: bedSchema,
  partner: partnerSchema,
  user: userSchema,
  settings: settingsSchema,
  event: stayEventSchema,
  person: base64,
  personKey: base64,
  audit: base64,
} as const;
export type RecordKind = keyof typeof RECORD_SCHEMAS;

export const SETTINGS_ID = 'settings';

export function isRecordKind(t: string): t is RecordKind {
  return Object.prototype.hasOwnProperty.call(RECORD_SCHEMAS, t);
}
