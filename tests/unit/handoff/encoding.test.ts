import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bundleFromBase64, bundleToBase64 } from '../../../src/core/handoff';

describe('bundle base64 (whole bundles across IPC)', () => {
  it('round-trips up to the 32 MiB cap, equal to the standard encoding', () => {
    const bytes = new Uint8Array(randomBytes(32 * 1024 * 1024));
    const text = bundleToBase64(bytes);
    expect(text === Buffer.from(bytes).toString('base64')).toBe(true);
    expect(Buffer.from(bundleFromBase64(text)).equals(Buffer.from(bytes))).toBe(true);
    for (const n of [0, 1, 2, 3, 786_431, 786_432, 786_433]) {
      const small = new Uint8Array(n).fill(0xa5);
      expect(bundleToBase64(small)).toBe(Buffer.from(small).toString('base64'));
      expect(Buffer.from(bundleFromBase64(bundleToBase64(small))).equals(small)).toBe(true);
    }
  });

  it('accepts only the canonical encoding, also across slice boundaries', () => {
    const text = bundleToBase64(new Uint8Array(2 * 786_432).fill(1));
    const middle = 1_048_576; // first slice boundary, in characters
    for (const bad of ['QUJ', 'QUJD=', 'QR==', 'QUJD\n', `${text.slice(0, middle - 1)}=${text.slice(middle)}`, `${text.slice(0, 10)}*${text.slice(11)}`]) {
      expect(() => bundleFromBase64(bad), bad.slice(0, 12)).toThrow(SyntaxError);
    }
  });
});
