import { AppError } from '../errors';
/**
 * Human-typable codes for secrets written on paper (recovery key, recovery shares).
 *
 * Text: Crockford base32 of the payload bytes (big-endian bit order), then 4 check characters, shown
 * in groups of 4 joined by dashes. Payloads are a multiple of 5 bytes, so every character carries
 * exactly 5 payload bits and each byte string has exactly one code.
 * Reading is tolerant: case, spaces and dashes are ignored and O->0, I/L->1.
 *
 * Check characters: a systematic Reed-Solomon code over GF(32) (field polynomial x^5 + x^2 + 1,
 * generator (x - a)(x - a^2)(x - a^3)(x - a^4)) computed over the domain's characters followed by the
 * payload characters. The domain is not printed; it keeps one kind of code from being accepted as
 * another. Guarantees: any single wrong character is detected, and so is any error in at most 4
 * characters whose positions differ modulo 31 (which covers swapped neighbours).
 *
 *   encodeCheckedCode(bytes, domain) -> 'ABCD-EFGH-...'
 *   decodeCheckedCode(text, domain, byteLength) -> bytes, or throws CodeError
 *   checkedCodeLength(byteLength) -> number of characters without dashes
 *   CodeError { reason: 'length' | 'character' | 'checksum' }
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_CHARS = 4;
const GROUP = 4;
const FIELD_POLY = 0b100101;

const EXP = new Uint8Array(62);
const LOG = new Uint8Array(32);
{
  let x = 1;
  for (let i = 0; i < 31; i++) {
    EXP[i] = x;
    EXP[i + 31] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0b100000) x ^= FIELD_POLY;
  }
}

function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

// Coefficients of the monic generator, highest degree first: [1, g3, g2, g1, g0].
const GENERATOR = ((): number[] => {
  let g = [1];
  for (let i = 1; i <= CHECK_CHARS; i++) {
    const root = EXP[i]!;
    const next = new Array<number>(g.length + 1).fill(0);
    for (let j = 0; j < g.length; j++) {
      next[j]! ^= g[j]!;
      next[j + 1]! ^= mul(g[j]!, root);
    }
    g = next;
  }
  return g;
})();

/** Remainder of symbols(x) * x^4 modulo the generator: the check symbols. */
function checkSymbols(symbols: readonly number[]): number[] {
  const rem = new Array<number>(CHECK_CHARS).fill(0);
  for (const s of symbols) {
    const feedback = s ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[CHECK_CHARS - 1] = 0;
    for (let j = 0; j < CHECK_CHARS; j++) rem[j]! ^= mul(feedback, GENERATOR[j + 1]!);
  }
  return rem;
}

export type CodeErrorReason = 'length' | 'character' | 'checksum';

/** Messages never quote the code itself: it is a secret. */
export class CodeError extends AppError {
  readonly reason: CodeErrorReason;
  constructor(reason: CodeErrorReason, message: string) {
    super('code-mistyped', message);
    this.name = 'CodeError';
    this.reason = reason;
  }
}

function domainSymbols(domain: string): number[] {
  const symbols = [...domain].map((c) => ALPHABET.indexOf(c));
  if (symbols.length === 0 || symbols.includes(-1) || symbols[0] === 0) {
    throw new TypeError('domain must be non-empty Crockford base32 not starting with 0');
  }
  return symbols;
}

function payloadChars(byteLength: number): number {
  if (!Number.isInteger(byteLength) || byteLength <= 0 || byteLength % 5 !== 0) {
    throw new TypeError('checked codes carry a positive multiple of 5 bytes');
  }
  return (byteLength / 5) * 8;
}

export function checkedCodeLength(byteLength: number): number {
  return payloadChars(byteLength) + CHECK_CHARS;
}

function bytesToSymbols(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

function symbolsToBytes(symbols: readonly number[], byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  let acc = 0;
  let bits = 0;
  let i = 0;
  for (const s of symbols) {
    acc = (acc << 5) | s;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[i++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

export function encodeCheckedCode(bytes: Uint8Array, domain: string): string {
  payloadChars(bytes.length); // throws on a length that does not fill whole characters
  const payload = bytesToSymbols(bytes);
  const check = checkSymbols([...domainSymbols(domain), ...payload]);
  const text = [...payload, ...check].map((s) => ALPHABET[s]).join('');
  return text.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

const IGNORED = /[\s\-\u2010-\u2015\u2212]/g;
const ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

export function decodeCheckedCode(text: string, domain: string, byteLength: number): Uint8Array {
  const chars = [...text.replace(IGNORED, '').toUpperCase()].map((c) => ALIASES[c] ?? c);
  const expected = checkedCodeLength(byteLength);
  if (chars.length !== expected) {
    throw new CodeError('length', `expected ${expected} characters, got ${chars.length}`);
  }
  const symbols = chars.map((c) => ALPHABET.indexOf(c));
  const bad = symbols.indexOf(-1);
  if (bad !== -1) {
    throw new CodeError('character', `character ${bad + 1} is not a letter or digit used in these codes`);
  }
  const payload = symbols.slice(0, payloadChars(byteLength));
  const check = checkSymbols([...domainSymbols(domain), ...payload]);
  if (check.some((c, i) => c !== symbols[payload.length + i])) throw new CodeError('checksum', 'a character is mistyped');
  return symbolsToBytes(payload, byteLength);
}
