import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  concatBytes,
  constantTimeEqual,
  fromBase64,
  fromBase64Url,
  isBase64Of,
  isBase64UrlOf,
  randomBytes,
  toBase64,
  toBase64Url,
  utf8Decode,
  utf8Encode,
} from '../../../src/core/crypto/bytes';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

describe('randomBytes', () => {
  it('returns the requested length, different each call', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(a).toHaveLength(32);
    expect(sodium.to_hex(a)).not.toBe(sodium.to_hex(b));
    expect(randomBytes(0)).toHaveLength(0);
  });

  it('fills buffers larger than one getRandomValues call', () => {
    const big = randomBytes(65_536 * 2 + 10);
    // Each chunk is filled: an unfilled 64 KiB tail would be all zeros.
    expect(big.subarray(65_536).some((b) => b !== 0)).toBe(true);
    expect(big.subarray(131_072).some((b) => b !== 0)).toBe(true);
  });

  it('rejects bad lengths', () => {
    expect(() => randomBytes(-1)).toThrow(RangeError);
    expect(() => randomBytes(1.5)).toThrow(RangeError);
  });
});

describe('constantTimeEqual', () => {
  it('compares contents and lengths', () => {
    expect(constantTimeEqual(sodium, new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(sodium, new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(sodium, new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
  });
});

describe('concatBytes and utf8', () => {
  it('concatenates in order', () => {
    expect([...concatBytes(new Uint8Array([1]), new Uint8Array([]), new Uint8Array([2, 3]))]).toEqual([1, 2, 3]);
  });

  it('round-trips text, including Cyrillic', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => utf8Decode(utf8Encode(s)) === s));
    expect(utf8Decode(utf8Encode('Жанна'))).toBe('Жанна');
  });

  it('refuses invalid UTF-8 rather than replacing it', () => {
    expect(() => utf8Decode(new Uint8Array([0xc3, 0x28]))).toThrow();
  });
});

describe('base64', () => {
  it('round-trips whole bundles (32 MiB), equal to the standard encoding', () => {
    const bytes = new Uint8Array(32 * 1024 * 1024).map((_, i) => (i * 7919) & 0xff);
    const text = toBase64(bytes);
    expect(text === Buffer.from(bytes).toString('base64')).toBe(true);
    expect(Buffer.from(fromBase64(text)).equals(Buffer.from(bytes))).toBe(true);
    expect(() => fromBase64(`${text.slice(0, 1_000_000)}=${text.slice(1_000_001)}`)).toThrow(SyntaxError);
  });

  it('matches Node and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect([...fromBase64(text)]).toEqual([...bytes]);
        const url = toBase64Url(bytes);
        expect(url).toBe(Buffer.from(bytes).toString('base64url'));
        expect([...fromBase64Url(url)]).toEqual([...bytes]);
      }),
    );
  });

  it('accepts only canonical standard base64', () => {
    expect(() => fromBase64('AB==')).toThrow(SyntaxError); // non-zero trailing bits
    expect(() => fromBase64('AAB=')).toThrow(SyntaxError);
    expect(() => fromBase64('AAAAAAC=')).toThrow(SyntaxError);
    expect(() => fromBase64('AAAAAP==')).toThrow(SyntaxError);
    expect([...fromBase64('AAAAAQ==')]).toEqual([0, 0, 0, 1]);
    expect([...fromBase64('AAAAAAE=')]).toEqual([0, 0, 0, 0, 1]);
    expect(() => fromBase64('AA')).toThrow(SyntaxError); // missing padding
    expect(() => fromBase64('AA-_')).toThrow(SyntaxError); // url alphabet
    expect(() => fromBase64('AA A')).toThrow(SyntaxError);
  });

  it('refuses every non-canonical form of random bytes (a changed trailing bit)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }).filter((b) => b.length % 3 !== 0), fc.nat(), (bytes, pick) => {
        const text = toBase64(bytes);
        const at = text.indexOf('=') - 1;
        const unused = text.endsWith('==') ? 0x0f : 0x03;
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
        const flip = 1 << pick % (unused === 0x0f ? 4 : 2);
        const changed = alphabet[alphabet.indexOf(text[at]!) ^ flip]!;
        expect(() => fromBase64(text.slice(0, at) + changed + text.slice(at + 1))).toThrow(SyntaxError);
      }),
    );
  });

  it('accepts only canonical unpadded base64url', () => {
    expect(() => fromBase64Url('AA==')).toThrow(SyntaxError);
    expect(() => fromBase64Url('AA+/')).toThrow(SyntaxError);
    expect(() => fromBase64Url('AB')).toThrow(SyntaxError);
    expect(() => fromBase64Url('AAAAA')).toThrow(SyntaxError); // impossible length
  });

  it('checks decoded lengths for schemas', () => {
    expect(isBase64Of(toBase64(new Uint8Array(16)), 16)).toBe(true);
    expect(isBase64Of(toBase64(new Uint8Array(15)), 16)).toBe(false);
    expect(isBase64Of('not base64!', 16)).toBe(false);
    expect(isBase64UrlOf(toBase64Url(new Uint8Array(16)), 16)).toBe(true);
    expect(isBase64UrlOf(toBase64(new Uint8Array(16)), 16)).toBe(false);
  });
});
