/**
 * Byte helpers for the crypto modules. Pure and sodium-free where possible, so schemas and the
 * key-file format can use them in Node, a page or a Web Worker without loading libsodium.
 *
 *   randomBytes(n)                    CSPRNG bytes from crypto.getRandomValues
 *   constantTimeEqual(sodium, a, b)   equal contents, timing independent of where they differ
 *   concatBytes(...parts)
 *   utf8Encode(text) / utf8Decode(bytes)   decode is strict: invalid UTF-8 throws
 *   toBase64 / fromBase64             standard alphabet, padded, canonical only
 *   toBase64Url / fromBase64Url       URL-safe alphabet, unpadded, canonical only
 *   isBase64Of(text, n) / isBase64UrlOf(text, n)   "decodes to exactly n bytes", for schemas
 */
import type { Sodium } from './sodium';

// getRandomValues refuses more than 65,536 bytes per call.
const MAX_RANDOM_CHUNK = 65_536;

/**
 * Uses crypto.getRandomValues rather than sodium.randombytes_buf, which costs ~75 µs a call
 * (docs/architecture.md, "Storage, measured"); both draw from the platform CSPRNG.
 */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('randomBytes: length must be a non-negative integer');
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += MAX_RANDOM_CHUNK) {
    globalThis.crypto.getRandomValues(out.subarray(i, Math.min(n, i + MAX_RANDOM_CHUNK)));
  }
  return out;
}

/** Lengths are not secret here (keys, tags and ids have fixed sizes), so a length mismatch returns early. */
export function constantTimeEqual(sodium: Sodium, a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return sodium.memcmp(a, b);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

// String.fromCharCode.apply has an argument-count limit; 8 KiB chunks stay well below it.
const BINARY_STRING_CHUNK = 8192;
// Linear (no repeated group): a backtracking pattern overflowed V8's regex stack at about 4 MiB.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BINARY_STRING_CHUNK) {
    // apply, not a spread: the spread copies each chunk into an array first (docs/benchmarks.md).
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + BINARY_STRING_CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

/** Accepts only the canonical encoding (so one byte string has exactly one stored form). */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new SyntaxError('invalid base64');
  // atob ignores the bits below the last byte; canonical means they are zero. Checked on the last
  // character instead of re-encoding the whole output, which cost as much as the decoding.
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding > 0 && (ALPHABET.indexOf(text.charAt(text.length - padding - 1)) & (padding === 2 ? 0x0f : 0x03)) !== 0) {
    throw new SyntaxError('invalid base64 (non-canonical)');
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw new SyntaxError('invalid base64url');
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(standard + '='.repeat((4 - (standard.length % 4)) % 4));
}

export function isBase64Of(text: string, length: number): boolean {
  try {
    return fromBase64(text).length === length;
  } catch {
    return false;
  }
}

export function isBase64UrlOf(text: string, length: number): boolean {
  try {
    return fromBase64Url(text).length === length;
  } catch {
    return false;
  }
}
