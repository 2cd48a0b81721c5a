import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../src/core/crypto/bytes';
import {
  DEFAULT_KDF,
  deriveKek,
  isBelowPolicy,
  type KdfParams,
  KdfParamsError,
  newKdfParams,
  SUBKEY_CONTEXT,
  SubkeyPurpose,
  subkey,
} from '../../../src/core/crypto/kdf';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { WEAK, weakKdf } from './helpers';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const SALT = 'AAECAwQFBgcICQoLDA0ODw=='; // bytes 0..15
const PASSPHRASE = 'correct horse battery staple';
const WEAK_FIXED: KdfParams = { alg: 'argon2id13', opsLimit: 1, memLimitBytes: 8192, salt: SALT };
// Cross-checked against OpenSSL's Argon2id (Python `cryptography`, lanes 1), not only libsodium.
const WEAK_VECTOR = 'd17ea6341ca93da6079ea2f64dc4aa31dd1aaf9caa67fb42ac4afd0714706f26';
// Both cross-checked against OpenSSL's Argon2id too; the 64 MiB one is the default slots were made with before.
const DEFAULT_VECTOR = '04bcda12921de9eb356711dc2c45129dc5f56b330f232cbbb683f5dd83a0736c';
const OLD_DEFAULT_VECTOR = '0d1a3c6523c8f06e4e0af9c515aa5b5448cfebd6838f2d52c3d8b6ef8ddc3c2e';

describe('deriveKek', () => {
  it('matches the weak-parameter vector and a raw crypto_pwhash call', () => {
    const kek = deriveKek(sodium, PASSPHRASE, WEAK_FIXED, WEAK);
    expect(sodium.to_hex(kek)).toBe(WEAK_VECTOR);
    const raw = sodium.crypto_pwhash(32, PASSPHRASE, fromBase64(SALT), 1, 8192, sodium.crypto_pwhash_ALG_ARGON2ID13);
    expect(sodium.to_hex(raw)).toBe(WEAK_VECTOR);
  });

  it('matches the vector at the real defaults (ops 3, 128 MiB)', () => {
    expect(DEFAULT_KDF).toEqual({ alg: 'argon2id13', opsLimit: 3, memLimitBytes: 128 * 1024 * 1024 });
    expect(sodium.to_hex(deriveKek(sodium, PASSPHRASE, { ...DEFAULT_KDF, salt: SALT }))).toBe(DEFAULT_VECTOR);
  });

  it('still derives the key of a slot made at the old default (ops 3, 64 MiB, the policy minimum)', () => {
    expect(sodium.to_hex(deriveKek(sodium, PASSPHRASE, { alg: 'argon2id13', opsLimit: 3, memLimitBytes: 64 * 1024 * 1024, salt: SALT }))).toBe(OLD_DEFAULT_VECTOR);
  });

  it('depends on passphrase and salt', () => {
    const base = sodium.to_hex(deriveKek(sodium, PASSPHRASE, WEAK_FIXED, WEAK));
    expect(sodium.to_hex(deriveKek(sodium, PASSPHRASE + ' ', WEAK_FIXED, WEAK))).not.toBe(base);
    expect(sodium.to_hex(deriveKek(sodium, PASSPHRASE, { ...WEAK_FIXED, salt: 'AQECAwQFBgcICQoLDA0ODw==' }, WEAK))).not.toBe(base);
  });

  it('normalises passphrases to NFC (precomposed and decomposed Cyrillic й give one key)', () => {
    const composed = 'мой пароль \u0439';
    const decomposed = 'мой пароль \u0438\u0306';
    expect(composed).not.toBe(decomposed);
    expect(sodium.to_hex(deriveKek(sodium, composed, WEAK_FIXED, WEAK))).toBe(sodium.to_hex(deriveKek(sodium, decomposed, WEAK_FIXED, WEAK)));
  });

  it('takes raw bytes as they are and does not wipe the caller’s buffer', () => {
    const secret = new Uint8Array(20).fill(7);
    const kek = deriveKek(sodium, secret, WEAK_FIXED, WEAK);
    expect(sodium.to_hex(kek)).toBe(sodium.to_hex(sodium.crypto_pwhash(32, secret, fromBase64(SALT), 1, 8192, 2)));
    expect(secret.every((b) => b === 7)).toBe(true);
  });

  it('refuses parameters below the policy unless the test escape is set', () => {
    expect(() => deriveKek(sodium, PASSPHRASE, WEAK_FIXED)).toThrow(KdfParamsError);
    expect(() => deriveKek(sodium, PASSPHRASE, { ...DEFAULT_KDF, opsLimit: 2, salt: SALT })).toThrow(/below the minimum/);
    expect(() => deriveKek(sodium, PASSPHRASE, { ...DEFAULT_KDF, memLimitBytes: 32 * 1024 * 1024, salt: SALT })).toThrow(/below the minimum/);
  });

  it('refuses malformed parameters even with the test escape', () => {
    const bad: unknown[] = [
      { ...WEAK_FIXED, alg: 'argon2i13' },
      { ...WEAK_FIXED, salt: 'AAECAwQFBgcICQoLDA0O' }, // 15 bytes
      { ...WEAK_FIXED, memLimitBytes: 8193 },
      { ...WEAK_FIXED, opsLimit: 0 },
      { ...WEAK_FIXED, opsLimit: 1000 },
      { ...WEAK_FIXED, memLimitBytes: 4 * 1024 ** 3 },
      { ...WEAK_FIXED, extra: 1 },
    ];
    for (const params of bad) {
      expect(() => deriveKek(sodium, PASSPHRASE, params as KdfParams, WEAK), JSON.stringify(params)).toThrow(KdfParamsError);
    }
  });

  it('refuses an empty secret', () => {
    expect(() => deriveKek(sodium, '', WEAK_FIXED, WEAK)).toThrow(RangeError);
  });
});

describe('KDF parameters', () => {
  it('defaults meet docs/threat-model.md §4', () => {
    expect(DEFAULT_KDF.opsLimit).toBeGreaterThanOrEqual(3);
    expect(DEFAULT_KDF.memLimitBytes).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(isBelowPolicy(DEFAULT_KDF)).toBe(false);
    expect(isBelowPolicy(weakKdf())).toBe(true);
  });

  it('gives every new parameter set a fresh 16-byte salt', () => {
    const a = newKdfParams();
    const b = newKdfParams();
    expect(fromBase64(a.salt)).toHaveLength(16);
    expect(a.salt).not.toBe(b.salt);
    expect({ ...a, salt: undefined }).toEqual({ ...DEFAULT_KDF, salt: undefined });
  });
});

describe('subkey', () => {
  const vaultKey = () => sodium.from_hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
  // Cross-checked with Python hashlib.blake2b(key, salt=id LE, person='WaystnV1'), the crypto_kdf construction.
  const VECTORS: Record<keyof typeof SubkeyPurpose, string> = {
    records: 'c24efef39d4babcf706eade38d096f394ddc6e1edb8af15b735e3d30f2289a29',
    audit: '3189d5244040ea25aabb10edf1c4d6766319ed3f76ae551d97cdd8d8a0dfc420',
    people: '8882935c0f0fdfd2266bda389013e2df8db97327d747b009db499edca1a29c26',
    index: '142fa27c79abfba1b98bc38bd9dcf0c99fd3e13764c29116fc6da554ea21b627',
    drafts: '606546e74cfd917c3984a422fce69f0d4280b1c09ea77bb53b43c54b8d01b109',
  };

  it('uses an 8-byte context and fixed purpose numbers', () => {
    expect(SUBKEY_CONTEXT).toHaveLength(8);
    expect(SubkeyPurpose).toEqual({ records: 1, audit: 2, people: 3, index: 4, drafts: 5 });
  });

  it('matches the vectors: deterministic and different per purpose', () => {
    const seen = new Set<string>();
    for (const [name, purpose] of Object.entries(SubkeyPurpose)) {
      const hex = sodium.to_hex(subkey(sodium, vaultKey(), purpose));
      expect(hex).toBe(VECTORS[name as keyof typeof SubkeyPurpose]);
      expect(sodium.to_hex(subkey(sodium, vaultKey(), purpose))).toBe(hex);
      seen.add(hex);
    }
    expect(seen.size).toBe(5);
    expect(seen.has(sodium.to_hex(vaultKey()))).toBe(false);
  });

  it('differs per vault key', () => {
    const other = vaultKey();
    other[0] = 0xff;
    expect(sodium.to_hex(subkey(sodium, other, SubkeyPurpose.records))).not.toBe(VECTORS.records);
  });

  it('refuses unknown purposes and bad keys', () => {
    expect(() => subkey(sodium, vaultKey(), 9 as SubkeyPurpose)).toThrow(RangeError);
    expect(() => subkey(sodium, new Uint8Array(16), SubkeyPurpose.records)).toThrow(TypeError);
  });
});
