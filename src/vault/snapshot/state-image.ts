import type { AuditEntry } from '../../core/model/audit';
import type { Bed, House, Room } from '../../core/model/house';
import type { Partner } from '../../core/model/partner';
import type { Settings } from '../../core/model/settings';
import type { User } from '../../core/model/user';
import type { ReceivedAvailability } from '../../core/network/received';
import type { SecuritySettings } from '../records';
import type { PeopleImage } from '../session/people-keyring';
import { decodeBlobPart, encodeBlobPart } from './blob-part';

/**
 * The two snapshot parts that hold the decrypted state apart from events and fold: the state (JSON,
 * with the drafts and organisation keys as raw bytes) and the people keyring (ids and dates as JSON,
 * wrapped keys and sealed identities as raw bytes), both in the blob-part layout (blob-part.ts).
 */
export interface StateImage {
  houses: [string, House][];
  rooms: [string, Room][];
  beds: [string, Bed][];
  partners: [string, Partner][];
  availability: [string, ReceivedAvailability][];
  users: [string, User][];
  settings: Settings;
  security: SecuritySettings;
  duressSlotId: string | null;
  orgKeys: Uint8Array | undefined;
  drafts: [string, Uint8Array][];
  audit: AuditEntry[];
}

type StateJson = Omit<StateImage, 'orgKeys' | 'drafts'> & { orgKeys: boolean; drafts: string[] };

const malformed = () => new RangeError('snapshot part is malformed');
const isIds = (x: unknown): x is string[] => Array.isArray(x) && x.every((id) => typeof id === 'string');

export function encodeStatePart(image: StateImage): Uint8Array {
  const { orgKeys, drafts, ...rest } = image;
  const blobs = drafts.map(([, sealed]) => sealed);
  if (orgKeys) blobs.push(orgKeys);
  const json: StateJson = { ...rest, orgKeys: orgKeys !== undefined, drafts: drafts.map(([id]) => id) };
  return encodeBlobPart(json, blobs);
}

export function decodeStatePart(bytes: Uint8Array): StateImage {
  const { value, blobs } = decodeBlobPart(bytes);
  const json = value as StateJson;
  if (!isIds(json.drafts) || blobs.length !== json.drafts.length + (json.orgKeys ? 1 : 0)) throw malformed();
  // Copies of a few small values, so they do not keep the part (the audit trail's text) in memory.
  const drafts = json.drafts.map((id, i): [string, Uint8Array] => [id, blobs[i]!.slice()]);
  return { ...json, drafts, orgKeys: json.orgKeys ? blobs[drafts.length]!.slice() : undefined };
}

export function encodePeoplePart(image: PeopleImage): Uint8Array {
  const ids = (entries: [string, Uint8Array][]) => entries.map(([id]) => id);
  const blobs = [...image.wrapped, ...image.sealed].map(([, bytes]) => bytes);
  return encodeBlobPart({ wrapped: ids(image.wrapped), sealed: ids(image.sealed), created: image.created }, blobs);
}

/** The keyring's image; its byte strings are views into `bytes`, which holds little else. */
export function decodePeoplePart(bytes: Uint8Array): PeopleImage {
  const { value, blobs } = decodeBlobPart(bytes);
  const { wrapped, sealed, created } = value as { wrapped: unknown; sealed: unknown; created: unknown };
  if (!isIds(wrapped) || !isIds(sealed) || !Array.isArray(created) || blobs.length !== wrapped.length + sealed.length) throw malformed();
  return {
    wrapped: wrapped.map((id, i) => [id, blobs[i]!]),
    sealed: sealed.map((id, i) => [id, blobs[wrapped.length + i]!]),
    created: created as [string, string][],
  };
}
