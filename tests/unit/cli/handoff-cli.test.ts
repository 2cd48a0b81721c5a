import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateHybridIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/handoff';
import { parseMinisignPublicKey, parseMinisignSecretKey, minisignFingerprint, type MinisignSecretKey } from '../../../src/core/crypto/minisign';
import { buildSignedArchive, encryptBundle, MINIMAL_PROFILE } from '../../../src/core/handoff';
import { forge, requireBinaries, run, samplePayload, tempDir, zipOf } from '../handoff/helpers';

const repo = resolve(__dirname, '../../..');
/** In-process runs and the bundles made here use this time; the built bin (a separate process) reads the real clock, so bundles it opens expire far ahead. */
const NOW = new Date('2026-06-01T12:00:00Z');
const FAR = new Date('2036-06-01T12:00:00Z');
const bin = join(repo, 'bin/waystation-handoff.mjs');
const dir = tempDir();
const at = (...parts: string[]) => join(dir.path, ...parts);

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The real thing: the built bin, as a partner runs it. */
function cli(...args: string[]): Result {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir.path, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Same code in-process (cwd is dir.path too), for the many small cases. */
async function cliInProcess(...args: string[]): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), now: () => NOW });
  return { status, stdout: out.map((l) => `${l}\n`).join(''), stderr: err.map((l) => `${l}\n`).join('') };
}

function expectRefusal(result: Result, code: number, reason: string, message?: string | RegExp): void {
  expect(result.status, result.stderr).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(new RegExp(`^waystation-handoff: refused \\(${reason}\\): `));
  if (message !== undefined) expect(result.stderr.trimEnd().replace(/^waystation-handoff: refused \([a-z-]+\): /, '')).toMatch(message);
}

const mode = (path: string) => statSync(path).mode & 0o777;
let orgKey: MinisignSecretKey;
let partnerRecipient: string;

beforeAll(() => {
  requireBinaries('age', 'age-keygen', 'minisign');
  // The test runs the real build, so the bin a partner gets is the bin we test.
  execFileSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'error'], { cwd: repo, stdio: 'pipe' });
  // In-process runs resolve relative paths like the bin does from dir.path.
  process.chdir(dir.path);
}, 120_000);
afterAll(() => {
  process.chdir(repo);
  dir.cleanup();
});

describe('keygen', () => {
  it('writes an age identity, recipient and minisign key pair that the real tools accept', async () => {
    const r = cli('keygen', '--name', 'partner', '--out', 'keys');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(mode(at('keys'))).toBe(0o700);
    for (const suffix of ['.age', '.age.pub', '.minisign.key', '.minisign.pub']) expect(mode(at('keys', `partner${suffix}`)), suffix).toBe(0o600);

    const recipient = readFileSync(at('keys/partner.age.pub'), 'utf8').trim();
    expect(run('age-keygen', ['-y', at('keys/partner.age')]).toString().trim()).toBe(recipient);
    writeFileSync(at('plain.txt'), 'for the partner');
    run('age', ['-e', '-R', at('keys/partner.age.pub'), '-o', at('plain.txt.age'), at('plain.txt')]);
    expect(run('age', ['-d', '-i', at('keys/partner.age'), at('plain.txt.age')]).toString()).toBe('for the partner');

    run('minisign', ['-S', '-s', at('keys/partner.minisign.key'), '-m', at('plain.txt')]);
    expect(run('minisign', ['-V', '-p', at('keys/partner.minisign.pub'), '-m', at('plain.txt')]).toString()).toContain('Signature and comment signature verified');

    const publicKey = parseMinisignPublicKey(readFileSync(at('keys/partner.minisign.pub'), 'utf8'));
    expect(r.stdout).toContain(`age recipient: ${recipient}\n`);
    expect(r.stdout).toContain(`fingerprint: ${await minisignFingerprint(publicKey)}\n`);
    partnerRecipient = recipient;
  });

  it('refuses to overwrite keys and leaves them untouched', async () => {
    expect((await cliInProcess('keygen', '--name', 'org', '--out', 'keys')).status).toBe(0);
    orgKey = await parseMinisignSecretKey(readFileSync(at('keys/org.minisign.key'), 'utf8'));
    const before = readFileSync(at('keys/org.age'), 'utf8');
    const r = cli('keygen', '--name', 'org', '--out', 'keys');
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(`waystation-handoff: error: ${at('keys/org.age')} already exists; refusing to overwrite it\n`);
    expect(readFileSync(at('keys/org.age'), 'utf8')).toBe(before);
    expect(readdirSync(at('keys')).sort()).toEqual(
      ['org', 'partner'].flatMap((n) => [`${n}.age`, `${n}.age.pub`, `${n}.minisign.key`, `${n}.minisign.pub`]).sort(),
    );
  });

  it('refuses a name that could escape the folder', async () => {
    const r = await cliInProcess('keygen', '--name', '../evil', '--out', 'keys');
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('waystation-handoff: --name must be letters, digits, ".", "_" or "-" (at most 64)');
  });
});

describe('seal, verify, open', () => {
  beforeAll(() => {
    mkdirSync(at('payload'));
    writeFileSync(at('payload/people.json'), JSON.stringify(samplePayload(4)));
  });

  it('round-trips CLI to CLI with exact summaries, modes and verifiable files', () => {
    const sealed = cli('seal', '--in', 'payload', '--to', 'keys/partner.age.pub', '--sign', 'keys/org.minisign.key', '--expires', '7', '--out', 'bundle.age');
    expect(sealed.status, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(
      new RegExp(`^sealed bundle [0-9a-f]{32}: 4 people for 1 recipient\\(s\\), no sensitive fields, expires \\S+Z; wrote ${at('bundle.age').replaceAll('.', '\\.')}\\n$`),
    );
    expect(mode(at('bundle.age'))).toBe(0o600);
    const id = /bundle ([0-9a-f]{32})/.exec(sealed.stdout)?.[1];

    const listing = readdirSync(dir.path).sort();
    const verified = cli('verify', 'bundle.age', '--identity', 'keys/partner.age', '--signer', 'keys/org.minisign.pub');
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(new RegExp(`^verified bundle ${id} from "org" \\(key [0-9A-F]{16}, fingerprint [0-9a-f]{32}\\): 4 people, created \\S+Z, expires \\S+Z\\n$`));
    expect(readdirSync(dir.path).sort()).toEqual(listing);

    const opened = cli('open', 'bundle.age', '--identity', 'keys/partner.age', '--signer', 'keys/org.minisign.pub', '--out', 'received');
    expect(opened.status, opened.stderr).toBe(0);
    expect(opened.stdout).toBe(verified.stdout.replace(/^verified/, 'opened').replace(/\n$/, `; wrote ${at('received')}\n`));
    expect(mode(at('received'))).toBe(0o700);
    expect(readdirSync(at('received')).sort()).toEqual(['manifest.json', 'manifest.json.minisig', 'people.csv', 'people.json']);
    for (const name of readdirSync(at('received'))) expect(mode(at('received', name))).toBe(0o600);
    expect(JSON.parse(readFileSync(at('received/people.json'), 'utf8'))).toEqual(samplePayload(4));
    expect(run('minisign', ['-Vm', at('received/manifest.json'), '-p', at('keys/org.minisign.pub')]).toString()).toContain('verified');
    expect(readdirSync(dir.path).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('declares sensitive fields present in people.json', async () => {
    mkdirSync(at('payload-named'));
    const person = { ...samplePayload(1).people[0], legalName: 'Real Name' };
    writeFileSync(at('payload-named/people.json'), JSON.stringify({ people: [person] }));
    const r = await cliInProcess('seal', '--in', 'payload-named', '--to', at('keys/partner.age.pub'), '--sign', at('keys/org.minisign.key'), '--expires', '1', '--out', at('named.age'));
    expect(r.stdout).toMatch(/: 1 person for 1 recipient\(s\), including legalName, expires/);
  });

  it('records bundle ids with --seen and refuses a replay', async () => {
    const args = ['bundle.age', '--identity', at('keys/partner.age'), '--signer', at('keys/org.minisign.pub'), '--seen', at('seen.txt')];
    expect((await cliInProcess('open', ...args, '--out', at('first'))).status).toBe(0);
    expect(mode(at('seen.txt'))).toBe(0o600);
    const again = cli('open', ...args, '--out', 'second');
    expectRefusal(again, 16, 'replayed', /^bundle [0-9a-f]{32} was already imported$/);
    expect(existsSync(at('second'))).toBe(false);
    expectRefusal(cli('verify', ...args), 16, 'replayed');
  });
});

describe('every refusal: exact exit code, one line, nothing left in --out', () => {
  const files: Record<string, () => Promise<Uint8Array>> = {};
  beforeAll(async () => {
    const seal = async (opts: { created?: Date; expires?: Date; to?: string[] } = {}) =>
      (
        await buildSignedArchive({
          payload: samplePayload(2),
          manifestInfo: {
            senderName: 'org',
            recipients: opts.to ?? [partnerRecipient],
            profile: MINIMAL_PROFILE,
            created: opts.created ?? NOW,
            expires: opts.expires ?? FAR,
          },
          signingKey: orgKey,
        })
      ).archive;
    files.expired = async () => encryptBundle(await seal({ created: new Date('2025-01-01'), expires: new Date('2025-01-02') }), [partnerRecipient]);
    files.unsupported = async () => encryptBundle(zipOf(await forge(await seal(), orgKey, { edit: (m) => ({ ...m, formatVersion: 9 }) })), [partnerRecipient]);
    files.badSignature = async () => encryptBundle(zipOf(await forge(await seal(), { keyId: orgKey.keyId, secretKey: (await parseMinisignSecretKey(readFileSync(at('keys/partner.minisign.key'), 'utf8'))).secretKey })), [partnerRecipient]);
    files.invalid = async () => encryptBundle(zipOf(await forge(await seal(), orgKey, { people: new TextEncoder().encode('{"people":[{"__proto__":{}}]}') })), [partnerRecipient]);
  });

  const cases: [string, () => Promise<string>, string[], number, string, RegExp][] = [
    ['too-large', async () => { writeFileSync(at('big.age'), ''); truncateSync(at('big.age'), 32 * 1024 * 1024 + 1); return 'big.age'; }, [], 10, 'too-large', /^the bundle is larger than 33554432 bytes$/],
    ['wrong-recipient', async () => 'bundle.age', ['--identity', 'keys/org.age'], 11, 'wrong-recipient', /^the bundle is not encrypted to your key/],
    ['damaged', async () => { writeFileSync(at('cut.age'), readFileSync(at('bundle.age')).subarray(0, 400)); return 'cut.age'; }, [], 12, 'damaged', /^the bundle is damaged or truncated/],
    ['unknown-signer', async () => 'bundle.age', ['--signer', 'keys/partner.minisign.pub'], 13, 'unknown-signer', /^signed by key [0-9A-F]{16}, which is not among the trusted keys/],
    ['bad-signature', async () => { writeFileSync(at('forged.age'), await files.badSignature!()); return 'forged.age'; }, [], 14, 'bad-signature', /^the manifest signature is invalid: signature verification failed$/],
    ['expired', async () => { writeFileSync(at('expired.age'), await files.expired!()); return 'expired.age'; }, [], 15, 'expired', /^the bundle expired on 2025-01-02T00:00:00\.000Z$/],
    ['unsupported-version', async () => { writeFileSync(at('v9.age'), await files.unsupported!()); return 'v9.age'; }, [], 17, 'unsupported-version', /^bundle format version 9 is not supported/],
    ['invalid-content', async () => { writeFileSync(at('proto.age'), await files.invalid!()); return 'proto.age'; }, [], 18, 'invalid-content', /^people\.json contains the forbidden key "__proto__"$/],
  ];

  it.each(cases)('%s', async (_, make, override, code, reason, message) => {
    const file = await make();
    const options = { '--identity': 'keys/partner.age', '--signer': 'keys/org.minisign.pub' } as Record<string, string>;
    for (let i = 0; i < override.length; i += 2) options[override[i]!] = override[i + 1]!;
    const before = readdirSync(dir.path).sort();
    const r = cli('open', file, ...Object.entries(options).flat(), '--out', `out-${code}`);
    expectRefusal(r, code, reason, message);
    expect(existsSync(at(`out-${code}`))).toBe(false);
    expect(readdirSync(dir.path).sort()).toEqual(before);
    expectRefusal(await cliInProcess('verify', file, ...Object.entries(options).flat()), code, reason, message);
    // A bundle that cannot be opened and verified gets no receipt.
    expectRefusal(await cliInProcess('receipt', file, ...Object.entries(options).flat(), '--sign', 'keys/partner.minisign.key', '--out', `receipt-${code}.json`), code, reason, message);
    expect(readdirSync(dir.path).sort()).toEqual(before);
  });

  it('open into an existing folder is refused before anything is read or written', async () => {
    mkdirSync(at('exists'));
    writeFileSync(at('exists/keep.txt'), 'mine');
    const r = await cliInProcess('open', 'bundle.age', '--identity', 'keys/partner.age', '--signer', 'keys/org.minisign.pub', '--out', at('exists'));
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(`waystation-handoff: error: ${at('exists')} already exists; refusing to write into it\n`);
    expect(readdirSync(at('exists'))).toEqual(['keep.txt']);
  });

  it('seal refusals leave no bundle behind', async () => {
    const sealArgs = (inDir: string, out: string, ...more: string[]) => ['seal', '--in', at(inDir), '--to', at('keys/partner.age.pub'), '--sign', at('keys/org.minisign.key'), '--expires', '7', '--out', at(out), ...more];
    mkdirSync(at('bad-payload'));
    writeFileSync(at('bad-payload/people.json'), JSON.stringify({ people: [{ ...samplePayload(1).people[0], hometown: 'Grozny' }] }));
    expectRefusal(await cliInProcess(...sealArgs('bad-payload', 'x1.age')), 18, 'invalid-content', /^people\.json: people\[0\]: Unrecognized key: "hometown"$/);

    mkdirSync(at('extra-payload'));
    writeFileSync(at('extra-payload/people.json'), JSON.stringify(samplePayload(1)));
    writeFileSync(at('extra-payload/passport.jpg'), 'x');
    const extra = await cliInProcess(...sealArgs('extra-payload', 'x2.age'));
    expect(extra.status).toBe(3);
    expect(extra.stderr).toBe(`waystation-handoff: error: unexpected file in ${at('extra-payload')}: passport.jpg (a bundle carries people.json; people.csv is generated from it)\n`);

    writeFileSync(at('pq.pub'), `${await identityToRecipient(await generateHybridIdentity())}\n`);
    const mixed = await cliInProcess(...sealArgs('payload', 'x3.age', '--to', at('pq.pub')));
    expect(mixed.status).toBe(3);
    expect(mixed.stderr).toBe('waystation-handoff: error (seal-recipients): post-quantum (age1pq1…) and X25519 (age1…) recipients cannot be mixed in one bundle\n');

    expect((await cliInProcess(...sealArgs('payload', 'bundle.age'))).stderr).toMatch(/already exists; refusing to overwrite it\n$/);
    const badDays = await cliInProcess('seal', '--in', 'payload', '--to', 'x', '--sign', 'x', '--expires', '0', '--out', 'x4.age');
    expect(badDays.status).toBe(2);
    expect(badDays.stderr.split('\n')[0]).toBe('waystation-handoff: --expires must be a whole number of days from 1 to 3650');
    for (const name of ['x1.age', 'x2.age', 'x3.age', 'x4.age']) expect(existsSync(at(name)), name).toBe(false);
    expect(readdirSync(dir.path).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('usage errors exit 2 with the usage text', async () => {
    for (const args of [[], ['frobnicate'], ['verify'], ['verify', 'f', '--identity', 'a', '--signer', 'b', '--out', 'c'], ['open', 'f', '--identity']]) {
      const r = await cliInProcess(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: waystation-handoff keygen --name NAME --out DIR');
    }
  });

  it('bad key files are a local error (3), not a refusal', async () => {
    writeFileSync(at('not-a-key'), 'hello\n');
    const r = await cliInProcess('verify', 'bundle.age', '--identity', at('not-a-key'), '--signer', 'keys/org.minisign.pub');
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(`waystation-handoff: error: ${at('not-a-key')} is not an age identity file (AGE-SECRET-KEY-1… lines)\n`);
    const s = await cliInProcess('verify', 'bundle.age', '--identity', 'keys/partner.age', '--signer', at('not-a-key'));
    expect(s.stderr).toBe(`waystation-handoff: error: ${at('not-a-key')}: public key is not valid base64\n`);
  });
});

describe('receipt', () => {
  const receiptArgs = (out: string, ...more: string[]) => ['receipt', 'bundle.age', '--identity', 'keys/partner.age', '--signer', 'keys/org.minisign.pub', '--sign', 'keys/partner.minisign.key', '--out', out, ...more];

  it('writes RECEIPT and RECEIPT.minisig that the real minisign verifies with the partner key', async () => {
    const r = await cliInProcess(...receiptArgs('receipt.json'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^receipt for bundle [0-9a-f]{32} from "org" .*: 4 people, .*; wrote ${at('receipt.json').replaceAll('.', '\\.')} and ${at('receipt.json.minisig').replaceAll('.', '\\.')}\\n$`));
    const bundleId = /bundle ([0-9a-f]{32})/.exec(r.stdout)?.[1];
    expect(JSON.parse(readFileSync(at('receipt.json'), 'utf8'))).toEqual({
      format: 'waystation-receipt',
      formatVersion: 1,
      bundleId,
      bundleSha256: createHash('sha256').update(readFileSync(at('bundle.age'))).digest('hex'),
      people: 4,
      received: NOW.toISOString(),
    });
    for (const name of ['receipt.json', 'receipt.json.minisig']) expect(mode(at(name))).toBe(0o600);
    const verified = run('minisign', ['-Vm', at('receipt.json'), '-p', at('keys/partner.minisign.pub')]).toString();
    expect(verified).toContain('Signature and comment signature verified');
    expect(verified).toContain(`Trusted comment: waystation-receipt bundle:${bundleId} people:4 received:${NOW.toISOString()}`);
    // Not by any other key.
    expect(spawnSync('minisign', ['-Vm', at('receipt.json'), '-p', at('keys/org.minisign.pub')]).status).not.toBe(0);
  });

  it('the built bin signs with a key from `minisign -G -W` too', () => {
    run('minisign', ['-G', '-W', '-p', at('stock.pub'), '-s', at('stock.key')]);
    const r = cli(...receiptArgs('stock-receipt.json').slice(0, -4), '--sign', 'stock.key', '--out', 'stock-receipt.json');
    expect(r.status, r.stderr).toBe(0);
    expect(run('minisign', ['-Vm', at('stock-receipt.json'), '-p', at('stock.pub')]).toString()).toContain('Signature and comment signature verified');
  });

  it('refuses to overwrite, and a password-protected key, with a clear local error and no file written', async () => {
    const before = readFileSync(at('receipt.json'));
    const again = await cliInProcess(...receiptArgs('receipt.json'));
    expect(again.status).toBe(3);
    expect(again.stderr).toBe(`waystation-handoff: error: ${at('receipt.json')} already exists; refusing to overwrite it\n`);
    expect(readFileSync(at('receipt.json'))).toEqual(before);

    writeFileSync(at('sig-only.json.minisig'), 'mine');
    expect((await cliInProcess(...receiptArgs('sig-only.json'))).stderr).toBe(`waystation-handoff: error: ${at('sig-only.json.minisig')} already exists; refusing to overwrite it\n`);
    expect(existsSync(at('sig-only.json'))).toBe(false);

    // What `minisign -G` without -W writes: the key encrypted with a password, kdf "Sc" (scrypt).
    const [comment, line] = readFileSync(at('keys/partner.minisign.key'), 'utf8').split('\n');
    const struct = Buffer.from(line!, 'base64');
    struct.write('Sc', 2, 'latin1');
    writeFileSync(at('locked.key'), `${comment}\n${struct.toString('base64')}\n`);
    const locked = await cliInProcess(...receiptArgs('locked.json').slice(0, -4), '--sign', 'locked.key', '--out', 'locked.json');
    expect(locked.status).toBe(3);
    expect(locked.stderr).toBe('waystation-handoff: error: locked.key: password-protected minisign keys are not supported: remove the password with `minisign -C -W`\n');
    expect(readdirSync(dir.path).filter((n) => n.startsWith('locked.json') || n.startsWith('.'))).toEqual([]);
  });
});
