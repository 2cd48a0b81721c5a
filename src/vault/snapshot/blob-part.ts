/**
 * A snapshot part that carries byte strings (sealed identities, wrapped keys, drafts) raw instead of
 * as base64 in JSON: decoding is one JSON.parse of the small rest and one view per byte string.
 *
 *   u32be(JSON length) || JSON || u32be(count) || count × u32be(length) || the byte strings, in order
 *
 * Nothing may follow the last byte string, so a part cut short or run on does not decode (the part is
 * authenticated as a whole; this only keeps a writer's mistake from being read as something else).
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface BlobPart {
  value: unknown;
  blobs: Uint8Array[];
}

export function encodeBlobPart(value: unknown, blobs: readonly Uint8Array[]): Uint8Array {
  const json = encoder.encode(JSON.stringify(value));
  let total = 8 + json.length + 4 * blobs.length;
  for (const b of blobs) total += b.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length);
  out.set(json, 4);
  let at = 4 + json.length;
  view.setUint32(at, blobs.length);
  at += 4;
  for (const b of blobs) {
    view.setUint32(at, b.length);
    at += 4;
  }
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/**
 * The part's value and its byte strings as views into `bytes` (no copy: the caller keeps them as
 * long as it keeps the part). Throws when the layout does not add up exactly.
 */
export function decodeBlobPart(bytes: Uint8Array): BlobPart {
  const fail = () => new RangeError('snapshot part is malformed');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) throw fail();
  const jsonEnd = 4 + view.getUint32(0);
  if (jsonEnd + 4 > bytes.length) throw fail();
  const value = JSON.parse(decoder.decode(bytes.subarray(4, jsonEnd))) as unknown;
  const count = view.getUint32(jsonEnd);
  let lengthAt = jsonEnd + 4;
  let blobAt = lengthAt + 4 * count;
  if (blobAt > bytes.length) throw fail();
  const blobs = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) {
    const end = blobAt + view.getUint32(lengthAt);
    blobs[i] = bytes.subarray(blobAt, end);
    lengthAt += 4;
    blobAt = end;
  }
  // Also where a string runs past the end: subarray stops at the end, blobAt does not.
  if (blobAt !== bytes.length) throw fail();
  return { value, blobs };
}
