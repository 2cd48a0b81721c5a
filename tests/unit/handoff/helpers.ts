import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { deflateSync } from 'fflate';
import { expect } from 'vitest';
import { generateMinisignKeyPair, signMinisign, type MinisignPublicKey, type MinisignSecretKey } from '../../../src/core/crypto/minisign';
import { loadSodium } from '../../../src/core/crypto/sodium';
import {
  BundleError,
  buildSignedArchive,
  encryptBundle,
  FORMAT_VERSION,
  MINIMAL_PROFILE,
  openBundle,
  peopleToCsv,
  type BundleErrorReason,
  type ExportProfile,
  type OpenOptions,
  type Payload,
} from '../../../src/core/handoff';
import { readZip } from '../../../src/core/handoff/zip';

export const DAY = 86_400_000;
export const NOW = new Date('2026-03-01T12:00:00.000Z');

export interface Party {
  readonly identity: string;
  readonly recipient: string;
}

export async function party(): Promise<Party> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export interface Signer {
  readonly publicKey: MinisignPublicKey;
  readonly secretKey: MinisignSecretKey;
}

export const signer = (): Promise<Signer> => generateMinisignKeyPair();

/** A manifest that the schema accepts, for tests that change one field of it. */
export function sampleManifest() {
  return {
    format: 'waystation-handoff',
    formatVersion: 2,
    bundleId: '0'.repeat(32),
    created: '2026-06-01T12:00:00.000Z',
    expires: '2026-06-08T12:00:00.000Z',
    sender: { name: 'Org', keyId: '0123456789ABCDEF', fingerprint: '0'.repeat(32) },
    recipients: ['0'.repeat(16)],
    profile: MINIMAL_PROFILE,
    counts: { people: 0 },
    files: [
      { name: 'people.json', size: 1, sha256: '0'.repeat(64) },
      { name: 'people.csv', size: 1, sha256: '0'.repeat(64) },
    ],
  };
}

export function samplePayload(count = 3): Payload {
  return {
    people: Array.from({ length: count }, (_, i) => ({
      alias: `Guest ${i + 1}`,
      birthYear: 1990 + (i % 20),
      languages: ['ru', 'en'],
      needs: ['housing', i % 2 === 0 ? 'medical' : 'legal'],
      staySummary: { arrived: '2026-01-10', departed: '2026-02-01', daysInShelter: 22 },
      outcome: 'resettled',
    })),
  };
}

export async function sealedArchive(options: {
  from: Signer;
  to: readonly Party[];
  payload?: unknown;
  profile?: ExportProfile;
  created?: Date;
  expires?: Date;
}): Promise<Uint8Array> {
  const { archive } = await buildSignedArchive({
    payload: options.payload ?? samplePayload(),
    manifestInfo: {
      senderName: 'Northern Lights Collective',
      recipients: options.to.map((p) => p.recipient),
      profile: options.profile ?? MINIMAL_PROFILE,
      created: options.created ?? new Date(NOW.getTime() - DAY),
      expires: options.expires ?? new Date(NOW.getTime() + 30 * DAY),
    },
    signingKey: options.from.secretKey,
  });
  return archive;
}

export function openOptions(to: Party, from: Signer, extra: Partial<OpenOptions> = {}): OpenOptions {
  return { identities: [to.identity], trustedSigners: [from.publicKey], now: NOW, alreadyImported: () => false, ...extra };
}

/** Runs openBundle and returns the refusal reason; fails the test on success or on any non-BundleError. */
export async function refusal(promise: Promise<unknown>): Promise<{ reason: BundleErrorReason; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof BundleError)) throw new Error(`expected a BundleError, got ${String(error)}`, { cause: error });
    expect(error.message).not.toMatch(/\n/);
    return { reason: error.reason, message: error.message };
  }
  throw new Error('expected a refusal, but the bundle opened');
}

export async function openArchive(archive: Uint8Array, to: Party, from: Signer, extra: Partial<OpenOptions> = {}) {
  return openBundle(await encryptBundle(archive, [to.recipient]), openOptions(to, from, extra));
}

export function entries(archive: Uint8Array): Map<string, Uint8Array> {
  return readZip(archive, { maxEntries: 64, maxUnpackedBytes: 1 << 30 });
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => utf8(`${JSON.stringify(v, null, 2)}\n`);

/**
 * Re-signs a (possibly altered) manifest with `key` after applying `edit` to its parsed form, and recomputes
 * the payload hashes for the given people.json / people.csv unless `keepHashes`. Lets a test put hostile
 * content behind a valid signature, which is what a compromised or malicious trusted sender could send.
 */
export async function forge(
  archive: Uint8Array,
  key: MinisignSecretKey,
  options: {
    people?: Uint8Array;
    csv?: Uint8Array;
    edit?: (manifest: Record<string, unknown>) => unknown;
    manifestBytes?: Uint8Array;
    keepHashes?: boolean;
  } = {},
): Promise<Map<string, Uint8Array>> {
  const files = entries(archive);
  const sodium = await loadSodium();
  const hex = (b: Uint8Array) => Buffer.from(sodium.crypto_hash_sha256(b)).toString('hex');
  if (options.people !== undefined) files.set('people.json', options.people);
  if (options.csv !== undefined) files.set('people.csv', options.csv);
  let manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Record<string, unknown>;
  if (!options.keepHashes) {
    manifest.files = ['people.json', 'people.csv'].map((name) => {
      const bytes = files.get(name) ?? new Uint8Array();
      return { name, size: bytes.length, sha256: hex(bytes) };
    });
  }
  if (options.edit) manifest = options.edit(manifest) as Record<string, unknown>;
  const manifestBytes = options.manifestBytes ?? json(manifest);
  files.set('manifest.json', manifestBytes);
  files.set('manifest.json.minisig', utf8(await signMinisign(manifestBytes, key, { trustedComment: 'timestamp:0\tfile:manifest.json' })));
  return files;
}

/** CSV matching a payload, for forged bundles whose people.json differs from the original. */
export const csvFor = (payload: Payload, profile: ExportProfile = MINIMAL_PROFILE) => peopleToCsv(payload, profile, FORMAT_VERSION);
export { json, utf8 };

export interface RawEntry {
  name: string | Uint8Array;
  data: Uint8Array;
  method?: 0 | 8;
  /** Overrides the uncompressed size written in the headers. */
  size?: number;
  crc?: number;
  host?: number;
  external?: number;
  flags?: number;
  extra?: Uint8Array;
  /** Points the directory entry at an existing local header instead of writing one (overlap tests). */
  at?: number;
}

/** A zip writer without safety rails, for building hostile archives byte by byte. */
export function rawZip(list: readonly RawEntry[], comment = new Uint8Array()): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of list) {
    const name = typeof e.name === 'string' ? utf8(e.name) : e.name;
    const method = e.method ?? 8;
    const body = method === 8 ? deflateSync(e.data) : e.data;
    const extra = e.extra ?? new Uint8Array();
    const crc = e.crc ?? crc32(e.data);
    const size = e.size ?? e.data.length;
    const central = new Uint8Array(46 + name.length + extra.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, ((e.host ?? 3) << 8) | 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, extra.length, true);
    cv.setUint32(38, e.external ?? 0o100600 * 0x10000, true);
    cv.setUint32(42, e.at ?? offset, true);
    central.set(name, 46);
    central.set(extra, 46 + name.length);
    centrals.push(central);
    if (e.at !== undefined) continue;
    const local = new Uint8Array(30 + name.length + extra.length + body.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, extra.length, true);
    local.set(name, 30);
    local.set(extra, 30 + name.length);
    local.set(body, 30 + name.length + extra.length);
    locals.push(local);
    offset += local.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22 + comment.length);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, list.length, true);
  ev.setUint16(10, list.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  ev.setUint16(20, comment.length, true);
  end.set(comment, 22);
  return concat(...locals, ...centrals, end);
}

export function zipOf(files: Map<string, Uint8Array>, change: (list: RawEntry[]) => RawEntry[] = (l) => l): Uint8Array {
  return rawZip(change([...files].map(([name, data]) => ({ name, data }))));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function crc32(data: Uint8Array): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** The interop tests need these binaries; a missing one fails loudly instead of skipping. */
export function requireBinaries(...names: string[]): void {
  for (const name of names) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
    if (!found) throw new Error(`${name} is not installed: the interop tests need it (CI installs age, minisign, unzip)`);
  }
}

export function tempDir(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'waystation-handoff-'));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export function run(cmd: string, args: readonly string[], options: { cwd?: string; input?: Uint8Array } = {}): Buffer {
  return execFileSync(cmd, args, { cwd: options.cwd, input: options.input, stdio: ['pipe', 'pipe', 'pipe'] });
}
