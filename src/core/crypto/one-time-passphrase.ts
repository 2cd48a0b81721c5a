/**
 * One-time passphrases, made by the app for an admin to hand over (new user, reset, role change,
 * vault-key rotation). The slot they open is marked one-time inside its payload (slots.ts), so the
 * session refuses everything until the user has chosen their own passphrase.
 *
 * 20 characters from the lower-case Crockford alphabet (no i, l, o, u: nothing to misread), in five
 * groups of four: 100 random bits, which Argon2id makes far beyond guessing for the days it lives.
 * 256 is a multiple of 32, so `byte & 31` picks every character with the same probability.
 *
 *   newOneTimePassphrase() -> 'k7dm-q2zx-...'
 */
import { randomBytes } from './bytes';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CHARS = 20;
const GROUP = 4;

export function newOneTimePassphrase(): string {
  const chars = [...randomBytes(CHARS)].map((b) => ALPHABET[b & 31]!);
  const groups: string[] = [];
  for (let i = 0; i < CHARS; i += GROUP) groups.push(chars.slice(i, i + GROUP).join(''));
  return groups.join('-');
}
