import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { main, PRACTICE_WARNING } from '../../../src/cli/handoff';
import { encodeMinisignPublicKey, generateMinisignKeyPair } from '../../../src/core/crypto/minisign';
import { buildSignedArchive, encryptBundle, manifestSchema, MINIMAL_PROFILE } from '../../../src/core/handoff';
import { sampleManifest, samplePayload, tempDir } from '../handoff/helpers';

const NOW = new Date('2026-06-01T12:00:00Z');
const dir = tempDir();
afterAll(() => dir.cleanup());

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), now: () => NOW });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('a practice bundle in the partner CLI', () => {
  it('opens, and the CLI says first that it is practice; a bundle without the marker says nothing of the kind', async () => {
    const identity = await generateX25519Identity();
    const org = await generateMinisignKeyPair();
    writeFileSync(join(dir.path, 'partner.age'), `${identity}\n`);
    writeFileSync(join(dir.path, 'org.minisign.pub'), encodeMinisignPublicKey(org.publicKey));
    const recipient = await identityToRecipient(identity);
    for (const practice of [true, false]) {
      const { archive, manifest } = await buildSignedArchive({
        payload: samplePayload(2),
        manifestInfo: { senderName: 'Practice shelter', recipients: [recipient], profile: MINIMAL_PROFILE, created: NOW, expires: new Date('2026-06-08T12:00:00Z'), practice },
        signingKey: org.secretKey,
      });
      expect(manifest.practice).toBe(practice ? true : undefined);
      const file = join(dir.path, `${practice}.age`);
      writeFileSync(file, await encryptBundle(archive, [recipient]));
      const r = await run('verify', file, '--identity', join(dir.path, 'partner.age'), '--signer', join(dir.path, 'org.minisign.pub'));
      expect(r.status, r.stderr).toBe(0);
      if (practice) expect(r.stdout.split('\n')[0]).toBe(PRACTICE_WARNING);
      else expect(r.stdout.startsWith('verified ')).toBe(true);
      expect(r.stdout).toMatch(/verified bundle [0-9a-f]{32} from "Practice shelter"/);
    }
  });

  it('reads manifests written before the marker existed, and refuses any marker value but true', () => {
    const base = sampleManifest();
    expect(manifestSchema.safeParse(base).success).toBe(true);
    expect(manifestSchema.safeParse({ ...base, practice: true }).success).toBe(true);
    expect(manifestSchema.safeParse({ ...base, practice: false }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...base, practice: 'yes' }).success).toBe(false);
  });
});
