import { fromBase64 } from '../core/crypto/bytes';
import { AppError } from '../core/errors';

/**
 * The plaintext of a page, in two formats told apart by the first byte (docs/architecture.md,
 * "Page format"). Both sit inside the same sealed envelope, so the format byte is authenticated.
 *
 *   1 (first byte `{`): JSON { from, to, records: [{ t, id, v?, del? }] }, sealed values as base64
 *     strings. Written by earlier versions; every record is checked against its schema when read.
 *   2 (compact): byte 2 || u32be(header length) || header JSON || blob, where the header is
 *     { from, to, shapes, records } and each record a tuple:
 *       [t, id]                       a deletion
 *       [t, id, 0]                    a record without a value
 *       [t, id, 0, value]             a value as JSON
 *       [t, id, 1, shape, ...values]  an object with the keys shapes[shape], values in that order
 *       [t, id, 2, offset, length]    bytes (a sealed value) at blob[offset, offset + length)
 *     Objects of one kind share a shape, so keys are stored once per page, not once per event, and
 *     sealed values are raw bytes instead of base64. Every record in these pages was validated when
 *     written (page-log.ts), so a read checks only the page's structure and each record's kind.
 *
 *   encodePage(page) -> bytes (format 2);  decodePage(bytes) -> { page, format }, or throws PageFormatError
 */
export interface StoredRecord {
  t: string;
  id: string;
  /** JSON-like; a sealed value is base64 text when written or read from a format-1 page, bytes from a format-2 page. */
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

/** Kinds whose values are sealed bytes (base64 text in format 1). */
export const SEALED_KINDS: ReadonlySet<string> = new Set(['person', 'personKey', 'audit', 'orgKeys', 'draft']);

const VALUE = 0;
const SHAPED = 1;
const BYTES = 2;
const HEADER_AT = 5;
const MAX_KIND = 32;
const MAX_ID = 200;

/** A page whose bytes do not decode: to the user, a damaged item like any failed integrity check. */
export class PageFormatError extends AppError {
  constructor(message: string) {
    super('integrity', message);
    this.name = 'PageFormatError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Keys that plain assignment would not turn into own properties are kept as JSON instead. */
const shapeable = (keys: readonly string[]) => !keys.includes('__proto__');

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

export function encodePage(page: Page): Uint8Array {
  const shapes: string[][] = [];
  // Keyed by the keys' JSON, which tells every list of keys apart (joining them would not: [] and ['']).
  const shapeIndex = new Map<string, number>();
  const blobs: Uint8Array[] = [];
  let blobLength = 0;
  const records = page.records.map((r): unknown[] => {
    // What decodePage refuses is never written: one bad record would make the whole page unreadable.
    if (!isText(r.t, MAX_KIND) || !isText(r.id, MAX_ID)) throw new TypeError('a record needs a kind and an id');
    if (r.del) {
      if (r.v !== undefined) throw new TypeError('a deletion carries no value');
      return [r.t, r.id];
    }
    const v = r.v;
    if (v === undefined) return [r.t, r.id, VALUE];
    if (SEALED_KINDS.has(r.t) && (typeof v === 'string' || v instanceof Uint8Array)) {
      const bytes = typeof v === 'string' ? fromBase64(v) : v;
      blobs.push(bytes);
      blobLength += bytes.length;
      return [r.t, r.id, BYTES, blobLength - bytes.length, bytes.length];
    }
    if (isPlainObject(v)) {
      // Keys with undefined values are left out, as JSON.stringify leaves them out.
      const keys = Object.keys(v).filter((k) => v[k] !== undefined);
      if (shapeable(keys)) {
        const name = JSON.stringify(keys);
        let index = shapeIndex.get(name);
        if (index === undefined) {
          index = shapes.push(keys) - 1;
          shapeIndex.set(name, index);
        }
        const tuple: unknown[] = [r.t, r.id, SHAPED, index];
        for (const k of keys) tuple.push(v[k]);
        return tuple;
      }
    }
    return [r.t, r.id, VALUE, v];
  });
  const header = encoder.encode(JSON.stringify({ from: page.from, to: page.to, shapes, records }));
  const out = new Uint8Array(HEADER_AT + header.length + blobLength);
  out[0] = COMPACT_FORMAT;
  new DataView(out.buffer).setUint32(1, header.length);
  out.set(header, HEADER_AT);
  let at = HEADER_AT + header.length;
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The page's records and its format; anything else, including an unknown format, is a PageFormatError. */
export function decodePage(bytes: Uint8Array): { page: Page; format: PageFormat } {
  try {
    if (bytes[0] === 0x7b) return { page: decodeLegacy(JSON.parse(decoder.decode(bytes))), format: LEGACY_FORMAT };
    if (bytes[0] === COMPACT_FORMAT) return { page: decodeCompact(bytes), format: COMPACT_FORMAT };
  } catch (error) {
    if (error instanceof PageFormatError) throw error;
    throw new PageFormatError('page content is malformed');
  }
  throw new PageFormatError('unknown page format');
}

const malformed = () => new PageFormatError('page content is malformed');
const isSeq = (x: unknown) => Number.isSafeInteger(x) && (x as number) > 0;
const isText = (x: unknown, max: number): x is string => typeof x === 'string' && x.length > 0 && x.length <= max;
const LEGACY_RECORD_KEYS = new Set(['t', 'id', 'v', 'del']);

/** Format 1's shape, checked by hand: { from, to, records: [{ t, id, v?, del?: true }] } and nothing more. */
function decodeLegacy(json: unknown): Page {
  if (!isPlainObject(json) || Object.keys(json).length !== 3 || !isSeq(json['from']) || !isSeq(json['to']) || !Array.isArray(json['records'])) throw malformed();
  for (const r of json['records'] as unknown[]) {
    if (!isPlainObject(r) || !isText(r['t'], MAX_KIND) || !isText(r['id'], MAX_ID)) throw malformed();
    if (Object.keys(r).some((k) => !LEGACY_RECORD_KEYS.has(k)) || ('del' in r && r['del'] !== true)) throw malformed();
  }
  return json as unknown as Page;
}

function decodeCompact(bytes: Uint8Array): Page {
  if (bytes.length < HEADER_AT) throw new PageFormatError('page is truncated');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1);
  const blobStart = HEADER_AT + headerLength;
  if (blobStart > bytes.length) throw new PageFormatError('page is truncated');
  const header = JSON.parse(decoder.decode(bytes.subarray(HEADER_AT, blobStart))) as unknown;
  const blobLength = bytes.length - blobStart;
  if (!isPlainObject(header) || !isSeq(header['from']) || !isSeq(header['to']) || !Array.isArray(header['shapes']) || !Array.isArray(header['records'])) {
    throw new PageFormatError('page header is malformed');
  }
  const shapes = header['shapes'] as unknown[];
  for (const s of shapes) if (!Array.isArray(s) || !s.every((k) => typeof k === 'string') || !shapeable(s as string[])) throw new PageFormatError('page shape is malformed');
  const records = (header['records'] as unknown[]).map((tuple): StoredRecord => {
    if (!Array.isArray(tuple) || !isText(tuple[0], MAX_KIND) || !isText(tuple[1], MAX_ID)) throw malformed();
    const t = tuple[0];
    const id = tuple[1];
    if (tuple.length === 2) return { t, id, del: true };
    const kind = tuple[2] as unknown;
    if (kind === VALUE && tuple.length === 3) return { t, id };
    if (kind === VALUE && tuple.length === 4) return { t, id, v: tuple[3] };
    if (kind === SHAPED && Number.isInteger(tuple[3])) {
      const keys = shapes[tuple[3] as number] as string[] | undefined;
      if (!keys || tuple.length !== 4 + keys.length) throw malformed();
      const v: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) v[keys[i]!] = tuple[4 + i];
      return { t, id, v };
    }
    if (kind === BYTES && tuple.length === 5) {
      const [offset, length] = [tuple[3] as number, tuple[4] as number];
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > blobLength) throw malformed();
      // A copy, so a kept value does not hold the whole page in memory.
      return { t, id, v: bytes.slice(blobStart + offset, blobStart + offset + length) };
    }
    throw malformed();
  });
  return { from: header['from'] as number, to: header['to'] as number, records };
}
