import { afterEach, describe, expect, it, vi } from 'vitest';
import { idSchema, newId } from '../../../src/core/model';

describe('newId', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is 16 CSPRNG bytes as unpadded base64url', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 251) & 0xff);
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).set(bytes);
      return array;
    });
    expect(newId()).toBe(Buffer.from(bytes).toString('base64url'));
  });

  it('encodes the extreme byte values', () => {
    for (const fill of [0x00, 0xff, 0xfb]) {
      vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
        (array as unknown as Uint8Array).fill(fill);
        return array;
      });
      expect(newId()).toBe(Buffer.alloc(16, fill).toString('base64url'));
    }
  });

  it('gives distinct, schema-valid 22-character ids', () => {
    const ids = Array.from({ length: 2000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
      expect(idSchema.safeParse(id).success).toBe(true);
    }
  });
});

describe('idSchema', () => {
  it('refuses ids outside the base64url alphabet or too long', () => {
    for (const bad of ['', 'a b', 'a/b', 'a.b', 'x'.repeat(65), 'ид']) expect(idSchema.safeParse(bad).success).toBe(false);
  });
});
