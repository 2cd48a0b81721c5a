import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeMinisignPublicKey,
  encodeMinisignSecretKey,
  generateMinisignKeyPair,
  minisignFingerprint,
  minisignKeyIdHex,
  minisignPublicKeyOf,
  MinisignError,
  parseMinisignPublicKey,
  parseMinisignSecretKey,
  signMinisign,
  verifyMinisign,
  type MinisignPublicKey,
} from '../../../src/core/crypto/minisign';
import { loadSodium } from '../../../src/core/crypto/sodium';
import { requireBinaries, run, tempDir } from './helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function minisignError(promise: Promise<unknown> | (() => unknown)): Promise<MinisignError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof MinisignError) return error;
    throw error;
  }
  throw new Error('expected a MinisignError');
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Sets a padding bit of the last base64 digit: decodes to the same bytes, but is a second spelling. */
function nonCanonical(line: string): string {
  const at = line.indexOf('=') - 1;
  const digit = ALPHABET[ALPHABET.indexOf(line[at] ?? '') ^ 1] ?? '';
  const spelled = line.slice(0, at) + digit + line.slice(at + 1);
  expect(Buffer.from(spelled, 'base64').equals(Buffer.from(line, 'base64'))).toBe(true);
  return spelled;
}

function editSigLine(sig: string, line: number, edit: (bytes: Uint8Array) => void): string {
  const lines = sig.split('\n');
  const bytes = new Uint8Array(Buffer.from(lines[line] ?? '', 'base64'));
  edit(bytes);
  lines[line] = b64(bytes);
  return lines.join('\n');
}

describe('minisign with libsodium', () => {
  it('signs in the prehashed format: Ed25519 over BLAKE2b-512 of the message, global signature over sig || comment', async () => {
    const sodium = await loadSodium();
    const { publicKey, secretKey } = await generateMinisignKeyPair();
    const message = utf8('hello partner');
    const sig = await signMinisign(message, secretKey, { trustedComment: 'timestamp:1\tfile:m' });
    const lines = sig.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[0]).toBe('untrusted comment: signature from minisign secret key');
    expect(lines[2]).toBe('trusted comment: timestamp:1\tfile:m');
    const struct = Buffer.from(lines[1] ?? '', 'base64');
    expect(struct.subarray(0, 2).toString('latin1')).toBe('ED');
    expect(Buffer.from(struct.subarray(2, 10)).equals(Buffer.from(publicKey.keyId))).toBe(true);
    const signature = struct.subarray(10);
    expect(sodium.crypto_sign_verify_detached(signature, sodium.crypto_generichash(64, message, null), publicKey.publicKey)).toBe(true);
    // Not libsodium's crypto_sign_init/final prehash (SHA-512), which minisign does not use.
    expect(sodium.crypto_sign_verify_detached(signature, message, publicKey.publicKey)).toBe(false);
    const global = Buffer.from(lines[3] ?? '', 'base64');
    expect(sodium.crypto_sign_verify_detached(global, Buffer.concat([signature, Buffer.from('timestamp:1\tfile:m')]), publicKey.publicKey)).toBe(true);
  });

  it('verifies and returns the trusted comment; key files round-trip', async () => {
    const { publicKey, secretKey } = await generateMinisignKeyPair();
    const pub = parseMinisignPublicKey(encodeMinisignPublicKey(publicKey));
    const sec = await parseMinisignSecretKey(await encodeMinisignSecretKey(secretKey));
    expect(minisignPublicKeyOf(sec)).toEqual(pub);
    const sig = await signMinisign(utf8('m'), sec, { trustedComment: 'Привет — trusted' });
    await expect(verifyMinisign(utf8('m'), sig, [pub])).resolves.toMatchObject({ trustedComment: 'Привет — trusted' });
    // The bare base64 key line is accepted, like minisign -P.
    expect(parseMinisignPublicKey(encodeMinisignPublicKey(publicKey).split('\n')[1] ?? '')).toEqual(pub);
  });

  it('picks the signer among several pinned keys by key id', async () => {
    const a = await generateMinisignKeyPair();
    const b = await generateMinisignKeyPair();
    const sig = await signMinisign(utf8('m'), b.secretKey, { trustedComment: 'x' });
    const verified = await verifyMinisign(utf8('m'), sig, [a.publicKey, b.publicKey]);
    expect(verified.signer).toBe(b.publicKey);
  });

  describe('refuses tampering', () => {
    let keys: Awaited<ReturnType<typeof generateMinisignKeyPair>>;
    let sig: string;
    const message = utf8('the manifest');
    beforeAll(async () => {
      keys = await generateMinisignKeyPair();
      sig = await signMinisign(message, keys.secretKey, { trustedComment: 'timestamp:5\tfile:manifest.json' });
    });

    it('a changed message', async () => {
      expect((await minisignError(verifyMinisign(utf8('the manifesT'), sig, keys.publicKey))).reason).toBe('bad-signature');
    });

    it('a changed trusted comment (global signature)', async () => {
      const forged = sig.replace('timestamp:5', 'timestamp:6');
      const error = await minisignError(verifyMinisign(message, forged, keys.publicKey));
      expect(error.reason).toBe('bad-signature');
      expect(error.message).toBe('trusted comment signature verification failed');
    });

    it('a changed untrusted comment is fine (it is not signed)', async () => {
      await expect(verifyMinisign(message, sig.replace('signature from minisign secret key', 'anything'), keys.publicKey)).resolves.toBeTruthy();
    });

    it('every single-bit flip of the signature or global signature', async () => {
      for (const line of [1, 3]) {
        const length = Buffer.from(sig.split('\n')[line] ?? '', 'base64').length;
        for (let i = line === 1 ? 10 : 0; i < length; i++) {
          const forged = editSigLine(sig, line, (b) => {
            b[i] = (b[i] ?? 0) ^ 1;
          });
          expect((await minisignError(verifyMinisign(message, forged, keys.publicKey))).reason, `line ${line} byte ${i}`).toBe('bad-signature');
        }
      }
    });

    it('a different key id is an unknown key, not a bad signature', async () => {
      const forged = editSigLine(sig, 1, (b) => {
        b[2] = (b[2] ?? 0) ^ 1;
      });
      const error = await minisignError(verifyMinisign(message, forged, keys.publicKey));
      expect(error.reason).toBe('unknown-key');
      expect(error.message).toMatch(/^signed by key [0-9A-F]{16}, which is not among the trusted keys$/);
    });

    it('another key claiming the same key id', async () => {
      const other = await generateMinisignKeyPair();
      const impostor: MinisignPublicKey = { keyId: keys.publicKey.keyId, publicKey: other.publicKey.publicKey };
      expect((await minisignError(verifyMinisign(message, sig, impostor))).reason).toBe('bad-signature');
    });

    it('legacy, unknown algorithm, wrong shapes and non-canonical base64', async () => {
      const legacy = editSigLine(sig, 1, (b) => {
        b[1] = 'd'.charCodeAt(0);
      });
      expect((await minisignError(verifyMinisign(message, legacy, keys.publicKey))).message).toMatch(/legacy/);
      const unknown = editSigLine(sig, 1, (b) => {
        b[0] = 'X'.charCodeAt(0);
      });
      expect((await minisignError(verifyMinisign(message, unknown, keys.publicKey))).message).toBe('unsupported signature algorithm');
      const lines = sig.split('\n');
      const cases = [
        lines.slice(0, 3).join('\n'),
        [lines[1], lines[0], lines[2], lines[3]].join('\n'),
        [lines[0], lines[1], 'comment: x', lines[3]].join('\n'),
        [lines[0], `${lines[1]}A`, lines[2], lines[3]].join('\n'),
        [lines[0], lines[1], lines[2], lines[3]?.slice(0, -4)].join('\n'),
        [lines[0], nonCanonical(lines[1] ?? ''), lines[2], lines[3]].join('\n'),
        '',
      ];
      for (const text of cases) expect((await minisignError(verifyMinisign(message, text, keys.publicKey))).reason).toBe('malformed');
    });
  });

  it('refuses damaged and password-protected secret keys', async () => {
    const { secretKey } = await generateMinisignKeyPair();
    const file = await encodeMinisignSecretKey(secretKey);
    const [comment, line] = file.split('\n') as [string, string];
    const struct = new Uint8Array(Buffer.from(line, 'base64'));
    for (const at of [60, 100, 140]) {
      const damaged = struct.slice();
      damaged[at] = (damaged[at] ?? 0) ^ 1;
      expect((await minisignError(parseMinisignSecretKey(`${comment}\n${b64(damaged)}\n`))).message).toBe('minisign secret key is damaged (checksum mismatch)');
    }
    const encrypted = struct.slice();
    encrypted.set(utf8('Sc'), 2);
    expect((await minisignError(parseMinisignSecretKey(`${comment}\n${b64(encrypted)}\n`))).message).toMatch(/password-protected/);
    expect((await minisignError(parseMinisignSecretKey(line))).reason).toBe('malformed');
  });

  it('refuses comments that would break the line format', async () => {
    const { secretKey } = await generateMinisignKeyPair();
    expect((await minisignError(signMinisign(utf8('m'), secretKey, { trustedComment: 'a\nb' }))).message).toBe('trusted comment must be a single line');
    expect((await minisignError(signMinisign(utf8('m'), secretKey, { trustedComment: 'x'.repeat(9000) }))).message).toBe('trusted comment is too long');
  });

  it('round-trips and rejects any flipped message byte (property)', async () => {
    const { publicKey, secretKey } = await generateMinisignKeyPair();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.string({ maxLength: 100 }).filter((s) => !/[\r\n]/.test(s)), fc.nat(), async (message, comment, at) => {
        const sig = await signMinisign(message, secretKey, { trustedComment: comment });
        expect((await verifyMinisign(message, sig, publicKey)).trustedComment).toBe(comment);
        const altered = message.slice();
        const i = at % altered.length;
        altered[i] = (altered[i] ?? 0) ^ 0x80;
        expect((await minisignError(verifyMinisign(altered, sig, publicKey))).reason).toBe('bad-signature');
      }),
      { numRuns: 60 },
    );
  });
});

describe('minisign interop with the real binary', () => {
  const dir = tempDir();
  beforeAll(() => requireBinaries('minisign', 'sha256sum', 'base64'));
  afterAll(() => dir.cleanup());

  it('`minisign -V` (and -H, prehashed only) accepts our public key file and signature', async () => {
    const { publicKey, secretKey } = await generateMinisignKeyPair();
    const pub = join(dir.path, 'ours.pub');
    const file = join(dir.path, 'data.bin');
    const data = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    writeFileSync(pub, encodeMinisignPublicKey(publicKey));
    writeFileSync(file, data);
    writeFileSync(`${file}.minisig`, await signMinisign(data, secretKey, { trustedComment: 'timestamp:1700000000\tfile:data.bin\tbundle:x' }));
    const out = run('minisign', ['-V', '-H', '-p', pub, '-m', file]).toString();
    expect(out).toContain('Signature and comment signature verified');
    expect(out).toContain('Trusted comment: timestamp:1700000000\tfile:data.bin\tbundle:x');
    // minisign prints the same key id in its own public key comment format.
    expect(readFileSync(pub, 'utf8').split('\n')[0]).toBe(`untrusted comment: minisign public key ${minisignKeyIdHex(publicKey.keyId)}`);

    data[5] = (data[5] ?? 0) ^ 1;
    writeFileSync(file, data);
    const tampered = spawnSync('minisign', ['-V', '-p', pub, '-m', file]);
    expect(tampered.status).not.toBe(0);
    expect(tampered.stderr.toString()).toContain('Signature verification failed');
  });

  it('`minisign -S` with our secret key file signs, and we verify it', async () => {
    const { publicKey, secretKey } = await generateMinisignKeyPair();
    const key = join(dir.path, 'ours.key');
    const file = join(dir.path, 'msg.txt');
    writeFileSync(key, await encodeMinisignSecretKey(secretKey), { mode: 0o600 });
    writeFileSync(file, 'signed by minisign with our key file');
    run('minisign', ['-S', '-s', key, '-m', file, '-t', 'from the binary']);
    const verified = await verifyMinisign(readFileSync(file), readFileSync(`${file}.minisig`, 'utf8'), [publicKey]);
    expect(verified.trustedComment).toBe('from the binary');
  });

  it('a key pair from `minisign -G -W`: its signatures verify with us, ours with it, key id and fingerprint agree', async () => {
    const pubPath = join(dir.path, 'm.pub');
    const keyPath = join(dir.path, 'm.key');
    run('minisign', ['-G', '-W', '-p', pubPath, '-s', keyPath]);
    const pubText = readFileSync(pubPath, 'utf8');
    const publicKey = parseMinisignPublicKey(pubText);
    // minisign prints key ids without leading zeros; we always print 16 digits.
    expect(pubText.split('\n')[0]).toBe(`untrusted comment: minisign public key ${minisignKeyIdHex(publicKey.keyId).replace(/^0+(?=.)/, '')}`);

    const file = join(dir.path, 'theirs.txt');
    writeFileSync(file, 'signed by the minisign binary');
    run('minisign', ['-S', '-s', keyPath, '-m', file, '-t', 'trusted by minisign']);
    const sig = readFileSync(`${file}.minisig`, 'utf8');
    expect((await verifyMinisign(readFileSync(file), sig, publicKey)).trustedComment).toBe('trusted by minisign');
    expect((await minisignError(verifyMinisign(utf8('signed by the minisign binarY'), sig, publicKey))).reason).toBe('bad-signature');
    expect((await minisignError(verifyMinisign(readFileSync(file), sig.replace('trusted by', 'trusted  by'), publicKey))).reason).toBe('bad-signature');

    // Their unencrypted secret key file works for us too (its checksum is left zero by minisign -W).
    const secretKey = await parseMinisignSecretKey(readFileSync(keyPath, 'utf8'));
    expect(minisignPublicKeyOf(secretKey)).toEqual(publicKey);
    const ours = join(dir.path, 'ours-with-their-key.txt');
    writeFileSync(ours, 'x');
    writeFileSync(`${ours}.minisig`, await signMinisign(utf8('x'), secretKey, { trustedComment: 'ok' }));
    expect(run('minisign', ['-V', '-p', pubPath, '-m', ours]).toString()).toContain('Trusted comment: ok');

    const recipe = run('sh', ['-c', `sed -n 2p '${pubPath}' | base64 -d | sha256sum | cut -c1-32`]).toString().trim();
    expect(await minisignFingerprint(publicKey)).toBe(recipe);
  });

  it('minisign refuses our signature under another key with the key id mismatch message', async () => {
    const a = await generateMinisignKeyPair();
    const b = await generateMinisignKeyPair();
    const pub = join(dir.path, 'b.pub');
    const file = join(dir.path, 'a.txt');
    writeFileSync(pub, encodeMinisignPublicKey(b.publicKey));
    writeFileSync(file, 'a');
    writeFileSync(`${file}.minisig`, await signMinisign(utf8('a'), a.secretKey, { trustedComment: 't' }));
    const result = spawnSync('minisign', ['-V', '-p', pub, '-m', file]);
    expect(result.status).not.toBe(0);
    expect(result.stderr.toString()).toMatch(/key id/i);
  });
});
