import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { utf8Decode, utf8Encode } from '../../../src/core/crypto/bytes';
import {
  encodeAad,
  ENVELOPE_MIN_BYTES,
  IntegrityError,
  type ItemAad,
  open,
  openJson,
  seal,
  sealJson,
  sealWithNonce,
} from '../../../src/core/crypto/envelope';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { flipBit } from './helpers';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const KEY_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const NONCE_HEX = '404142434445464748494a4b4c4d4e4f5051525354555657';
const AAD: ItemAad = { vaultId: 'vault-1', store: 'people', itemId: 'p-0001', version: 1 };
// Both values were also computed independently (Python: hand-written HChaCha20 + OpenSSL
// ChaCha20-Poly1305 from the `cryptography` package), not only by this code.
const AAD_HEX = '5701000000077661756c742d310000000670656f706c6500000006702d3030303100000001';
const VECTOR_HEX =
  '5701' + // magic, format 1
  NONCE_HEX +
  '9c5c691cbfcc5965e791ebcacaeee592' + // "Hello, shelter" padded to 16 bytes, encrypted
  '87e2876dba13b77576584836303b1374'; // Poly1305 tag

const key = () => sodium.from_hex(KEY_HEX);
const text = (s: string) => utf8Encode(s);

describe('envelope test vector', () => {
  it('encodes the associated data canonically', () => {
    expect(sodium.to_hex(encodeAad(AAD))).toBe(AAD_HEX);
  });

  it('seals to the exact known bytes', () => {
    const env = sealWithNonce(sodium, key(), AAD, text('Hello, shelter'), sodium.from_hex(NONCE_HEX), { padBlock: 16 });
    expect(sodium.to_hex(env)).toBe(VECTOR_HEX);
  });

  it('opens the vector with raw libsodium calls and with open()', () => {
    const env = sodium.from_hex(VECTOR_HEX);
    const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      env.subarray(26),
      sodium.from_hex(AAD_HEX),
      env.subarray(2, 26),
      key(),
    );
    expect(sodium.to_hex(padded)).toBe(sodium.to_hex(text('Hello, shelter')) + '80' + '00');
    expect(utf8Decode(open(sodium, key(), AAD, env))).toBe('Hello, shelter');
  });
});

describe('associated data', () => {
  it('is unambiguous across field boundaries', () => {
    const a = encodeAad({ vaultId: 'v', store: 'ab', itemId: 'c', version: 1 });
    const b = encodeAad({ vaultId: 'v', store: 'a', itemId: 'bc', version: 1 });
    expect(sodium.to_hex(a)).not.toBe(sodium.to_hex(b));
  });

  it('is the documented layout for any fields, whichever stores and vaults were encoded before', () => {
    const lp = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      return [...u32(bytes.length), ...bytes];
    };
    const u32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
    const field = fc.oneof(fc.constantFrom('a', 'c', 'a\u0000b', 'b\u0000c', '\u0000', 'people'), fc.string({ minLength: 1, maxLength: 12 }));
    // Two pairs a joined key would confuse, one after the other, then any others.
    for (const [vaultId, store] of [['a\u0000b', 'c'], ['a', 'b\u0000c']] as const) {
      expect(encodeAad({ vaultId, store, itemId: 'i', version: 1 })).toEqual(Uint8Array.from([0x57, 0x01, ...lp(vaultId), ...lp(store), ...lp('i'), ...u32(1)]));
    }
    fc.assert(
      fc.property(fc.array(fc.record({ vaultId: field, store: field, itemId: field, version: fc.nat() }), { minLength: 1, maxLength: 8 }), (aads) => {
        for (const aad of aads) {
          const expected = Uint8Array.from([0x57, 0x01, ...lp(aad.vaultId), ...lp(aad.store), ...lp(aad.itemId), ...u32(aad.version)]);
          expect(encodeAad(aad)).toEqual(expected);
        }
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it('refuses empty fields and bad versions', () => {
    expect(() => encodeAad({ ...AAD, itemId: '' })).toThrow(TypeError);
    expect(() => encodeAad({ ...AAD, version: -1 })).toThrow(TypeError);
    expect(() => encodeAad({ ...AAD, version: 2 ** 32 })).toThrow(TypeError);
    expect(() => encodeAad({ ...AAD, version: 1.5 })).toThrow(TypeError);
  });
});

describe('seal and open', () => {
  const secret = text('Alias: Саша; route via the north gate');

  it('round-trips, including empty plaintext', () => {
    expect(utf8Decode(open(sodium, key(), AAD, seal(sodium, key(), AAD, secret)))).toBe('Alias: Саша; route via the north gate');
    expect(open(sodium, key(), AAD, seal(sodium, key(), AAD, new Uint8Array()))).toHaveLength(0);
  });

  it('pads so that lengths say little', () => {
    const short = seal(sodium, key(), AAD, text('Al'));
    const long = seal(sodium, key(), AAD, text('Alexandra Konstantinovna'));
    expect(short.length).toBe(long.length);
    expect(short.length).toBe(2 + 24 + 256 + 16);
    // Exactly one block of plaintext still needs a padding byte, so it takes two blocks.
    expect(seal(sodium, key(), AAD, new Uint8Array(256)).length).toBe(2 + 24 + 512 + 16);
    expect(seal(sodium, key(), AAD, new Uint8Array(10), { padBlock: 4096 }).length).toBe(2 + 24 + 4096 + 16);
    expect(() => seal(sodium, key(), AAD, secret, { padBlock: 0 })).toThrow(RangeError);
  });

  it('uses a fresh nonce every time', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 2000; i++) nonces.add(sodium.to_hex(seal(sodium, key(), AAD, secret).subarray(2, 26)));
    expect(nonces.size).toBe(2000);
  });

  const failsWith = (k: Uint8Array, aad: ItemAad, env: Uint8Array, pattern: RegExp) => {
    let caught: unknown;
    try {
      open(sodium, k, aad, env);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(IntegrityError);
    const err = caught as IntegrityError;
    expect(err.message).toMatch(pattern);
    expect(err.message).toContain(`${aad.store} item ${aad.itemId}`);
    expect(err.store).toBe(aad.store);
    expect(err.itemId).toBe(aad.itemId);
  };

  it('fails with the wrong key', () => {
    const env = seal(sodium, key(), AAD, secret);
    failsWith(flipBit(key(), 0), AAD, env, /authentication failed/);
  });

  it('fails when moved to another item, store, vault or schema version', () => {
    const env = seal(sodium, key(), AAD, secret);
    failsWith(key(), { ...AAD, itemId: 'p-0002' }, env, /authentication failed/);
    failsWith(key(), { ...AAD, store: 'notes' }, env, /authentication failed/);
    failsWith(key(), { ...AAD, vaultId: 'vault-2' }, env, /authentication failed/);
    failsWith(key(), { ...AAD, version: 2 }, env, /authentication failed/);
  });

  it('fails when two items swap ciphertexts', () => {
    const a = { ...AAD, itemId: 'a' };
    const b = { ...AAD, itemId: 'b' };
    const envA = seal(sodium, key(), a, text('A'));
    const envB = seal(sodium, key(), b, text('B'));
    failsWith(key(), a, envB, /authentication failed/);
    failsWith(key(), b, envA, /authentication failed/);
  });

  it('fails on every single flipped byte', () => {
    const env = seal(sodium, key(), AAD, secret, { padBlock: 16 });
    for (let i = 0; i < env.length; i++) {
      expect(() => open(sodium, key(), AAD, flipBit(env, i)), `byte ${i}`).toThrow(IntegrityError);
    }
    failsWith(key(), AAD, flipBit(env, 0), /not a sealed envelope/);
    failsWith(key(), AAD, flipBit(env, 1), /unknown envelope format 0/);
  });

  it('fails on every truncation and on appended bytes', () => {
    const env = seal(sodium, key(), AAD, secret, { padBlock: 16 });
    for (let n = 0; n < env.length; n++) {
      expect(() => open(sodium, key(), AAD, env.subarray(0, n)), `length ${n}`).toThrow(IntegrityError);
    }
    failsWith(key(), AAD, env.subarray(0, ENVELOPE_MIN_BYTES - 1), /truncated/);
    failsWith(key(), AAD, new Uint8Array([...env, 0]), /authentication failed/);
  });

  it('fails on an authentic envelope whose padding is malformed', () => {
    const nonce = sodium.from_hex(NONCE_HEX);
    const unpadded = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(new Uint8Array(16), encodeAad(AAD), null, nonce, key());
    failsWith(key(), AAD, new Uint8Array([0x57, 0x01, ...nonce, ...unpadded]), /invalid padding/);
  });

  it('refuses keys of the wrong size as a programming error', () => {
    expect(() => seal(sodium, new Uint8Array(16), AAD, secret)).toThrow(TypeError);
    expect(() => open(sodium, new Uint8Array(16), AAD, seal(sodium, key(), AAD, secret))).toThrow(TypeError);
  });
});

describe('sealJson and openJson', () => {
  const Person = z.strictObject({ alias: z.string(), beds: z.number() });

  it('round-trips through a schema', () => {
    const env = sealJson(sodium, key(), AAD, { alias: 'Тимур', beds: 2 });
    expect(openJson(sodium, key(), AAD, env, Person)).toEqual({ alias: 'Тимур', beds: 2 });
  });

  it('reports content that fails the schema as an integrity error on that item, without quoting it', () => {
    const env = sealJson(sodium, key(), AAD, { alias: 'Тимур', beds: 'two' });
    expect(() => openJson(sodium, key(), AAD, env, Person)).toThrow(IntegrityError);
    expect(() => openJson(sodium, key(), AAD, env, Person)).toThrow(/people item p-0001: content does not match its schema$/);
  });

  it('reports non-JSON content', () => {
    const env = seal(sodium, key(), AAD, text('{not json'));
    expect(() => openJson(sodium, key(), AAD, env, Person)).toThrow(/content is not valid JSON/);
  });

  it('refuses values without a JSON form', () => {
    expect(() => sealJson(sodium, key(), AAD, undefined)).toThrow(TypeError);
  });
});
