/**
 * Per-person keys: each person's identifying record is sealed under that person's own random key,
 * and forgetting the person crypto-shreds it (docs/threat-model.md §5a).
 *
 *   wrapKey = BLAKE2b-256(message = "waystation/person-wrap/v1" || subkey(vaultKey, people), key = peopleKek)
 * The people subkey comes from the vault key (IndexedDB slots + passphrase), peopleKek from the
 * main-process key file: neither side alone unwraps a person key. A wrapped person key is
 *   seal(wrapKey, personKey) with AAD { vaultId, store: 'personKeys', itemId: personId, version: 1 }.
 * Forgetting someone: rotate peopleKek (keyfile.ts), rewrapAll the others' keys under the new
 * wrapKey, commit the key file. The forgotten person's old wrapped key, still in LevelDB, then needs
 * the old peopleKek, which no longer exists anywhere.
 *
 *   PERSON_KEY_BYTES, PERSON_KEYS_STORE, WrappedPersonKey
 *   newPersonKey(), personWrapKey(sodium, vaultKey, peopleKek)
 *   wrapPersonKey(sodium, { vaultId, personId, personKey, wrapKey }) -> envelope bytes
 *   unwrapPersonKey(sodium, { vaultId, personId, wrapped, wrapKey }) -> person key (IntegrityError if not)
 *   rewrapAll(sodium, { vaultId, oldWrapKey, newWrapKey, items }) -> items sealed under newWrapKey
 */
import { concatBytes, randomBytes, utf8Encode } from './bytes';
import { type ItemAad, IntegrityError, open, seal } from './envelope';
import { SubkeyPurpose, subkey } from './kdf';
import type { Sodium } from './sodium';

export const PERSON_KEY_BYTES = 32;
export const PERSON_KEYS_STORE = 'personKeys';
const PERSON_KEY_FORMAT_VERSION = 1;
const DOMAIN = utf8Encode('waystation/person-wrap/v1');

export interface WrappedPersonKey {
  personId: string;
  wrapped: Uint8Array;
}

function aad(vaultId: string, personId: string): ItemAad {
  return { vaultId, store: PERSON_KEYS_STORE, itemId: personId, version: PERSON_KEY_FORMAT_VERSION };
}

export function newPersonKey(): Uint8Array {
  return randomBytes(PERSON_KEY_BYTES);
}

export function personWrapKey(sodium: Sodium, vaultKey: Uint8Array, peopleKek: Uint8Array): Uint8Array {
  if (peopleKek.length !== 32) throw new TypeError('people KEK must be 32 bytes');
  const peopleSubkey = subkey(sodium, vaultKey, SubkeyPurpose.people);
  const message = concatBytes(DOMAIN, peopleSubkey);
  try {
    return sodium.crypto_generichash(32, message, peopleKek);
  } finally {
    sodium.memzero(peopleSubkey);
    sodium.memzero(message);
  }
}

export function wrapPersonKey(
  sodium: Sodium,
  args: { vaultId: string; personId: string; personKey: Uint8Array; wrapKey: Uint8Array },
): Uint8Array {
  if (args.personKey.length !== PERSON_KEY_BYTES) throw new TypeError(`person key must be ${PERSON_KEY_BYTES} bytes`);
  return seal(sodium, args.wrapKey, aad(args.vaultId, args.personId), args.personKey);
}

export function unwrapPersonKey(
  sodium: Sodium,
  args: { vaultId: string; personId: string; wrapped: Uint8Array; wrapKey: Uint8Array },
): Uint8Array {
  return open(sodium, args.wrapKey, aad(args.vaultId, args.personId), args.wrapped);
}

/**
 * Re-seals every given person key under newWrapKey; people left out of `items` are the forgotten ones.
 * An item that already opens under newWrapKey (a rotation interrupted after this step was stored) is
 * re-sealed too, so running it again is safe. Pure: the caller stores the result in one transaction.
 */
export function rewrapAll(
  sodium: Sodium,
  args: { vaultId: string; oldWrapKey: Uint8Array; newWrapKey: Uint8Array; items: readonly WrappedPersonKey[] },
): WrappedPersonKey[] {
  return args.items.map(({ personId, wrapped }) => {
    const where = { vaultId: args.vaultId, personId, wrapped };
    let personKey: Uint8Array;
    try {
      personKey = unwrapPersonKey(sodium, { ...where, wrapKey: args.oldWrapKey });
    } catch (e) {
      if (!(e instanceof IntegrityError)) throw e;
      personKey = unwrapPersonKey(sodium, { ...where, wrapKey: args.newWrapKey });
    }
    try {
      return { personId, wrapped: wrapPersonKey(sodium, { vaultId: args.vaultId, personId, personKey, wrapKey: args.newWrapKey }) };
    } finally {
      sodium.memzero(personKey);
    }
  });
}
