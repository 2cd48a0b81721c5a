import { newKdfParams, type KdfParams } from '../../../src/core/crypto/kdf';

/** Cheap Argon2id for tests; only accepted together with `allowWeakForTests: true`. */
export function weakKdf(): KdfParams {
  return newKdfParams({ alg: 'argon2id13', opsLimit: 1, memLimitBytes: 8192 });
}

export const WEAK = { allowWeakForTests: true } as const;

export function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index]! ^= 0x01;
  return copy;
}
