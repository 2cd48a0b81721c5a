import { generateHybridIdentity, identityToRecipient } from 'age-encryption';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../src/core/crypto/bytes';
import { minisignFingerprint, minisignKeyIdHex, parseMinisignPublicKey } from '../../../src/core/crypto/minisign';
import {
  buildSignedArchive,
  encryptBundle,
  inspectArchive,
  MINIMAL_PROFILE,
  openBundle,
  recipientId,
  SealError,
  type Payload,
} from '../../../src/core/handoff';
import { DAY, entries, NOW, openOptions, party, refusal, samplePayload, sealedArchive, signer, type Party, type Signer } from './helpers';

let org: Signer;
let partner: Party;
let other: Party;

beforeAll(async () => {
  org = await signer();
  partner = await party();
  other = await party();
});

describe('seal and open', () => {
  it('round-trips: the manifest, payload and files come back verified', async () => {
    const payload = samplePayload(5);
    const { archive, manifest } = await buildSignedArchive({
      payload,
      manifestInfo: {
        senderName: 'Northern Lights Collective',
        recipients: [partner.recipient, other.recipient],
        profile: MINIMAL_PROFILE,
        created: NOW,
        expires: new Date(NOW.getTime() + 14 * DAY),
      },
      signingKey: org.secretKey,
    });
    const bundle = await encryptBundle(archive, [partner.recipient, other.recipient]);
    const seen: string[] = [];
    const opened = await openBundle(bundle, openOptions(partner, org, { alreadyImported: (id) => (seen.push(id), false) }));
    expect(opened.manifest).toEqual(manifest);
    expect(opened.payload).toEqual(payload);
    expect(seen).toEqual([manifest.bundleId]);
    expect([...opened.files.keys()]).toEqual(['manifest.json', 'manifest.json.minisig', 'people.json', 'people.csv']);
    expect(opened.signer).toEqual({ keyId: minisignKeyIdHex(org.publicKey.keyId), fingerprint: await minisignFingerprint(org.publicKey) });
    expect(opened.trustedComment).toBe(`timestamp:${NOW.getTime() / 1000}\tfile:manifest.json\tbundle:${manifest.bundleId}`);

    expect(manifest).toMatchObject({
      format: 'waystation-handoff',
      formatVersion: 2,
      created: NOW.toISOString(),
      expires: new Date(NOW.getTime() + 14 * DAY).toISOString(),
      sender: { name: 'Northern Lights Collective', keyId: minisignKeyIdHex(org.publicKey.keyId) },
      recipients: [await recipientId(partner.recipient), await recipientId(other.recipient)],
      counts: { people: 5 },
    });
    expect(manifest.bundleId).toMatch(/^[0-9a-f]{32}$/);
    // The other recipient opens it too.
    await expect(openBundle(bundle, openOptions(other, org))).resolves.toBeTruthy();
  });

  it('opens a version-1 bundle written by the version-1 code, its people.csv checked by the version-1 rule', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../../fixtures/handoff-v1-bundle.json', import.meta.url), 'utf8')) as {
      identity: string;
      signer: string;
      payload: Payload;
      bundle: string;
    };
    const opened = await openBundle(fromBase64(fixture.bundle), {
      identities: [fixture.identity],
      trustedSigners: [parseMinisignPublicKey(fixture.signer)],
      now: NOW,
      alreadyImported: () => false,
    });
    expect(opened.manifest.formatVersion).toBe(1);
    expect(opened.payload).toEqual(fixture.payload);
    // Version 1's cell rule: unquoted, and the ";" in an alias was left for a spreadsheet to split.
    expect(new TextDecoder().decode(opened.files.get('people.csv'))).toContain('\r\nAnna;=1+1;,,ru; en,');
  });

  it('gives every bundle a fresh id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(JSON.parse(new TextDecoder().decode(entries(await sealedArchive({ from: org, to: [partner] })).get('manifest.json'))).bundleId);
    expect(ids.size).toBe(5);
  });

  it('recipient ids are a short SHA-256 of the recipient, case-insensitive', async () => {
    const id = await recipientId(partner.recipient);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(await recipientId(partner.recipient.toUpperCase())).toBe(id);
    expect(await recipientId(other.recipient)).not.toBe(id);
  });

  it('refuses a payload field the profile does not allow, at sealing time', async () => {
    const payload: Payload = { people: [{ ...samplePayload(1).people[0]!, legalName: 'Real Name' }] };
    const error = await refusal(sealedArchive({ from: org, to: [partner], payload }));
    expect(error).toEqual({ reason: 'invalid-content', message: 'people[0].legalName is not allowed by the export profile' });
  });
});

describe('recipients', () => {
  it('works with post-quantum hybrid recipients alone', async () => {
    const identity = await generateHybridIdentity();
    const pq: Party = { identity, recipient: await identityToRecipient(identity) };
    expect(pq.recipient.startsWith('age1pq1')).toBe(true);
    const archive = await sealedArchive({ from: org, to: [pq] });
    const opened = await openBundle(await encryptBundle(archive, [pq.recipient]), openOptions(pq, org));
    expect(opened.payload.people).toHaveLength(3);
  });

  it('refuses to mix post-quantum hybrid and X25519 recipients (docs/threat-model.md §13), when signing and when encrypting', async () => {
    const pq = await identityToRecipient(await generateHybridIdentity());
    const archive = await sealedArchive({ from: org, to: [partner] });
    await expect(encryptBundle(archive, [partner.recipient, pq])).rejects.toThrow(
      new SealError('post-quantum (age1pq1…) and X25519 (age1…) recipients cannot be mixed in one bundle'),
    );
    await expect(encryptBundle(archive, [pq, partner.recipient])).rejects.toBeInstanceOf(SealError);
    await expect(sealedArchive({ from: org, to: [partner, { identity: '', recipient: pq }] })).rejects.toBeInstanceOf(SealError);
  });

  it('refuses other recipient kinds, bad checksums, duplicates and empty lists', async () => {
    const archive = await sealedArchive({ from: org, to: [partner] });
    const badChecksum = partner.recipient.slice(0, -1) + (partner.recipient.endsWith('q') ? 'p' : 'q');
    const cases: [string[], RegExp][] = [
      [[], /at least one recipient/],
      [['age1tag1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'], /not a supported age recipient/],
      [['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI'], /not a supported age recipient/],
      [[badChecksum], /invalid age recipient/],
      [[partner.recipient, partner.recipient.toUpperCase()], /listed twice/],
      [Array.from({ length: 21 }, () => partner.recipient), /at most 20/],
    ];
    for (const [recipients, message] of cases) {
      await expect(encryptBundle(archive, recipients)).rejects.toThrow(message);
    }
  });
});

describe('inspectArchive (main process, before encrypting what the renderer sent)', () => {
  const partnerProfile = { legalName: true, phone: false, notes: false };
  const inspect = (archive: Uint8Array, recipients = [partner.recipient], profile = partnerProfile) =>
    inspectArchive(archive, { trustedSigners: [org.publicKey], recipients, profile, now: NOW });

  it('accepts an archive signed by the organisation for these recipients and this profile', async () => {
    const payload: Payload = { people: [{ ...samplePayload(1).people[0]!, legalName: 'Real Name' }] };
    const archive = await sealedArchive({ from: org, to: [partner], payload, profile: partnerProfile });
    const { manifest, payload: checked } = await inspect(archive);
    expect(checked).toEqual(payload);
    expect(manifest.profile).toEqual(partnerProfile);
  });

  it('refuses an archive whose declared profile exceeds the partner profile, naming the field', async () => {
    const archive = await sealedArchive({ from: org, to: [partner], profile: { legalName: true, phone: true, notes: false } });
    expect(await refusal(inspect(archive))).toEqual({ reason: 'invalid-content', message: "phone is not allowed by this partner's export profile" });
  });

  it('refuses an archive addressed to other recipients than the ones main encrypts to', async () => {
    const archive = await sealedArchive({ from: org, to: [partner] });
    expect((await refusal(inspect(archive, [other.recipient]))).reason).toBe('wrong-recipient');
    expect((await refusal(inspect(archive, [partner.recipient, other.recipient]))).reason).toBe('wrong-recipient');
  });

  it('refuses an archive not signed by the organisation, or expired', async () => {
    const stranger = await signer();
    expect((await refusal(inspect(await sealedArchive({ from: stranger, to: [partner] })))).reason).toBe('unknown-signer');
    const stale = await sealedArchive({ from: org, to: [partner], created: new Date(NOW.getTime() - 3 * DAY), expires: new Date(NOW.getTime() - DAY) });
    expect((await refusal(inspect(stale))).reason).toBe('expired');
  });
});
