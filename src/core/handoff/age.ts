import { Decrypter, Encrypter, identityToRecipient, type Identity } from 'age-encryption';
import { loadSodium } from '../crypto/sodium';
import { utf8Encode as utf8 } from '../crypto/bytes';
import { sha256Hex } from './encoding';
import { BundleError, SealError } from './errors';

export type RecipientKind = 'x25519' | 'post-quantum';

const BECH32_DATA = '[02-9ac-hj-np-z]';
const X25519_RECIPIENT = new RegExp(`^age1${BECH32_DATA}{58}$`);
const HYBRID_RECIPIENT = new RegExp(`^age1pq1${BECH32_DATA}+$`);
export const MAX_RECIPIENTS = 20;

/** Native age recipients only: X25519 (`age1…`) or post-quantum hybrid (`age1pq1…`). */
export function recipientKind(recipient: string): RecipientKind {
  const r = recipient.trim().toLowerCase();
  if (X25519_RECIPIENT.test(r)) return 'x25519';
  if (HYBRID_RECIPIENT.test(r)) return 'post-quantum';
  throw new SealError(`not a supported age recipient (expected age1… or age1pq1…): ${printable(recipient)}`);
}

/** The manifest's short id for a recipient: 8 bytes of SHA-256 over the lower-case recipient string. */
export async function recipientId(recipient: string): Promise<string> {
  const sodium = await loadSodium();
  return sha256Hex(sodium, utf8(recipient.trim().toLowerCase())).slice(0, 16);
}

/**
 * Checks a recipient list (kind, bech32 checksum and key length, duplicates) and returns it normalised.
 * The age spec forbids mixing post-quantum hybrid and X25519 recipients in one file (the X25519 stanza
 * would undo the post-quantum protection), and the age-encryption library does not stop it, so we do
 * (docs/threat-model.md §13).
 */
export function checkRecipients(recipients: readonly string[]): string[] {
  if (recipients.length === 0) throw new SealError('a bundle needs at least one recipient');
  if (recipients.length > MAX_RECIPIENTS) throw new SealError(`a bundle can have at most ${MAX_RECIPIENTS} recipients`);
  const normalised = recipients.map((r) => r.trim().toLowerCase());
  const kinds = new Set(normalised.map(recipientKind));
  if (kinds.size > 1) throw new SealError('post-quantum (age1pq1…) and X25519 (age1…) recipients cannot be mixed in one bundle');
  if (new Set(normalised).size !== normalised.length) throw new SealError('a recipient is listed twice');
  const encrypter = new Encrypter();
  for (const r of normalised) {
    try {
      encrypter.addRecipient(r);
    } catch {
      throw new SealError(`invalid age recipient (bad checksum or length): ${r}`);
    }
  }
  return normalised;
}

/** Encrypts a signed archive to the partner's recipients (binary age format). Needs public keys only. */
export async function encryptBundle(archive: Uint8Array, recipients: readonly string[]): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  for (const r of checkRecipients(recipients)) encrypter.addRecipient(r);
  return encrypter.encrypt(archive);
}

/** Recipient strings of our own identities, to check a bundle was meant for us. */
export async function identityRecipients(identities: readonly string[]): Promise<string[]> {
  return Promise.all(identities.map((i) => identityToRecipient(i)));
}

/** Decrypts, telling "not for any of these identities" apart from a broken file. */
export async function decryptBundle(bytes: Uint8Array, identities: readonly string[]): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  // The Decrypter asks identities in order and stops at the first that unwraps the file key, so this
  // last one is consulted only when none of ours matched a stanza.
  let noneMatched = false;
  const sentinel: Identity = {
    unwrapFileKey: () => {
      noneMatched = true;
      return null;
    },
  };
  decrypter.addIdentity(sentinel);
  try {
    return await decrypter.decrypt(bytes);
  } catch {
    if (noneMatched) {
      throw new BundleError('wrong-recipient', 'the bundle is not encrypted to your key (or its header was altered)');
    }
    throw new BundleError('damaged', 'the bundle is damaged or truncated (age decryption failed)');
  }
}

function printable(text: string): string {
  const shown = text.replace(/[^\x20-\x7e]/g, '?');
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}
