import { describe, expect, it } from 'vitest';
import { assertSumo, loadSodium, SodiumBuildError } from '../../../src/core/crypto/sodium';

describe('sodium loader', () => {
  it('loads the sumo build with Argon2id', async () => {
    const s = await loadSodium();
    expect(typeof s.crypto_pwhash).toBe('function');
    expect(s.crypto_pwhash_ALG_ARGON2ID13).toBe(2);
  });

  it('refuses a build without crypto_pwhash', () => {
    expect(() => assertSumo({} as never)).toThrow(SodiumBuildError);
  });
});
