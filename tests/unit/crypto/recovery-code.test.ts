import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkedCodeLength, decodeCheckedCode, encodeCheckedCode } from '../../../src/core/crypto/checked-code';
import {
  formatRecoveryKey,
  newRecoveryKey,
  parseRecoveryKey,
  RECOVERY_KEY_BYTES,
  RecoveryKeyError,
} from '../../../src/core/crypto/recovery-code';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_0_TO_19 = new Uint8Array(20).map((_, i) => i);
const VECTOR = '000G-40R4-0M30-E209-185G-R38E-1W81-24GK-XJAM';

/** Independent GF(32) arithmetic (shift-and-reduce, no tables) to check the Reed-Solomon claim. */
function gfMul(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 5; i++) {
    if (b & (1 << i)) r ^= a << i;
  }
  for (let bit = 8; bit >= 5; bit--) if (r & (1 << bit)) r ^= 0b100101 << (bit - 5);
  return r;
}
function gfPow(a: number, n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r = gfMul(r, a);
  return r;
}
function evaluate(symbols: number[], x: number): number {
  return symbols.reduce((acc, s) => gfMul(acc, x) ^ s, 0);
}
const symbolsOf = (code: string) => [...code.replace(/-/g, '')].map((c) => ALPHABET.indexOf(c));

function mutateChar(code: string, position: number, replacement: string): string {
  const chars = [...code.replace(/-/g, '')];
  chars[position] = replacement;
  return chars.join('');
}

describe('recovery key format', () => {
  it('is 36 characters in 9 groups of 4', () => {
    expect(checkedCodeLength(RECOVERY_KEY_BYTES)).toBe(36);
    expect(formatRecoveryKey(newRecoveryKey())).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('matches the vector; the key part is plain base32 in Crockford letters', () => {
    expect(formatRecoveryKey(KEY_0_TO_19)).toBe(VECTOR);
    // RFC 4648 base32 of bytes 0..19 (Python base64.b32encode), translated symbol by symbol.
    const rfc = 'AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT';
    const translated = [...rfc].map((c) => ALPHABET['ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c)]).join('');
    expect(VECTOR.replace(/-/g, '').slice(0, 32)).toBe(translated);
  });

  it('check group makes the codeword vanish at a^1..a^4 (domain "RK" prepended)', () => {
    const codeword = [...symbolsOf('RK'), ...symbolsOf(VECTOR)];
    const alpha = 2;
    for (let j = 1; j <= 4; j++) expect(evaluate(codeword, gfPow(alpha, j))).toBe(0);
    expect(evaluate(codeword, gfPow(alpha, 5))).not.toBe(0);
  });

  it('round-trips any key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (key) => {
        expect([...parseRecoveryKey(formatRecoveryKey(key))]).toEqual([...key]);
      }),
    );
  });

  it('tolerates case, spaces, missing dashes and O/0, I/L/1 confusion', () => {
    const expected = [...KEY_0_TO_19];
    expect([...parseRecoveryKey(VECTOR.toLowerCase())]).toEqual(expected);
    expect([...parseRecoveryKey(VECTOR.replace(/-/g, ' '))]).toEqual(expected);
    expect([...parseRecoveryKey(VECTOR.replace(/-/g, ''))]).toEqual(expected);
    expect([...parseRecoveryKey(`  ${VECTOR.replace(/-/g, ' – ')}\n`)]).toEqual(expected);
    expect([...parseRecoveryKey(VECTOR.replace(/0/g, 'O'))]).toEqual(expected);
    expect([...parseRecoveryKey(VECTOR.replace(/1/g, 'l'))]).toEqual(expected);
    expect([...parseRecoveryKey(VECTOR.replace(/1/g, 'I'))]).toEqual(expected);
  });

  it('detects every single-character typo (exhaustive for one key)', () => {
    const code = formatRecoveryKey(newRecoveryKey());
    const plain = code.replace(/-/g, '');
    for (let pos = 0; pos < plain.length; pos++) {
      for (const c of ALPHABET) {
        if (c === plain[pos]) continue;
        expect(() => parseRecoveryKey(mutateChar(code, pos, c)), `position ${pos} -> ${c}`).toThrow(/a character is mistyped/);
      }
    }
  });

  it('detects any single-character typo (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.nat({ max: 35 }),
        fc.integer({ min: 1, max: 31 }),
        (key, pos, delta) => {
          const code = formatRecoveryKey(key);
          const original = ALPHABET.indexOf(code.replace(/-/g, '')[pos]!);
          const typo = mutateChar(code, pos, ALPHABET[(original + delta) % 32]!);
          expect(() => parseRecoveryKey(typo)).toThrow(RecoveryKeyError);
        },
      ),
    );
  });

  it('detects up to 4 wrong characters whose positions differ modulo 31 (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.uniqueArray(fc.record({ pos: fc.nat({ max: 35 }), delta: fc.integer({ min: 1, max: 31 }) }), {
          minLength: 1,
          maxLength: 4,
          selector: (e) => e.pos % 31,
        }),
        (key, errors) => {
          const chars = [...formatRecoveryKey(key).replace(/-/g, '')];
          for (const { pos, delta } of errors) chars[pos] = ALPHABET[(ALPHABET.indexOf(chars[pos]!) + delta) % 32]!;
          expect(() => parseRecoveryKey(chars.join(''))).toThrow(RecoveryKeyError);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('detects two swapped neighbouring characters (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.nat({ max: 34 }), (key, pos) => {
        const chars = [...formatRecoveryKey(key).replace(/-/g, '')];
        fc.pre(chars[pos] !== chars[pos + 1]);
        [chars[pos], chars[pos + 1]] = [chars[pos + 1]!, chars[pos]!];
        expect(() => parseRecoveryKey(chars.join(''))).toThrow(RecoveryKeyError);
      }),
    );
  });

  it('reports wrong length and disallowed characters clearly', () => {
    const short = VECTOR.slice(0, -1);
    expect(() => parseRecoveryKey(short)).toThrow(/^Recovery key: expected 36 characters, got 35$/);
    try {
      parseRecoveryKey(VECTOR.replace(/^0/, 'U'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RecoveryKeyError);
      expect((e as RecoveryKeyError).reason).toBe('character');
      expect((e as RecoveryKeyError).message).toBe('Recovery key: character 1 is not a letter or digit used in these codes');
    }
    try {
      parseRecoveryKey(mutateChar(VECTOR, 5, 'Z'));
      expect.unreachable();
    } catch (e) {
      expect((e as RecoveryKeyError).reason).toBe('checksum');
      expect((e as RecoveryKeyError).message).toBe('Recovery key: a character is mistyped');
    }
  });

  it('never accepts a code made for another purpose', () => {
    const other = encodeCheckedCode(KEY_0_TO_19, 'SH');
    expect(other.slice(0, 39)).toBe(VECTOR.slice(0, 39)); // same key characters, different check group
    expect(() => parseRecoveryKey(other)).toThrow(/a character is mistyped/);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => formatRecoveryKey(new Uint8Array(16))).toThrow(TypeError);
  });
});

describe('checked codes', () => {
  it('carry whole multiples of 5 bytes only, so each byte string has exactly one code', () => {
    expect(() => encodeCheckedCode(new Uint8Array(21), 'T')).toThrow(TypeError);
    expect(() => encodeCheckedCode(new Uint8Array(0), 'T')).toThrow(TypeError);
    expect(() => decodeCheckedCode(VECTOR, 'RK', 21)).toThrow(TypeError);
    const bytes = new Uint8Array(25).fill(0xff);
    expect([...decodeCheckedCode(encodeCheckedCode(bytes, 'T'), 'T', 25)]).toEqual([...bytes]);
  });

  it('refuse a domain that could not separate anything', () => {
    expect(() => encodeCheckedCode(KEY_0_TO_19, '')).toThrow(TypeError);
    expect(() => encodeCheckedCode(KEY_0_TO_19, '0K')).toThrow(TypeError);
    expect(() => encodeCheckedCode(KEY_0_TO_19, 'rk')).toThrow(TypeError);
  });
});
