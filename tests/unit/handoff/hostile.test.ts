import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BundleError, encryptBundle, openBundle, type BundleErrorReason, type OpenOptions } from '../../../src/core/handoff';
import {
  concat,
  csvFor,
  DAY,
  entries,
  forge,
  json,
  NOW,
  openArchive,
  openOptions,
  party,
  rawZip,
  refusal,
  samplePayload,
  sealedArchive,
  signer,
  utf8,
  zipOf,
  type Party,
  type RawEntry,
  type Signer,
} from './helpers';

/*
 * The hostile corpus (docs/threat-model.md, adversaries A3 and A5): every file here is generated in the test and must be refused
 * with its exact reason, and nothing but a BundleError may ever come out of openBundle.
 */

let org: Signer;
let partner: Party;
let other: Party;
let archive: Uint8Array;
let bundle: Uint8Array;

beforeAll(async () => {
  org = await signer();
  partner = await party();
  other = await party();
  archive = await sealedArchive({ from: org, to: [partner, other] });
  // Two stanzas: partner's first, then other's.
  bundle = await encryptBundle(archive, [partner.recipient, other.recipient]);
});

const open = (bytes: Uint8Array, extra: Partial<OpenOptions> = {}) => openBundle(bytes, openOptions(partner, org, extra));
const reasonOf = async (bytes: Uint8Array, extra: Partial<OpenOptions> = {}) => (await refusal(open(bytes, extra))).reason;
const refuseArchive = (hostile: Uint8Array, extra: Partial<OpenOptions> = {}) => refusal(openArchive(hostile, partner, org, extra));

/** Byte ranges of the age header: intro line, each stanza (argument line + body), MAC line. */
function ageLayout(file: Uint8Array) {
  const text = new TextDecoder('latin1').decode(file.subarray(0, 2000));
  const headerEnd = text.indexOf('\n', text.indexOf('\n--- ') + 1) + 1;
  const lines: [number, number, string][] = [];
  for (let at = 0; at < headerEnd; ) {
    const end = text.indexOf('\n', at) + 1;
    lines.push([at, end, text.slice(at, end)]);
    at = end;
  }
  const stanzas: [number, number][] = [];
  for (const [start, end, line] of lines) {
    if (line.startsWith('-> ')) stanzas.push([start, end]);
    else if (!line.startsWith('--- ') && stanzas.length > 0 && start > (lines[0]?.[1] ?? 0)) {
      const last = stanzas[stanzas.length - 1]!;
      last[1] = end;
    }
  }
  const [intro] = lines;
  const mac = lines[lines.length - 1]!;
  return { intro: [intro![0], intro![1]] as const, stanzas, mac: [mac[0], mac[1]] as const, headerEnd };
}

const flip = (bytes: Uint8Array, at: number, mask: number) => {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ mask;
  return copy;
};

describe('the age layer', () => {
  it('the baseline bundle opens', async () => {
    await expect(open(bundle)).resolves.toBeTruthy();
  });

  it('a flipped byte anywhere is refused: damaged, or wrong-recipient only inside our own stanza', async () => {
    const layout = ageLayout(bundle);
    expect(layout.stanzas).toHaveLength(2);
    const ranges: [string, number, number, BundleErrorReason[]][] = [
      ['intro line', ...layout.intro, ['damaged']],
      // Our stanza cannot tell "altered" from "for someone else": age stanzas carry no recipient id.
      ['our stanza', ...layout.stanzas[0]!, ['wrong-recipient', 'damaged']],
      // The other recipient's stanza still lets us unwrap the key, and then the header MAC fails.
      ['other stanza', ...layout.stanzas[1]!, ['damaged']],
      ['MAC line', ...layout.mac, ['damaged']],
      ['payload nonce', layout.headerEnd, layout.headerEnd + 16, ['damaged']],
      ['payload start', layout.headerEnd + 16, layout.headerEnd + 80, ['damaged']],
      ['payload middle', (bundle.length >> 1) - 32, (bundle.length >> 1) + 32, ['damaged']],
      ['payload end (tag)', bundle.length - 32, bundle.length, ['damaged']],
    ];
    const seen = new Map<string, Set<BundleErrorReason>>();
    for (const [name, start, end, allowed] of ranges) {
      for (let at = start; at < end; at++) {
        for (const mask of [0x01, 0x80]) {
          const reason = await reasonOf(flip(bundle, at, mask));
          expect(allowed, `${name}: byte ${at} ^ ${mask} gave ${reason}`).toContain(reason);
          seen.set(name, (seen.get(name) ?? new Set()).add(reason));
        }
      }
    }
    expect([...(seen.get('our stanza') ?? [])].sort()).toEqual(['damaged', 'wrong-recipient']);
    // And a sample across the whole file.
    for (let at = layout.headerEnd; at < bundle.length; at += 97) expect(await reasonOf(flip(bundle, at, 0x10))).toBe('damaged');
  });

  it('truncation at any length is damaged', async () => {
    const { headerEnd } = ageLayout(bundle);
    const lengths = new Set<number>([0, 1, 5, 21, 22, headerEnd - 1, headerEnd, headerEnd + 15, headerEnd + 16, headerEnd + 17, bundle.length - 1, bundle.length - 16, bundle.length - 17]);
    for (let n = 0; n < headerEnd; n += 3) lengths.add(n);
    for (let n = headerEnd; n < bundle.length; n += 61) lengths.add(n);
    for (const n of lengths) expect(await reasonOf(bundle.subarray(0, n)), `truncated to ${n}`).toBe('damaged');
  });

  it('appended bytes, random bytes, armored or plain archives are damaged', async () => {
    expect(await reasonOf(concat(bundle, new Uint8Array([0])))).toBe('damaged');
    expect(await reasonOf(crypto.getRandomValues(new Uint8Array(4096)))).toBe('damaged');
    expect(await reasonOf(archive)).toBe('damaged');
    const armored = utf8(`-----BEGIN AGE ENCRYPTED FILE-----\n${Buffer.from(bundle).toString('base64')}\n-----END AGE ENCRYPTED FILE-----\n`);
    expect(await reasonOf(armored)).toBe('damaged');
  });

  it('a bundle for someone else is wrong-recipient', async () => {
    const stranger = await party();
    expect(await refusal(openBundle(bundle, openOptions(stranger, org)))).toEqual({
      reason: 'wrong-recipient',
      message: 'the bundle is not encrypted to your key (or its header was altered)',
    });
  });

  it('size is checked first, before decrypting', async () => {
    const stranger = await party();
    const limits = { maxBytes: bundle.length - 1 };
    expect(await refusal(openBundle(bundle, openOptions(stranger, org, { limits })))).toEqual({
      reason: 'too-large',
      message: `the bundle is larger than ${bundle.length - 1} bytes`,
    });
    await expect(open(bundle, { limits: { maxBytes: bundle.length } })).resolves.toBeTruthy();
  });

  it('random mutations are refused with a BundleError, or change nothing that was signed (property)', async () => {
    const original = await open(bundle);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), async (edits) => {
        const copy = bundle.slice();
        for (const [at, mask] of edits) copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ mask;
        let opened: Awaited<ReturnType<typeof open>>;
        try {
          opened = await open(copy);
        } catch (error) {
          expect(error).toBeInstanceOf(BundleError);
          return;
        }
        // age-encryption decodes stanza base64 leniently (unused trailing bits), and its header MAC is
        // over the re-encoded header: such a flip opens, but to exactly the signed content.
        expect(opened.manifest).toEqual(original.manifest);
        expect(opened.files).toEqual(original.files);
      }),
      { numRuns: 150 },
    );
  });
});

describe('signature and manifest', () => {
  it('a bundle signed by an unpinned key is unknown-signer, even with a matching key id claim', async () => {
    const stranger = await signer();
    const { message, reason } = await refuseArchive(await sealedArchive({ from: stranger, to: [partner] }));
    expect(reason).toBe('unknown-signer');
    expect(message).toMatch(/^signed by key [0-9A-F]{16}, which is not among the trusted keys: pin the sender's public key/);
    // A stranger who copies our key id gets bad-signature, not acceptance.
    const impostor = { keyId: org.secretKey.keyId, secretKey: stranger.secretKey.secretKey };
    const forged = await forge(await sealedArchive({ from: org, to: [partner] }), impostor);
    expect((await refuseArchive(zipOf(forged))).reason).toBe('bad-signature');
  });

  it('a signature over a different manifest is bad-signature', async () => {
    const a = entries(await sealedArchive({ from: org, to: [partner] }));
    const b = entries(await sealedArchive({ from: org, to: [partner] }));
    a.set('manifest.json.minisig', b.get('manifest.json.minisig')!);
    expect((await refuseArchive(zipOf(a))).reason).toBe('bad-signature');
  });

  it('an edited manifest or trusted comment is bad-signature', async () => {
    const files = entries(await sealedArchive({ from: org, to: [partner] }));
    const manifest = new TextDecoder().decode(files.get('manifest.json'));
    files.set('manifest.json', utf8(manifest.replace(/"expires": "[^"]+"/, '"expires": "2099-01-01T00:00:00.000Z"')));
    expect((await refuseArchive(zipOf(files))).reason).toBe('bad-signature');
    const again = entries(await sealedArchive({ from: org, to: [partner] }));
    const sig = new TextDecoder().decode(again.get('manifest.json.minisig'));
    again.set('manifest.json.minisig', utf8(sig.replace('trusted comment: timestamp:', 'trusted comment: timestamp:1')));
    expect(await refuseArchive(zipOf(again))).toEqual({ reason: 'bad-signature', message: 'the manifest signature is invalid: trusted comment signature verification failed' });
    const garbled = entries(await sealedArchive({ from: org, to: [partner] }));
    garbled.set('manifest.json.minisig', utf8('not a signature'));
    expect((await refuseArchive(zipOf(garbled))).reason).toBe('bad-signature');
    garbled.set('manifest.json.minisig', new Uint8Array([0xff, 0xfe, 0x00]));
    expect(await refuseArchive(zipOf(garbled))).toEqual({ reason: 'bad-signature', message: 'the manifest signature is invalid: signature file is not valid UTF-8' });
  });

  it('a payload file that does not match its signed hash is bad-signature', async () => {
    const files = entries(await sealedArchive({ from: org, to: [partner] }));
    const payload = samplePayload(4);
    files.set('people.json', json(payload));
    files.set('people.csv', csvFor(payload));
    expect(await refuseArchive(zipOf(files))).toEqual({ reason: 'bad-signature', message: 'people.json does not match the signed manifest (hash mismatch)' });
  });

  it('a file the manifest does not list is bad-signature; a listed file missing is invalid-content', async () => {
    const files = entries(await sealedArchive({ from: org, to: [partner] }));
    files.set('run.sh', utf8('#!/bin/sh\n'));
    expect(await refuseArchive(zipOf(files))).toEqual({ reason: 'bad-signature', message: 'run.sh is not covered by the signed manifest' });
    files.delete('run.sh');
    files.delete('people.csv');
    expect(await refuseArchive(zipOf(files))).toEqual({ reason: 'invalid-content', message: 'people.csv is listed in the manifest but missing' });
  });

  it('missing manifest or signature is invalid-content', async () => {
    const files = entries(await sealedArchive({ from: org, to: [partner] }));
    const withoutSig = new Map(files);
    withoutSig.delete('manifest.json.minisig');
    expect(await refuseArchive(zipOf(withoutSig))).toEqual({ reason: 'invalid-content', message: 'the bundle has no manifest.json.minisig' });
    files.delete('manifest.json');
    expect(await refuseArchive(zipOf(files))).toEqual({ reason: 'invalid-content', message: 'the bundle has no manifest.json' });
  });

  it('a newer format version is unsupported-version (checked before the schema)', async () => {
    const files = await forge(await sealedArchive({ from: org, to: [partner] }), org.secretKey, {
      edit: (m) => ({ ...m, formatVersion: 3, somethingNew: true }),
    });
    expect(await refuseArchive(zipOf(files))).toEqual({
      reason: 'unsupported-version',
      message: 'bundle format version 3 is not supported (this build reads versions 1 and 2)',
    });
  });

  it('signed but invalid manifests are invalid-content', async () => {
    const base = await sealedArchive({ from: org, to: [partner] });
    const cases: [(m: Record<string, unknown>) => unknown, RegExp][] = [
      [(m) => ({ ...m, extra: 1 }), /^manifest\.json: Unrecognized key/],
      [(m) => ({ ...m, format: 'other' }), /^manifest\.json is not a waystation-handoff manifest$/],
      [(m) => ({ ...m, expires: m.created }), /^manifest\.json: expires: expires must be after created$/],
      [(m) => ({ ...m, sender: { ...(m.sender as object), keyId: '0000000000000000' } }), /names a different sender key/],
      [(m) => ({ ...m, sender: { ...(m.sender as object), fingerprint: '0'.repeat(32) } }), /names a different sender key/],
      [(m) => ({ ...m, counts: { people: 2 } }), /^the manifest counts 2 people but people\.json has 3$/],
      [() => [], /^manifest\.json is not a waystation-handoff manifest$/],
    ];
    for (const [edit, message] of cases) {
      const { reason, message: got } = await refuseArchive(zipOf(await forge(base, org.secretKey, { edit })));
      expect(reason).toBe('invalid-content');
      expect(got).toMatch(message);
    }
  });

  it('a bundle signed for someone else and re-encrypted to us is wrong-recipient (surreptitious forwarding)', async () => {
    const forOther = await sealedArchive({ from: org, to: [other] });
    expect(await refuseArchive(forOther)).toEqual({
      reason: 'wrong-recipient',
      message: 'the sender signed this bundle for someone else; it was re-encrypted to you',
    });
  });

  it('expired at the expiry instant, not a millisecond before', async () => {
    const expires = new Date(NOW.getTime() + DAY);
    const stale = await sealedArchive({ from: org, to: [partner], created: NOW, expires });
    expect(await refuseArchive(stale, { now: expires })).toEqual({ reason: 'expired', message: `the bundle expired on ${expires.toISOString()}` });
    await expect(openArchive(stale, partner, org, { now: new Date(expires.getTime() - 1) })).resolves.toBeTruthy();
  });

  it('an already imported bundle is replayed (sync or async lookup); expiry is checked first', async () => {
    const files = entries(archive);
    const bundleId = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))).bundleId as string;
    expect(await refusal(open(bundle, { alreadyImported: (id) => id === bundleId }))).toEqual({ reason: 'replayed', message: `bundle ${bundleId} was already imported` });
    expect((await refusal(open(bundle, { alreadyImported: async (id) => id === bundleId }))).reason).toBe('replayed');
    expect((await refusal(open(bundle, { alreadyImported: () => true, now: new Date(NOW.getTime() + 365 * DAY) }))).reason).toBe('expired');
  });
});

describe('archive safety', () => {
  let valid: Map<string, Uint8Array>;
  beforeAll(async () => {
    valid = entries(await sealedArchive({ from: org, to: [partner] }));
  });
  const withEntry = (entry: RawEntry) => zipOf(valid, (list) => [...list, entry]);

  it.each([
    ['../people.json', 'entry "../people.json" points outside the archive'],
    ['../../../../home/u/.bashrc', 'entry "../../../../home/u/.bashrc" points outside the archive'],
    ['/etc/cron.d/x', 'entry "/etc/cron.d/x" has an absolute path'],
    ['\\\\server\\share', 'entry "\\\\server\\share" has an absolute path'],
    ['C:\\Users\\x', 'entry "C:\\Users\\x" has an absolute path'],
    ['docs/people.json', 'entry "docs/people.json" is in a folder; bundles hold top-level files only'],
    ['.hidden', 'entry name ".hidden" is not allowed'],
    ['', 'entry name "" is not allowed'],
  ])('refuses the entry name %j', async (name, message) => {
    expect(await refuseArchive(withEntry({ name, data: utf8('x') }))).toEqual({ reason: 'invalid-content', message: `archive: ${message}` });
  });

  it('refuses symlinks, directories and other non-regular files', async () => {
    const cases: [RawEntry, string][] = [
      [{ name: 'link', data: utf8('/etc/passwd'), external: 0o120777 * 0x10000 }, 'entry link is a symbolic link'],
      [{ name: 'dir', data: new Uint8Array(), external: 0o040755 * 0x10000 }, 'entry dir is not a regular file'],
      [{ name: 'fifo', data: new Uint8Array(), external: 0o010644 * 0x10000 }, 'entry fifo is not a regular file'],
      [{ name: 'dosdir', data: new Uint8Array(), host: 0, external: 0x10 }, 'entry dosdir is not a regular file'],
      [{ name: 'ntfs', data: utf8('x'), host: 10 }, 'entry ntfs comes from an unsupported system (10)'],
    ];
    for (const [entry, message] of cases) expect(await refuseArchive(withEntry(entry))).toEqual({ reason: 'invalid-content', message: `archive: ${message}` });
  });

  it('refuses duplicate entries, also when they differ only in case', async () => {
    for (const name of ['people.json', 'People.JSON']) {
      expect(await refuseArchive(withEntry({ name, data: utf8('{}') }))).toEqual({ reason: 'invalid-content', message: `archive: entry ${name} appears more than once` });
    }
  });

  it('refuses too many entries', async () => {
    const many = rawZip(Array.from({ length: 17 }, (_, i) => ({ name: `f${i}`, data: utf8('x') })));
    expect(await refuseArchive(many)).toEqual({ reason: 'invalid-content', message: 'archive: 17 entries, at most 16 allowed' });
  });

  it('refuses zip features outside the format subset', async () => {
    const unicodePath = concat(new Uint8Array([0x75, 0x70, 0x06, 0x00, 0x01, 0, 0, 0, 0, 0x78]));
    const cases: [RawEntry, string][] = [
      [{ name: 'a', data: utf8('x'), extra: unicodePath }, 'entry a has extra fields or a comment'],
      [{ name: 'a', data: utf8('x'), flags: 0x0008 }, 'entry a uses unsupported zip features (flags 0x8)'],
      [{ name: 'a', data: utf8('x'), flags: 0x0001 }, 'entry a uses unsupported zip features (flags 0x1)'],
      [{ name: new Uint8Array([0x70, 0xc3, 0xa9, 0x1b]), data: utf8('x'), flags: 0x0800 }, 'entry name "p???" is not plain ASCII'],
    ];
    for (const [entry, message] of cases) expect(await refuseArchive(withEntry(entry))).toEqual({ reason: 'invalid-content', message: `archive: ${message}` });
    const bzip = withEntry({ name: 'a', data: utf8('x'), method: 0 });
    new DataView(bzip.buffer).setUint16(bzip.length - 22 - (46 + 1) + 10, 12, true);
    expect((await refuseArchive(bzip)).message).toBe('archive: entry a uses unsupported compression method 12');
    const commented = rawZip([...valid].map(([name, data]) => ({ name, data })), utf8('hello'));
    expect((await refuseArchive(commented)).reason).toBe('damaged');
  });

  it('refuses structural damage inside a validly encrypted file as damaged', async () => {
    const good = zipOf(valid);
    expect((await refuseArchive(zipOf(valid, (l) => l.map((e) => (e.name === 'people.json' ? { ...e, crc: 1 } : e))))).message).toBe('archive: people.json fails its CRC check');
    expect((await refuseArchive(good.subarray(0, good.length - 1))).reason).toBe('damaged');
    expect((await refuseArchive(good.subarray(1))).reason).toBe('damaged');
    expect((await refuseArchive(new Uint8Array())).reason).toBe('damaged');
    const shorter = zipOf(valid, (l) => l.map((e) => (e.name === 'people.csv' ? { ...e, size: e.data.length + 5 } : e)));
    expect((await refuseArchive(shorter)).message).toBe('archive: people.csv is shorter than declared');
    const notDeflate = zipOf(valid, (l) => l.map((e) => (e.name === 'people.csv' ? { ...e, method: 0 as const, size: e.data.length + 1 } : e)));
    expect((await refuseArchive(notDeflate)).message).toBe('archive: stored entry people.csv has inconsistent sizes');
  });

  it('refuses overlapping entries (the non-recursive zip bomb trick)', async () => {
    const inner = rawZip([{ name: 'people.csv', data: utf8('x'.repeat(100)), method: 0 }]);
    const innerLocal = inner.subarray(0, 30 + 'people.csv'.length + 100);
    const overlapping = rawZip([
      { name: 'people.json', data: innerLocal, method: 0 },
      { name: 'people.csv', data: utf8('x'.repeat(100)), method: 0, at: 30 + 'people.json'.length },
    ]);
    expect(await refuseArchive(overlapping)).toEqual({ reason: 'invalid-content', message: 'archive: entries overlap' });
  });

  it('refuses decompression bombs: honest sizes over the cap, and sizes that lie', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const limits = { maxUnpackedBytes: 4 * 1024 * 1024 };
    const honest = withEntry({ name: 'bomb', data: zeros });
    expect(await refuseArchive(honest, { limits })).toEqual({ reason: 'too-large', message: 'archive unpacks to more than 4194304 bytes' });
    const lying = withEntry({ name: 'bomb', data: zeros, size: 100 });
    expect(await refuseArchive(lying)).toEqual({ reason: 'too-large', message: 'archive: bomb expands beyond its declared size (decompression bomb?)' });
  });
});

describe('JSON safety, behind a valid signature', () => {
  let base: Uint8Array;
  beforeAll(async () => {
    base = await sealedArchive({ from: org, to: [partner] });
  });
  const withPeople = async (people: Uint8Array) => refuseArchive(zipOf(await forge(base, org.secretKey, { people })));

  it('deeply nested people.json', async () => {
    expect(await withPeople(utf8(`{"people":${'['.repeat(5000)}${']'.repeat(5000)}}`))).toEqual({
      reason: 'invalid-content',
      message: 'people.json is nested deeper than 16 levels',
    });
  });

  it('huge manifest.json', async () => {
    const files = await forge(base, org.secretKey, { edit: (m) => ({ ...m, padding: ' '.repeat(70_000) }) });
    expect(await refuseArchive(zipOf(files))).toEqual({ reason: 'invalid-content', message: 'manifest.json is larger than 65536 bytes' });
  });

  it('huge people.json is stopped by the unpacked-size cap', async () => {
    const huge = utf8(`{"people":[],"pad":"${'x'.repeat(2_000_000)}"}`);
    const files = await forge(base, org.secretKey, { people: huge });
    expect((await refuseArchive(zipOf(files), { limits: { maxUnpackedBytes: 1_000_000 } })).reason).toBe('too-large');
  });

  it('__proto__, constructor and prototype keys', async () => {
    const person = samplePayload(1).people[0]!;
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const text = `{"people":[${JSON.stringify(person).replace(/^\{/, `{"${key}":{"isAdmin":true},`)}]}`;
      expect(await withPeople(utf8(text))).toEqual({ reason: 'invalid-content', message: `people.json contains the forbidden key "${key}"` });
    }
    const manifest = await forge(base, org.secretKey, { edit: (m) => JSON.parse(JSON.stringify(m).replace(/^\{/, '{"__proto__":{"x":1},')) });
    expect(await refuseArchive(zipOf(manifest))).toEqual({ reason: 'invalid-content', message: 'manifest.json contains the forbidden key "__proto__"' });
  });

  it('invalid UTF-8 in people.json and in manifest.json', async () => {
    const text = json(samplePayload(1));
    const bad = concat(text.subarray(0, 20), new Uint8Array([0xc0, 0xaf]), text.subarray(20));
    expect(await withPeople(bad)).toEqual({ reason: 'invalid-content', message: 'people.json is not valid UTF-8' });
    const manifestBytes = concat(utf8('{"format":"waystation-handoff","x":"'), new Uint8Array([0xed, 0xa0, 0x80]), utf8('"}'));
    const files = await forge(base, org.secretKey, { manifestBytes });
    expect(await refuseArchive(zipOf(files))).toEqual({ reason: 'invalid-content', message: 'manifest.json is not valid UTF-8' });
  });

  it('a payload that breaks the schema, its declared profile, or its CSV twin', async () => {
    const person = samplePayload(1).people[0]!;
    expect((await withPeople(json({ people: [{ ...person, alias: '' }] }))).message).toMatch(/^people\.json: people\[0\]\.alias: /);
    const withName = { people: [{ ...person, legalName: 'Real Name' }] };
    const files = await forge(base, org.secretKey, { people: json(withName), csv: csvFor(withName) });
    expect(await refuseArchive(zipOf(files))).toEqual({ reason: 'invalid-content', message: 'people[0].legalName is not allowed by the export profile' });
    const csvLies = await forge(base, org.secretKey, { csv: utf8('alias\r\nsomeone else\r\n') });
    expect(await refuseArchive(zipOf(csvLies))).toEqual({ reason: 'invalid-content', message: 'people.csv does not match people.json' });
  });
});
