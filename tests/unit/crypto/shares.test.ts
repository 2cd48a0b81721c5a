import { combine } from 'shamir-secret-sharing';
import { describe, expect, it } from 'vitest';
import { decodeCheckedCode, encodeCheckedCode } from '../../../src/core/crypto/checked-code';
import { formatRecoveryKey, newRecoveryKey } from '../../../src/core/crypto/recovery-code';
import { combineShares, SHARE_CODE_CHARS, ShareError, splitRecoveryKey } from '../../../src/core/crypto/shares';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

async function shareError(codes: string[]): Promise<ShareError> {
  const err: unknown = await combineShares(codes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ShareError);
  return err as ShareError;
}

const setIdOf = (code: string) => hex(decodeCheckedCode(code, 'SH', 25).subarray(0, 2));

function mistype(code: string, position: number): string {
  const chars = [...code.replace(/-/g, '')];
  chars[position] = chars[position] === 'A' ? 'B' : 'A';
  return chars.join('');
}

describe('recovery key shares', () => {
  it('prints numbered share codes of 44 characters in groups of 4', async () => {
    const shares = await splitRecoveryKey(newRecoveryKey(), { n: 3, k: 2 });
    expect(SHARE_CODE_CHARS).toBe(44);
    expect(shares.map((s) => s.index)).toEqual([1, 2, 3]);
    for (const s of shares) expect(s.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){10}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(shares.map((s) => s.code)).size).toBe(3);
  });

  it('2 of 3: every pair, in any order, and all three rebuild the key', async () => {
    const key = newRecoveryKey();
    const codes = (await splitRecoveryKey(key, { n: 3, k: 2 })).map((s) => s.code);
    for (const pair of subsets(codes, 2)) {
      expect(hex(await combineShares(pair))).toBe(hex(key));
      expect(hex(await combineShares([...pair].reverse()))).toBe(hex(key));
    }
    expect(hex(await combineShares(codes))).toBe(hex(key));
  });

  it('3 of 5: every 3 of the 5 rebuild the key', async () => {
    const key = newRecoveryKey();
    const codes = (await splitRecoveryKey(key, { n: 5, k: 3 })).map((s) => s.code);
    const triples = subsets(codes, 3);
    expect(triples).toHaveLength(10);
    for (const t of triples) expect(hex(await combineShares(t))).toBe(hex(key));
  });

  it('k-1 shares are refused, and mathematically give something else', async () => {
    const key = newRecoveryKey();
    const codes = (await splitRecoveryKey(key, { n: 5, k: 3 })).map((s) => s.code);
    for (const pair of subsets(codes, 2)) {
      const err = await shareError(pair);
      expect(err.reason).toBe('too-few');
      expect(err.message).toBe('3 shares are needed, 2 given');
      // Bypassing the count check: interpolating only two points does not give the key.
      const raw = pair.map((c) => decodeCheckedCode(c, 'SH', 25).slice(4));
      expect(hex(await combine(raw))).not.toBe(hex(key));
    }
    expect((await shareError([])).reason).toBe('too-few');
  });

  it('names the mistyped share before combining', async () => {
    const codes = (await splitRecoveryKey(newRecoveryKey(), { n: 3, k: 2 })).map((s) => s.code);
    const err = await shareError([codes[0]!, mistype(codes[1]!, 17)]);
    expect(err.reason).toBe('checksum');
    expect(err.shareNumber).toBe(2);
    expect(err.message).toBe('Share 2: a character is mistyped');
    const short = await shareError([codes[0]!.slice(0, -2), codes[1]!]);
    expect(short.shareNumber).toBe(1);
    expect(short.reason).toBe('length');
  });

  it('refuses shares from different splits, even of the same key', async () => {
    const key = newRecoveryKey();
    const a = (await splitRecoveryKey(key, { n: 3, k: 2 })).map((s) => s.code);
    let b: string[];
    // Set ids are 16 random bits: draw again on the rare collision rather than flake.
    do b = (await splitRecoveryKey(key, { n: 3, k: 2 })).map((s) => s.code);
    while (setIdOf(b[1]!) === setIdOf(a[0]!));
    const err = await shareError([a[0]!, b[1]!]);
    expect(err.reason).toBe('mixed');
    expect(err.shareNumber).toBe(2);
    expect(err.message).toBe('Share 2: belongs to a different set of shares than share 1');
  });

  it('refuses the same share entered twice', async () => {
    const codes = (await splitRecoveryKey(newRecoveryKey(), { n: 3, k: 2 })).map((s) => s.code);
    const err = await shareError([codes[2]!, codes[0]!, codes[2]!.toLowerCase()]);
    expect(err.reason).toBe('duplicate');
    expect(err.message).toBe('Share 3: is the same share as share 1');
  });

  it('does not take a recovery key or a code of another kind as a share', async () => {
    const codes = (await splitRecoveryKey(newRecoveryKey(), { n: 3, k: 2 })).map((s) => s.code);
    expect((await shareError([codes[0]!, formatRecoveryKey(newRecoveryKey())])).reason).toBe('length');
    const sameBytesOtherDomain = encodeCheckedCode(decodeCheckedCode(codes[1]!, 'SH', 25), 'RK');
    const err = await shareError([codes[0]!, sameBytesOtherDomain]);
    expect(err.reason).toBe('checksum');
    expect(err.shareNumber).toBe(2);
  });

  it('validates parameters', async () => {
    const key = newRecoveryKey();
    await expect(splitRecoveryKey(key, { n: 3, k: 1 })).rejects.toThrow(RangeError);
    await expect(splitRecoveryKey(key, { n: 2, k: 3 })).rejects.toThrow(RangeError);
    await expect(splitRecoveryKey(key, { n: 256, k: 2 })).rejects.toThrow(RangeError);
    await expect(splitRecoveryKey(new Uint8Array(32), { n: 3, k: 2 })).rejects.toThrow(TypeError);
  });
});
