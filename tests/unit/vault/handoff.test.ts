import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateHybridIdentity, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { encodeMinisignPublicKey, minisignFingerprint, parseMinisignPublicKey } from '../../../src/core/crypto/minisign';
import { BundleError, buildSignedArchive, encryptBundle, MINIMAL_PROFILE, openBundle, type BundleErrorReason, type PersonRecord } from '../../../src/core/handoff';
import { newId } from '../../../src/core/model/ids';
import type { StayEvent } from '../../../src/core/model/stay-event';
import { ForbiddenError } from '../../../src/core/roles';
import { addUser } from '../../../src/vault/services/users';
import {
  exportCandidates,
  HandoffInputError,
  importedBundleIds,
  inGroups,
  keyFingerprint,
  markPartnerVerified,
  mergeBundle,
  orgPublicKeys,
  prepareExport,
  receiveBundle,
  savePartner,
  sendExport,
  type ExportResponse,
  type PartnerDraft,
} from '../../../src/vault/handoff';
import type { Session } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import { replacePassphrase } from '../../../src/vault/services/passphrase';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { handoffHandlers } from '../../../electron/main/handoff/handlers';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { dumpDb, PASS, person, testVault } from './helpers';
import { newNeed } from '../../../src/core/occupancy';

/** Needs known long before any day these tests look at. */
const KNOWN = '2000-01-01T00:00:00.000Z';

// The vault test clock (helpers.ts): 2026-11-20T10:00:00Z.
const NOW = new Date('2026-11-20T10:00:00Z');
const DAY = 86_400_000;

async function vault(adminName = 'Ada') {
  const t = await testVault();
  const { session } = await createVault(t.deps, { adminName, passphrase: PASS });
  return { ...t, session };
}

/** main's real handoff.export behind a save dialog that picks `dir/<suggested name>`. */
async function mainProcess() {
  const dir = await mkdtemp(path.join(tmpdir(), 'ws-vault-handoff-'));
  const dialogs: FileDialogs = { save: async (name) => path.join(dir, name), open: async () => undefined };
  const handlers = handoffHandlers({ dialogs, now: () => NOW });
  return {
    dir,
    send: (request: Omit<Parameters<(typeof handlers)['handoff.export']>[0], 'language'>) =>
      handlers['handoff.export']({ ...request, language: 'en' }) as Promise<ExportResponse>,
  };
}

const draft = (overrides: Partial<PartnerDraft> = {}): PartnerDraft => ({ name: 'Northern Lights', recipients: [], exportProfile: MINIMAL_PROFILE, ...overrides });

/** A partner organisation outside the app: an age identity and a minisign key pair. */
async function outsidePartner() {
  const identity = await generateX25519Identity();
  const keys = await (await import('../../../src/core/crypto/minisign')).generateMinisignKeyPair();
  return { identity, recipient: await identityToRecipient(identity), keys, pub: encodeMinisignPublicKey(keys.publicKey) };
}

async function arrive(session: Session, personId: string, day: string, departDay?: string) {
  const base = (d: string) => ({ id: newId(), at: `${d}T12:00:00Z`, recordedAt: `${d}T12:00:00Z` });
  await session.events.append({ ...base(day), type: 'arrival', personId, houseId: 'h1', bedId: 'b1' } as StayEvent);
  if (departDay) await session.events.append({ ...base(departDay), type: 'departure', personId, outcome: 'resettled' } as StayEvent);
}

async function refusal(promise: Promise<unknown>): Promise<BundleErrorReason> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BundleError)) throw new Error(`expected a BundleError, got ${String(error)}`);
  return error.reason;
}

describe('partners and keys', () => {
  it('saves recipients and the pinned key normalised; a key change clears the verified mark, a name change keeps it', async () => {
    const { session } = await vault();
    const partner = await outsidePartner();
    const saved = await savePartner(session, draft({ contact: ' +1 416 555 0100 ', recipients: [` ${partner.recipient.toUpperCase()}`, ''], signingKey: partner.pub }));
    expect(saved).toEqual({
      id: saved.id,
      name: 'Northern Lights',
      contact: '+1 416 555 0100',
      recipients: [partner.recipient],
      signingKey: partner.pub.split('\n')[1],
      exportProfile: MINIMAL_PROFILE,
    });
    expect(session.getSnapshot().partners.get(saved.id)).toEqual(saved);

    await markPartnerVerified(session, saved.id, NOW);
    const verified = { at: NOW.toISOString(), by: session.user.id };
    expect(session.getSnapshot().partners.get(saved.id)?.verified).toEqual(verified);
    const renamed = await savePartner(session, draft({ id: saved.id, name: 'NL Toronto', recipients: [partner.recipient], signingKey: saved.signingKey }));
    expect(renamed.verified).toEqual(verified);
    const other = await outsidePartner();
    const rekeyed = await savePartner(session, draft({ id: saved.id, name: 'NL Toronto', recipients: [other.recipient], signingKey: saved.signingKey }));
    expect(rekeyed.verified).toBeUndefined();
    expect(session.audit.entries().filter((e) => e.action === 'partner.save')).toHaveLength(4);
  });

  it('refuses bad recipients, mixed kinds and foreign keys with a reason code, storing nothing', async () => {
    const { session, deps } = await vault();
    const partner = await outsidePartner();
    const pq = await identityToRecipient(await generateHybridIdentity());
    const before = await dumpDb(deps.db);
    const code = (p: Promise<unknown>) => p.then(() => 'saved', (e: unknown) => (e instanceof HandoffInputError ? e.reason : String(e)));
    expect(await code(savePartner(session, draft({ recipients: [partner.recipient.slice(0, -1) + (partner.recipient.endsWith('q') ? 'p' : 'q')] })))).toBe('bad-recipients');
    expect(await code(savePartner(session, draft({ recipients: [partner.recipient, pq] })))).toBe('bad-recipients');
    expect(await code(savePartner(session, draft({ recipients: ['ssh-ed25519 AAAA'] })))).toBe('bad-recipients');
    expect(await code(savePartner(session, draft({ signingKey: 'RWQ-not-a-key' })))).toBe('bad-signing-key');
    expect(await code(markPartnerVerified(session, 'nobody', NOW))).toBe('unknown-partner');
    expect(await dumpDb(deps.db)).toEqual(before);
    // A post-quantum partner alone is fine.
    expect((await savePartner(session, draft({ recipients: [pq] }))).recipients).toEqual([pq]);
  });

  it('shows the organisation public keys as text: age recipient, minisign key file, fingerprint', async () => {
    const { session } = await vault();
    const keys = await orgPublicKeys(session);
    expect(keys.ageRecipient).toBe(await identityToRecipient(session.orgKeys().ageIdentity));
    const parsed = parseMinisignPublicKey(keys.minisignPublicKey);
    expect(parsed.publicKey).toEqual(session.orgKeys().signing.publicKey);
    expect(keys.fingerprint).toBe(await minisignFingerprint(parsed));
    expect(await keyFingerprint(keys.minisignPublicKey.split('\n')[1]!)).toBe(keys.fingerprint);
    expect(keys.keyId).toMatch(/^[0-9A-F]{16}$/);
    expect(inGroups('99cbb81ece9ca52c')).toBe('99cb b81e ce9c a52c');
  });
});

describe('export', () => {
  async function exportSetup() {
    const t = await vault();
    const partner = await outsidePartner();
    const saved = await savePartner(t.session, draft({ recipients: [partner.recipient], signingKey: partner.pub, exportProfile: { legalName: true, phone: false, notes: false } }));
    await markPartnerVerified(t.session, saved.id, NOW);
    const consenting = person({ alias: 'Kolya', legalName: 'Nikolai Real', phone: '+7 900 000 00 00', notes: 'private note', consentToShare: [saved.id] });
    const refusing = person({ alias: 'Masha', consentToShare: [] });
    const waiting = person({ alias: 'Zhenya', consentToShare: [saved.id] });
    for (const p of [consenting, refusing, waiting]) await t.session.people.put(p);
    await arrive(t.session, consenting.id, '2026-10-01', '2026-11-01');
    await arrive(t.session, refusing.id, '2026-10-01');
    return { ...t, partner, saved, consenting, refusing, waiting };
  }

  it('lists who can go to this partner: consent and a recorded stay', async () => {
    const { session, saved, consenting, refusing, waiting } = await exportSetup();
    const candidates = exportCandidates(session.getSnapshot(), saved.id, NOW);
    expect(candidates.map((c) => [c.person.alias, c.blocked])).toEqual([
      ['Kolya', undefined],
      ['Masha', 'no-consent'],
      ['Zhenya', 'no-stay'],
    ]);
    const choice = { partnerId: saved.id, profile: MINIMAL_PROFILE, expiresInDays: 30, senderName: 'Shelter' };
    const code = (ids: string[], extra = {}) => {
      try {
        prepareExport(session.getSnapshot(), { ...choice, personIds: ids, ...extra }, NOW);
        return 'ok';
      } catch (e) {
        return (e as HandoffInputError).reason;
      }
    };
    expect(code([refusing.id])).toBe('no-consent');
    expect(code([waiting.id])).toBe('no-stay');
    expect(code([])).toBe('no-people');
    expect(code([consenting.id], { profile: { legalName: false, phone: true, notes: false } })).toBe('profile');
    expect(code([consenting.id], { expiresInDays: 0 })).toBe('expiry');
    expect(code([consenting.id], { senderName: '  ' })).toBe('sender-name');
    expect(code([consenting.id])).toBe('ok');
  });

  it('an unverified partner, or one without recipients, gets nothing', async () => {
    const { session, consenting } = await exportSetup();
    const partner = await outsidePartner();
    const unverified = await savePartner(session, draft({ recipients: [partner.recipient] }));
    const keyless = await savePartner(session, draft({ name: 'Referrals only' }));
    for (const [p, expected] of [
      [unverified, 'not-verified'],
      [keyless, 'no-recipients'],
    ] as const) {
      expect(() => prepareExport(session.getSnapshot(), { partnerId: p.id, personIds: [consenting.id], profile: MINIMAL_PROFILE, expiresInDays: 30, senderName: 'S' }, NOW)).toThrow(
        expect.objectContaining({ reason: expected }),
      );
    }
  });

  it('previews the minimised records, signs exactly them, main writes the bundle, the audit names no one', async () => {
    const { session, partner, saved, consenting } = await exportSetup();
    const prepared = prepareExport(session.getSnapshot(), { partnerId: saved.id, personIds: [consenting.id], profile: MINIMAL_PROFILE, expiresInDays: 30, senderName: 'Shelter' }, NOW);
    expect(prepared.payload).toEqual({
      people: [{ alias: 'Kolya', languages: ['ru'], needs: [], staySummary: { arrived: '2026-10-01', departed: '2026-11-01', daysInShelter: 31 }, outcome: 'resettled' }],
    });
    expect(prepared.expires).toEqual(new Date(NOW.getTime() + 30 * DAY));

    const main = await mainProcess();
    const response = await sendExport(session, prepared, main.send);
    expect(response).toMatchObject({ status: 'saved', people: 1 });
    const saved1 = response as Extract<ExportResponse, { status: 'saved' }>;
    const bytes = new Uint8Array(await readFile(saved1.path));
    const org = parseMinisignPublicKey((await orgPublicKeys(session)).minisignPublicKey);
    const opened = await openBundle(bytes, { identities: [partner.identity], trustedSigners: [org], now: NOW, alreadyImported: () => false });
    expect(opened.payload).toEqual(prepared.payload);
    expect(opened.manifest).toMatchObject({ bundleId: saved1.bundleId, sender: { name: 'Shelter' }, profile: MINIMAL_PROFILE, expires: prepared.expires.toISOString() });

    const entry = session.audit.entries().at(-1)!;
    expect(entry).toMatchObject({ action: 'handoff.export', details: { bundle: saved1.bundleId, count: 1, partner: saved.id } });
    expect(JSON.stringify(session.audit.entries())).not.toMatch(/Kolya|Nikolai|Shelter|Northern/);
  });

  it('a ticked sensitive field leaves only when the partner profile allows it (main refuses otherwise)', async () => {
    const { session, partner, saved, consenting } = await exportSetup();
    const prepared = prepareExport(session.getSnapshot(), { partnerId: saved.id, personIds: [consenting.id], profile: { legalName: true, phone: false, notes: false }, expiresInDays: 7, senderName: 'S' }, NOW);
    expect(prepared.payload.people[0]).toMatchObject({ legalName: 'Nikolai Real' });
    expect(prepared.payload.people[0]).not.toHaveProperty('phone');
    expect(await sendExport(session, prepared, (await mainProcess()).send)).toMatchObject({ status: 'saved' });

    // The partner's profile was narrowed after the preview: main refuses the signed legal name, nothing is written or audited.
    await savePartner(session, draft({ id: saved.id, recipients: [partner.recipient], signingKey: partner.pub, exportProfile: MINIMAL_PROFILE }));
    const narrowed = { ...prepared, partner: session.getSnapshot().partners.get(saved.id)! };
    const main = await mainProcess();
    const audits = session.audit.entries().length;
    await expect(sendExport(session, narrowed, main.send)).rejects.toMatchObject({ code: 'bundle-invalid-content', details: { field: 'legalName' } });
    expect(await readdir(main.dir)).toEqual([]);
    expect(session.audit.entries()).toHaveLength(audits);
  });

  it('a cancelled save writes and audits nothing', async () => {
    const { session, saved, consenting } = await exportSetup();
    const prepared = prepareExport(session.getSnapshot(), { partnerId: saved.id, personIds: [consenting.id], profile: MINIMAL_PROFILE, expiresInDays: 30, senderName: 'S' }, NOW);
    const audits = session.audit.entries().length;
    expect(await sendExport(session, prepared, async () => ({ status: 'cancelled' }))).toEqual({ status: 'cancelled' });
    expect(session.audit.entries()).toHaveLength(audits);
  });
});

describe('import', () => {
  /** Two organisations that run the app and have pinned and verified each other's keys. */
  async function twoOrgs() {
    const a = await vault('Ada');
    const b = await vault('Bea');
    const aKeys = await orgPublicKeys(a.session);
    const bKeys = await orgPublicKeys(b.session);
    const bAtA = await savePartner(a.session, draft({ name: 'B', recipients: [bKeys.ageRecipient], signingKey: bKeys.minisignPublicKey }));
    const aAtB = await savePartner(b.session, draft({ name: 'A', recipients: [aKeys.ageRecipient], signingKey: aKeys.minisignPublicKey }));
    await markPartnerVerified(a.session, bAtA.id, NOW);
    await markPartnerVerified(b.session, aAtB.id, NOW);
    return { a, b, bAtA, aAtB };
  }

  async function bundleFromA(a: Session, toPartnerId: string, aliases = ['Kolya', 'Masha']): Promise<Uint8Array> {
    const ids: string[] = [];
    for (const alias of aliases) {
      const p = person({ alias, consentToShare: [toPartnerId], needs: [newNeed('legal', 'open', KNOWN)] });
      await a.people.put(p);
      await arrive(a, p.id, '2026-10-01', '2026-11-01');
      ids.push(p.id);
    }
    const prepared = prepareExport(a.getSnapshot(), { partnerId: toPartnerId, personIds: ids, profile: MINIMAL_PROFILE, expiresInDays: 30, senderName: 'Org A' }, NOW);
    const response = (await sendExport(a, prepared, (await mainProcess()).send)) as Extract<ExportResponse, { status: 'saved' }>;
    return new Uint8Array(await readFile(response.path));
  }

  const provenance = (record: PersonRecord, bundle: { manifest: { sender: { name: string } } }) => `From ${bundle.manifest.sender.name}: ${record.staySummary.daysInShelter} days`;

  it('app to app: previews, then merges all people and the import record in ONE page; a second import changes nothing', async () => {
    const { a, b, bAtA, aAtB } = await twoOrgs();
    const bytes = await bundleFromA(a.session, bAtA.id);
    const received = await receiveBundle(b.session, bytes, NOW, provenance);
    expect(received.partner.id).toBe(aAtB.id);
    expect(received.people.map((p) => [p.alias, p.needs, p.notes])).toEqual([
      // Needs are known here from the moment the bundle is received.
      ['Kolya', [newNeed('legal', 'open', NOW.toISOString())], 'From Org A: 31 days'],
      ['Masha', [newNeed('legal', 'open', NOW.toISOString())], 'From Org A: 31 days'],
    ]);
    expect(b.session.people.list()).toHaveLength(0);

    const pagesBefore = await b.deps.db.pages.count();
    await mergeBundle(b.session, received, NOW);
    expect(await b.deps.db.pages.count()).toBe(pagesBefore + 1);
    expect(b.session.people.list().map((p) => p.alias).sort()).toEqual(['Kolya', 'Masha']);
    for (const p of a.session.people.list()) expect(b.session.people.get(p.id)).toBeUndefined();
    const entry = b.session.audit.entries().at(-1)!;
    expect(entry).toMatchObject({ action: 'handoff.import', details: { bundle: received.opened.manifest.bundleId, count: 2, partner: aAtB.id } });
    expect(importedBundleIds(b.session.getSnapshot())).toEqual(new Set([received.opened.manifest.bundleId]));

    const after = await dumpDb(b.deps.db);
    expect(await refusal(receiveBundle(b.session, bytes, NOW, provenance))).toBe('replayed');
    expect(await refusal(mergeBundle(b.session, received, NOW))).toBe('replayed');
    expect(await dumpDb(b.deps.db)).toEqual(after);

    // The record survives a lock: after unlocking again the replay is still refused.
    b.session.lock();
    const { session: again } = await unlockWithPassphrase(b.deps, PASS);
    expect(await refusal(receiveBundle(again, bytes, NOW, provenance))).toBe('replayed');
    expect(again.people.list()).toHaveLength(2);
  });

  it('two merges of one bundle at the same time store it once', async () => {
    const { a, b, bAtA } = await twoOrgs();
    const received = await receiveBundle(b.session, await bundleFromA(a.session, bAtA.id), NOW, provenance);
    const results = await Promise.allSettled([mergeBundle(b.session, received, NOW), mergeBundle(b.session, received, NOW)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(b.session.people.list()).toHaveLength(2);
  });

  it('refuses, storing nothing: expired, a sender key no longer pinned (even re-verified), a bundle for someone else', async () => {
    const { a, b, bAtA, aAtB } = await twoOrgs();
    const bytes = await bundleFromA(a.session, bAtA.id);
    const before = await dumpDb(b.deps.db);
    expect(await refusal(receiveBundle(b.session, bytes, new Date(NOW.getTime() + 31 * DAY), provenance))).toBe('expired');

    // A's key changed at B, even verified again: the old signer is no longer trusted.
    const other = await outsidePartner();
    await savePartner(b.session, draft({ id: aAtB.id, name: 'A', recipients: [(await orgPublicKeys(a.session)).ageRecipient], signingKey: other.pub }));
    expect(await refusal(receiveBundle(b.session, bytes, NOW, provenance))).toBe('unknown-signer');
    await markPartnerVerified(b.session, aAtB.id, NOW);
    expect(await refusal(receiveBundle(b.session, bytes, NOW, provenance))).toBe('unknown-signer');
    expect(b.session.people.list()).toEqual([]);
    expect(importedBundleIds(b.session.getSnapshot()).size).toBe(0);
    expect((await dumpDb(b.deps.db) as { pages: unknown[] }).pages.length).toBe((before as { pages: unknown[] }).pages.length + 2);

    // C is not B: a bundle A made for B does not open at C.
    const c = await vault('Cy');
    const cBefore = await dumpDb(c.deps.db);
    expect(await refusal(receiveBundle(c.session, bytes, NOW, provenance))).toBe('wrong-recipient');
    expect(await dumpDb(c.deps.db)).toEqual(cBefore);
  });

  it('a record that does not fit a Person is refused with its place, nothing stored', async () => {
    const { b, aAtB } = await twoOrgs();
    // A partner that seals with the CLI (no app): its own key pinned and verified at B.
    const partner = await outsidePartner();
    await savePartner(b.session, draft({ id: aAtB.id, name: 'A', recipients: [partner.recipient], signingKey: partner.pub }));
    await markPartnerVerified(b.session, aAtB.id, NOW);
    const bRecipient = (await orgPublicKeys(b.session)).ageRecipient;
    const record = { alias: 'x'.repeat(80), languages: [], needs: [], staySummary: { arrived: '2026-01-01', daysInShelter: 3 } };
    const { archive } = await buildSignedArchive({
      payload: { people: [record] },
      manifestInfo: { senderName: 'A', recipients: [bRecipient], profile: MINIMAL_PROFILE, created: NOW, expires: new Date(NOW.getTime() + DAY) },
      signingKey: partner.keys.secretKey,
    });
    const before = await dumpDb(b.deps.db);
    const error = await receiveBundle(b.session, await encryptBundle(archive, [bRecipient]), NOW, provenance).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'invalid-content', field: 'alias', message: expect.stringMatching(/^people\[0\]: alias/) });
    expect(await dumpDb(b.deps.db)).toEqual(before);
  });
});

describe('roles', () => {
  it('an operator can neither see the organisation keys, nor manage partners, nor export or import', async () => {
    const { deps, session: admin } = await vault();
    const { oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    admin.lock();
    const first = (await unlockWithPassphrase(deps, oneTimePassphrase)).session;
    await replacePassphrase(deps, first, first.user.id, 'olegs own long passphrase');
    first.lock();
    const { session: operator } = await unlockWithPassphrase(deps, 'olegs own long passphrase');
    await expect(savePartner(operator, draft())).rejects.toThrow(ForbiddenError);
    await expect(orgPublicKeys(operator)).rejects.toThrow(ForbiddenError);
    await expect(receiveBundle(operator, new Uint8Array(10), NOW, () => '')).rejects.toThrow(ForbiddenError);
    const prepared = { partner: { id: 'p', name: 'P' }, profile: MINIMAL_PROFILE, payload: { people: [] }, created: NOW, expires: NOW, senderName: 'S' };
    await expect(sendExport(operator, prepared, async () => ({ status: 'cancelled' }))).rejects.toThrow(ForbiddenError);
  });
});
