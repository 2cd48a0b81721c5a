import { Inflate, zipSync, type Zippable } from 'fflate';
import { BundleError } from './errors';

/*
 * Bundles use a deliberately small subset of zip: top-level regular files, stored or deflated, no
 * extra fields, comments, data descriptors, encryption or zip64. The reader accepts only that subset, so
 * it and a partner's `unzip` cannot disagree about what the archive holds (e.g. through the Info-ZIP
 * Unicode-path extra field, which renames entries for unzip only).
 */

export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxUnpackedBytes: number;
}

const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const UNIX_HOST = 3;
const DOS_HOST = 0;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const INFLATE_STEP = 4096;

/** Deflated entries, Unix mode 0600 so `unzip` extracts them private to the partner. */
export function writeZip(files: readonly (readonly [string, Uint8Array])[], mtime: Date): Uint8Array {
  const entries: Zippable = {};
  for (const [name, data] of files) {
    if (!ENTRY_NAME.test(name)) throw new Error(`invalid archive entry name: ${name}`);
    entries[name] = data;
  }
  return zipSync(entries, { level: 6, os: UNIX_HOST, attrs: (S_IFREG | 0o600) * 0x10000, mtime });
}

interface CentralEntry {
  readonly name: string;
  readonly nameBytes: Uint8Array;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** Reads an untrusted archive: every structural or policy violation is a BundleError, never a crash. */
export function readZip(bytes: Uint8Array, limits: ZipLimits): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const damaged = (message: string) => new BundleError('damaged', `archive: ${message}`);
  const invalid = (message: string) => new BundleError('invalid-content', `archive: ${message}`);

  const eocd = bytes.length - 22;
  if (eocd < 0 || u32(eocd) !== 0x06054b50) throw damaged('no zip end record where one must be');
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== count || u16(eocd + 20) !== 0) {
    throw invalid('multi-part archives and archive comments are not supported');
  }
  if (count > limits.maxEntries) throw invalid(`${count} entries, at most ${limits.maxEntries} allowed`);
  if (cdOffset + cdSize !== eocd) throw damaged('central directory is not where the end record says');

  const entries: CentralEntry[] = [];
  const seen = new Set<string>();
  let declaredTotal = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(p) !== 0x02014b50) throw damaged('central directory entry is malformed');
    const nameLength = u16(p + 28);
    const extraLength = u16(p + 30);
    const commentLength = u16(p + 32);
    if (p + 46 + nameLength + extraLength + commentLength > eocd) throw damaged('central directory entry overruns the directory');
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    const name = entryName(nameBytes);
    const host = u16(p + 4) >> 8;
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const compressedSize = u32(p + 20);
    const size = u32(p + 24);
    const external = u32(p + 38);
    if (extraLength !== 0 || commentLength !== 0) throw invalid(`entry ${name} has extra fields or a comment`);
    if ((flags & ~0x0800) !== 0) throw invalid(`entry ${name} uses unsupported zip features (flags 0x${flags.toString(16)})`);
    if (method !== 0 && method !== 8) throw invalid(`entry ${name} uses unsupported compression method ${method}`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || u16(p + 34) !== 0) throw invalid(`entry ${name} uses zip64 or multiple disks`);
    if (host !== DOS_HOST && host !== UNIX_HOST) throw invalid(`entry ${name} comes from an unsupported system (${host})`);
    const type = host === UNIX_HOST ? (external >>> 16) & S_IFMT : 0;
    if (type === S_IFLNK) throw invalid(`entry ${name} is a symbolic link`);
    if ((type !== 0 && type !== S_IFREG) || (external & 0x18) !== 0) throw invalid(`entry ${name} is not a regular file`);
    assertSafeName(name, invalid);
    const folded = name.toLowerCase();
    if (seen.has(folded)) throw invalid(`entry ${name} appears more than once`);
    seen.add(folded);
    if (method === 0 && compressedSize !== size) throw damaged(`stored entry ${name} has inconsistent sizes`);
    declaredTotal += size;
    if (declaredTotal > limits.maxUnpackedBytes) throw new BundleError('too-large', `archive unpacks to more than ${limits.maxUnpackedBytes} bytes`);
    entries.push({ name, nameBytes, flags, method, crc: u32(p + 16), compressedSize, size, localOffset: u32(p + 42) });
    p += 46 + nameLength;
  }
  if (p !== eocd) throw damaged('central directory has trailing bytes');

  const spans: [number, number, CentralEntry][] = entries.map((e) => {
    const at = e.localOffset;
    if (at + 30 > cdOffset || u32(at) !== 0x04034b50) throw damaged(`local header of ${e.name} is missing`);
    const nameLength = u16(at + 26);
    const sameHeader =
      u16(at + 6) === e.flags &&
      u16(at + 8) === e.method &&
      u32(at + 14) === e.crc &&
      u32(at + 18) === e.compressedSize &&
      u32(at + 22) === e.size &&
      u16(at + 28) === 0 &&
      nameLength === e.nameBytes.length &&
      bytes.subarray(at + 30, at + 30 + nameLength).every((b, i) => b === e.nameBytes[i]);
    if (!sameHeader) throw damaged(`local header of ${e.name} disagrees with the central directory`);
    const end = at + 30 + nameLength + e.compressedSize;
    if (end > cdOffset) throw damaged(`data of ${e.name} overruns the archive`);
    return [at, end, e];
  });
  // Overlapping entries are how non-recursive zip bombs reuse one compressed stream many times.
  const ordered = [...spans].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ordered.length; i++) {
    if ((ordered[i]?.[0] ?? 0) < (ordered[i - 1]?.[1] ?? 0)) throw invalid('entries overlap');
  }

  const files = new Map<string, Uint8Array>();
  for (const [, end, e] of spans) {
    const data = bytes.subarray(end - e.compressedSize, end);
    const content = e.method === 0 ? data.slice() : inflateExactly(data, e.size, e.name);
    if (crc32(content) !== e.crc) throw damaged(`${e.name} fails its CRC check`);
    files.set(e.name, content);
  }
  return files;
}

function entryName(raw: Uint8Array): string {
  // Names are plain ASCII in this format; anything else is refused, and never echoed raw to a terminal.
  const name = String.fromCharCode(...raw);
  if (raw.some((b) => b < 0x20 || b > 0x7e)) {
    throw new BundleError('invalid-content', `archive: entry name "${name.replace(/[^\x20-\x7e]/g, '?')}" is not plain ASCII`);
  }
  return name;
}

function assertSafeName(name: string, invalid: (message: string) => BundleError): void {
  if (ENTRY_NAME.test(name)) return;
  if (/^[/\\]|^[A-Za-z]:/.test(name)) throw invalid(`entry "${name}" has an absolute path`);
  if (name.split(/[/\\]/).includes('..')) throw invalid(`entry "${name}" points outside the archive`);
  if (/[/\\]/.test(name)) throw invalid(`entry "${name}" is in a folder; bundles hold top-level files only`);
  throw invalid(`entry name "${name}" is not allowed`);
}

/** Inflates in small steps so a lying size header can cost at most a few MB before it is caught. */
function inflateExactly(data: Uint8Array, size: number, name: string): Uint8Array {
  const out = new Uint8Array(size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > size) {
      throw new BundleError('too-large', `archive: ${name} expands beyond its declared size (decompression bomb?)`);
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    let offset = 0;
    do {
      const next = Math.min(offset + INFLATE_STEP, data.length);
      inflater.push(data.subarray(offset, next), next === data.length);
      offset = next;
    } while (offset < data.length);
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError('damaged', `archive: ${name} is not valid deflate data`);
  }
  if (written !== size) throw new BundleError('damaged', `archive: ${name} is shorter than declared`);
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
