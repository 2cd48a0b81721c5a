import { concatBytes, fromBase64, toBase64 } from '../crypto/bytes';
import type { Sodium } from '../crypto/sodium';

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function sha256Hex(sodium: Sodium, data: Uint8Array): string {
  return toHex(sodium.crypto_hash_sha256(data));
}

// Whole bundles (up to MAX_BUNDLE_BYTES) cross IPC as base64. crypto/bytes' fromBase64 checks the text
// with a regular expression that overflows the stack from a few MiB on, and its encoder is slow on
// large inputs, so bundles go through it in aligned slices: 3 bytes make exactly 4 characters, so the
// slices' encodings joined are the encoding of the whole, canonical checks included.
const SLICE_BYTES = 3 * 256 * 1024;
const SLICE_CHARS = (SLICE_BYTES / 3) * 4;

export function bundleToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += SLICE_BYTES) parts.push(toBase64(bytes.subarray(i, i + SLICE_BYTES)));
  return parts.join('');
}

/** Strict like fromBase64: throws SyntaxError for anything but the canonical encoding. */
export function bundleFromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new SyntaxError('invalid base64');
  const parts: Uint8Array[] = [];
  for (let i = 0; i < text.length; i += SLICE_CHARS) {
    const slice = text.slice(i, i + SLICE_CHARS);
    // Padding may only end the whole text, not a slice in the middle.
    if (i + SLICE_CHARS < text.length && slice.endsWith('=')) throw new SyntaxError('invalid base64');
    parts.push(fromBase64(slice));
  }
  return concatBytes(...parts);
}
