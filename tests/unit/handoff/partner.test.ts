import { generateHybridIdentity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { encodeMinisignPublicKey } from '../../../src/core/crypto/minisign';
import { partnerSchema } from '../../../src/core/model/partner';
import { party, signer } from './helpers';

describe('partner handoff fields (core/model/partner.ts)', () => {
  it('accepts a partner without any handoff field (referral partners, older records)', () => {
    expect(partnerSchema.parse({ id: 'p1', name: 'Northern Lights' })).toEqual({ id: 'p1', name: 'Northern Lights' });
  });

  it('holds recipients (normalised), the pinned signing key line, the verified mark and the export profile', async () => {
    const { recipient } = await party();
    const keyLine = encodeMinisignPublicKey((await signer()).publicKey).split('\n')[1]!;
    const partner = {
      id: 'p1',
      name: 'Northern Lights',
      recipients: [` ${recipient.toUpperCase()} `],
      signingKey: keyLine,
      verified: { at: '2026-03-01T12:00:00Z', by: 'user-1' },
      exportProfile: { legalName: true, phone: false, notes: false },
    };
    expect(partnerSchema.parse(partner)).toEqual({ ...partner, recipients: [recipient] });
  });

  it('refuses mixed recipient kinds, repeats, foreign key formats and a damaged signing key', async () => {
    const { recipient } = await party();
    const pq = await identityToRecipient(await generateHybridIdentity());
    const keyLine = encodeMinisignPublicKey((await signer()).publicKey).split('\n')[1]!;
    const bad = [
      { recipients: [recipient, pq] },
      { recipients: [recipient, recipient] },
      { recipients: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI'] },
      { signingKey: `${keyLine.slice(0, 2)}x${keyLine.slice(3)}` },
      { signingKey: 'untrusted comment: a whole file is normalised before saving' },
      { verified: { at: 'yesterday', by: 'user-1' } },
      { exportProfile: { legalName: true } },
    ];
    for (const fields of bad) expect(partnerSchema.safeParse({ id: 'p1', name: 'N', ...fields }).success, JSON.stringify(fields)).toBe(false);
    expect(partnerSchema.safeParse({ id: 'p1', name: 'N', recipients: [pq] }).success).toBe(true);
  });
});
