import { z } from 'zod';
import { randomBytes, toBase64Url } from '../crypto/bytes';

/**
 * A fresh opaque id: 16 CSPRNG bytes (crypto.getRandomValues) as unpadded base64url, 22 characters.
 * Never time-based or sequential, so an id says nothing about when or in which order a record was made.
 */
export function newId(): string {
  return toBase64Url(randomBytes(16));
}

/**
 * Ids are opaque: the schema bounds alphabet and length only (ids also reach AAD and file names), so
 * records from other vaults and older versions still validate.
 */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id (1-64 characters of A-Z a-z 0-9 _ -)');
