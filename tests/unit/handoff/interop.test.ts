import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMinisignPublicKey } from '../../../src/core/crypto/minisign';
import { encryptBundle, openBundle, type Manifest } from '../../../src/core/handoff';
import { NOW, openOptions, party, requireBinaries, run, sealedArchive, signer, tempDir, type Party, type Signer } from './helpers';

/* A partner must be able to do everything with standard tools (docs/threat-model.md §13). */

const dir = tempDir();
let org: Signer;
let partner: Party;
let archive: Uint8Array;
let bundle: Uint8Array;

beforeAll(async () => {
  requireBinaries('age', 'age-keygen', 'minisign', 'unzip', 'sha256sum');
  org = await signer();
  partner = await party();
  archive = await sealedArchive({ from: org, to: [partner] });
  bundle = await encryptBundle(archive, [partner.recipient]);
  writeFileSync(join(dir.path, 'partner.age'), `# test identity\n${partner.identity}\n`, { mode: 0o600 });
  writeFileSync(join(dir.path, 'org.minisign.pub'), encodeMinisignPublicKey(org.publicKey));
  writeFileSync(join(dir.path, 'bundle.age'), bundle);
});
afterAll(() => dir.cleanup());

describe('standard tools open our bundle', () => {
  it('`age -d -i` decrypts it to the signed zip', () => {
    const out = run('age', ['-d', '-i', join(dir.path, 'partner.age'), join(dir.path, 'bundle.age')]);
    expect(Buffer.compare(out, Buffer.from(archive))).toBe(0);
    writeFileSync(join(dir.path, 'bundle.zip'), out);
  });

  it('`unzip` lists, tests and extracts it, files private to the partner (0600)', () => {
    const zip = join(dir.path, 'bundle.zip');
    const listing = run('unzip', ['-Z1', zip]).toString().trim().split('\n');
    expect(listing).toEqual(['manifest.json', 'manifest.json.minisig', 'people.json', 'people.csv']);
    expect(run('unzip', ['-t', zip]).toString()).toContain('No errors detected');
    const out = join(dir.path, 'extracted');
    run('unzip', ['-q', zip, '-d', out]);
    for (const name of listing) expect(statSync(join(out, name)).mode & 0o777, name).toBe(0o600);
  });

  it('`minisign -Vm manifest.json -p SENDER.minisign.pub` verifies the manifest', () => {
    const out = join(dir.path, 'extracted');
    const result = run('minisign', ['-Vm', join(out, 'manifest.json'), '-p', join(dir.path, 'org.minisign.pub')]).toString();
    expect(result).toContain('Signature and comment signature verified');
    expect(result).toMatch(/Trusted comment: timestamp:\d+\tfile:manifest\.json\tbundle:[0-9a-f]{32}/);
  });

  it('`sha256sum` of the payload files matches the manifest', () => {
    const out = join(dir.path, 'extracted');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    const sums = run('sha256sum', ['people.json', 'people.csv'], { cwd: out }).toString();
    for (const file of manifest.files) expect(sums).toContain(`${file.sha256}  ${file.name}`);
  });

  it('a tampered manifest fails `minisign -V`', () => {
    const out = join(dir.path, 'extracted');
    const path = join(out, 'manifest.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"people": 3', '"people": 4'));
    expect(() => run('minisign', ['-Vm', path, '-p', join(dir.path, 'org.minisign.pub')])).toThrow(/Signature verification failed/);
  });
});

describe('our code opens what standard tools make', () => {
  it('a signed archive encrypted by `age -r` opens, and by `age -R` with a recipients file', async () => {
    const zip = join(dir.path, 'signed.zip');
    writeFileSync(zip, archive);
    const byR = run('age', ['-r', partner.recipient, zip]);
    writeFileSync(join(dir.path, 'recipients.txt'), `# partner\n${partner.recipient}\n`);
    const byFile = run('age', ['-R', join(dir.path, 'recipients.txt'), zip]);
    for (const file of [byR, byFile]) {
      const opened = await openBundle(new Uint8Array(file), openOptions(partner, org));
      expect(opened.payload.people).toHaveLength(3);
    }
  });

  it('an identity from `age-keygen` opens a bundle sealed to its recipient; a wrong one is wrong-recipient', async () => {
    const keyFile = join(dir.path, 'keygen.age');
    run('age-keygen', ['-o', keyFile]);
    const identity = readFileSync(keyFile, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1')) ?? '';
    const recipient = run('age-keygen', ['-y', keyFile]).toString().trim();
    const theirs: Party = { identity, recipient };
    const sealed = await encryptBundle(await sealedArchive({ from: org, to: [theirs] }), [recipient]);
    await expect(openBundle(sealed, openOptions(theirs, org))).resolves.toBeTruthy();
    await expect(openBundle(sealed, openOptions(partner, org))).rejects.toMatchObject({ reason: 'wrong-recipient' });
    // And `age -d` with that key file reads it.
    writeFileSync(join(dir.path, 'theirs.age'), sealed);
    expect(run('age', ['-d', '-i', keyFile, join(dir.path, 'theirs.age')]).subarray(0, 2).toString()).toBe('PK');
  });

  it('a bundle `age` encrypts for someone else is refused by us as wrong-recipient', async () => {
    const stranger = await party();
    const zip = join(dir.path, 'signed.zip');
    const file = run('age', ['-r', stranger.recipient, zip]);
    await expect(openBundle(new Uint8Array(file), openOptions(partner, org, { now: NOW }))).rejects.toMatchObject({ reason: 'wrong-recipient' });
  });
});
