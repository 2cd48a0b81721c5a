import type { Sodium } from '../crypto/sodium';

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function sha256Hex(sodium: Sodium, data: Uint8Array): string {
  return toHex(sodium.crypto_hash_sha256(data));
}
