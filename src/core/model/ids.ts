import { z } from 'zod';

const ID_BYTES = 16;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A fresh opaque id: 16 CSPRNG bytes as unpadded base64url (22 characters). Never time-based or
 * sequential, so an id says nothing about when or in which order a record was made.
 */
export function newId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(ID_BYTES));
  let out = '';
  // 3 bytes -> 4 characters; the last group has one byte left over (16 = 5 * 3 + 1).
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * Ids are opaque: the schema bounds alphabet and length only (ids also reach AAD and file names), so
 * records from other vaults and older versions still validate.
 */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id (1-64 characters of A-Z a-z 0-9 _ -)');
