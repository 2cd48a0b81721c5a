import { z } from 'zod';
import { fromBase64 } from '../core/crypto/bytes';
import { AppError } from '../core/errors';

/**
 * The plaintext of a page, in two formats told apart by the first byte (docs/architecture.md,
 * "Page format"). Both sit inside the same sealed envelope, so the format byte is authenticated.
 *
 *   1 (legacy, first byte `{`): JSON { from, to, records: [{ t, id, v?, del? }] }, sealed values as
 *     base64 strings. Every record is checked against its schema when read.
 *   2 (compact): byte 2 || u32be(header length) || header JSON || blob, where the header is
 *     { from, to, shapes, records } and each record a tuple:
 *       [t, id]                       a deletion
 *       [t, id, 0, value]             a value as JSON
 *       [t, id, 1, shape, ...values]  an object with the keys shapes[shape], values in that order
 *       [t, id, 2, offset, length]    bytes (a sealed value) at blob[offset, offset + length)
 *     Objects of one kind share a shape, so keys are stored once per page, not once per event, and
 *     sealed values are raw bytes instead of base64. Records in these pages were validated when
 *     written (the session writes nothing it has not checked), so a read checks only the page's
 *     structure.
 *
 *   encodePage(page) -> bytes (format 2);  decodePage(bytes) -> { page, format }, or throws PageFormatError
 */
export interface StoredRecord {
  t: string;
  id: string;
  /** JSON-like, or raw bytes for a sealed value read from a format-2 page. */
  v?: unknown;
  del?: true;
}

export interface Page {
  from: number;
  to: number;
  records: StoredRecord[];
}

export const LEGACY_FORMAT = 1;
export const COMPACT_FORMAT = 2;
export type PageFormat = typeof LEGACY_FORMAT | typeof COMPACT_FORMAT;

/** Kinds whose values are sealed bytes (base64 in format 1). */
const BYTE_KINDS: ReadonlySet<string> = new Set(['person', 'personKey', 'audit', 'orgKeys']);

const VALUE = 0;
const SHAPED = 1;
const BYTES = 2;

/** A page whose bytes do not decode: to the user, a damaged item like any failed integrity check. */
export class PageFormatError extends AppError {
  constructor(message: string) {
    super('integrity', message);
    this.name = 'PageFormatError';
  }
}

const LegacyPageSchema = z.strictObject({
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  records: z.array(
    z.strictObject({
      t: z.string().min(1).max(32),
      id: z.string().min(1).max(200),
      v: z.unknown().optional(),
      del: z.literal(true).optional(),
    }),
  ),
});

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Keys that must not become own properties through plain assignment. */
const shapeable = (keys: readonly string[]) => keys.every((k) => k !== '__proto__' && !k.includes('\u0000'));

export function encodePage(page: Page): Uint8Array {
  const shapes: string[][] = [];
  const shapeIndex = new Map<string, number>();
  const blobs: Uint8Array[] = [];
  let blobLength = 0;
  const records = page.records.map((r): unknown[] => {
    if (r.del) {
      if (r.v !== undefined) throw new TypeError('a deletion carries no value');
      return [r.t, r.id];
    }
    const v = r.v;
    if (v === undefined) throw new TypeError('a record without a value must be a deletion');
    if (BYTE_KINDS.has(r.t) && (typeof v === 'string' || v instanceof Uint8Array)) {
      const bytes = typeof v === 'string' ? fromBase64(v) : v;
      blobs.push(bytes);
      blobLength += bytes.length;
      return [r.t, r.id, BYTES, blobLength - bytes.length, bytes.length];
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) {
      // Keys with undefined values are left out, as JSON.stringify leaves them out.
      const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (shapeable(keys)) {
        const name = keys.join('\u0000');
        let index = shapeIndex.get(name);
        if (index === undefined) {
          index = shapes.push(keys) - 1;
          shapeIndex.set(name, index);
        }
        return [r.t, r.id, SHAPED, index, ...keys.map((k) => (v as Record<string, unknown>)[k])];
      }
    }
    return [r.t, r.id, VALUE, v];
  });
  const header = encoder.encode(JSON.stringify({ from: page.from, to: page.to, shapes, records }));
  const out = new Uint8Array(5 + header.length + blobLength);
  out[0] = COMPACT_FORMAT;
  out.set([header.length >>> 24, (header.length >>> 16) & 0xff, (header.length >>> 8) & 0xff, header.length & 0xff], 1);
  out.set(header, 5);
  let at = 5 + header.length;
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

export function decodePage(bytes: Uint8Array): { page: Page; format: PageFormat } {
  try {
    if (bytes[0] === 0x7b) return { page: LegacyPageSchema.parse(JSON.parse(decoder.decode(bytes))) as Page, format: LEGACY_FORMAT };
    if (bytes[0] === COMPACT_FORMAT) return { page: decodeCompact(bytes), format: COMPACT_FORMAT };
  } catch (error) {
    if (error instanceof PageFormatError) throw error;
    throw new PageFormatError('page content is malformed');
  }
  throw new PageFormatError('unknown page format');
}

function decodeCompact(bytes: Uint8Array): Page {
  if (bytes.length < 5) throw new PageFormatError('page is truncated');
  const headerLength = ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
  const blobStart = 5 + headerLength;
  if (blobStart > bytes.length) throw new PageFormatError('page is truncated');
  const header = JSON.parse(decoder.decode(bytes.subarray(5, blobStart))) as unknown;
  const blobLength = bytes.length - blobStart;
  if (!isObject(header) || !isSeq(header['from']) || !isSeq(header['to']) || !Array.isArray(header['shapes']) || !Array.isArray(header['records'])) {
    throw new PageFormatError('page header is malformed');
  }
  const shapes = header['shapes'] as unknown[];
  for (const s of shapes) if (!Array.isArray(s) || !s.every((k) => typeof k === 'string') || !shapeable(s as string[])) throw new PageFormatError('page shape is malformed');
  const records = (header['records'] as unknown[]).map((tuple): StoredRecord => {
    if (!Array.isArray(tuple) || !isText(tuple[0], 32) || !isText(tuple[1], 200)) throw new PageFormatError('page record is malformed');
    const t = tuple[0] as string;
    const id = tuple[1] as string;
    if (tuple.length === 2) return { t, id, del: true };
    const kind = tuple[2] as unknown;
    if (kind === VALUE && tuple.length === 4) return { t, id, v: tuple[3] };
    if (kind === SHAPED) {
      const keys = shapes[tuple[3] as number] as string[] | undefined;
      if (!Number.isInteger(tuple[3]) || !keys || tuple.length !== 4 + keys.length) throw new PageFormatError('page record is malformed');
      const v: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) v[keys[i]!] = tuple[4 + i];
      return { t, id, v };
    }
    if (kind === BYTES && tuple.length === 5) {
      const [offset, length] = [tuple[3] as number, tuple[4] as number];
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > blobLength) throw new PageFormatError('page record is malformed');
      // A copy, so a kept value does not hold the whole page in memory.
      return { t, id, v: bytes.slice(blobStart + offset, blobStart + offset + length) };
    }
    throw new PageFormatError('page record is malformed');
  });
  return { from: header['from'] as number, to: header['to'] as number, records };
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isSeq = (x: unknown) => Number.isSafeInteger(x) && (x as number) > 0;
const isText = (x: unknown, max: number) => typeof x === 'string' && x.length > 0 && x.length <= max;
