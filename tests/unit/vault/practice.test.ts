import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { parseMinisignPublicKey } from '../../../src/core/crypto/minisign';
import { MINIMAL_PROFILE, openBundle } from '../../../src/core/handoff';
import { newId } from '../../../src/core/model/ids';
import type { Partner } from '../../../src/core/model/partner';
import { exportCandidates, orgPublicKeys, prepareExport, sendExport, type ExportResponse } from '../../../src/vault/handoff';
import { openPractice, resetPractice } from '../../../src/vault/practice';
import type { Session } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import { activeVault } from '../../../src/vault/services/deps';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { handoffHandlers } from '../../../electron/main/handoff/handlers';
import { PASS, testVault } from './helpers';

const NOW = new Date('2026-11-20T10:00:00Z');

async function practiceVault(seed = 7) {
  const t = await testVault();
  const deps = { ...t.deps, profile: 'practice' as const };
  return { ...t, deps, session: await openPractice(deps, 'en', seed) };
}

/** main's real handoff.export, saving into a temp folder. */
async function mainSend() {
  const dir = await mkdtemp(path.join(tmpdir(), 'ws-practice-export-'));
  const handlers = handoffHandlers({ dialogs: { save: async (name) => path.join(dir, name), open: async () => undefined }, now: () => NOW });
  const calls: string[] = [];
  return {
    calls,
    send: (request: Omit<Parameters<(typeof handlers)['handoff.export']>[0], 'language'>) => {
      calls.push(request.archive);
      return handlers['handoff.export']({ ...request, language: 'en' }) as Promise<ExportResponse>;
    },
  };
}

/** Exports the first person who may go to `partner`, through main's real handler. */
async function exportTo(session: Session, partner: Partner, main: Awaited<ReturnType<typeof mainSend>>) {
  const state = session.getSnapshot();
  const candidate = exportCandidates(state, partner.id, NOW).find((c) => c.stay !== undefined)!;
  if (!candidate.person.consentToShare.includes(partner.id)) await session.people.put({ ...candidate.person, consentToShare: [...candidate.person.consentToShare, partner.id] });
  const prepared = prepareExport(session.getSnapshot(), { partnerId: partner.id, personIds: [candidate.person.id], profile: MINIMAL_PROFILE, expiresInDays: 7, senderName: 'Practice shelter' }, NOW);
  return sendExport(session, prepared, main.send);
}

async function outsidePartner(session: Session, extra: Partial<Partner> = {}): Promise<{ partner: Partner; identity: string }> {
  const identity = await generateX25519Identity();
  const partner: Partner = { id: newId(), name: 'Real Org', recipients: [await identityToRecipient(identity)], verified: { at: NOW.toISOString(), by: session.user.id }, ...extra };
  await session.partners.put(partner);
  return { partner, identity };
}

describe('practice vault', () => {
  it('is made and filled on first use, and opened again with the practice passphrase', async () => {
    const { deps, session } = await practiceVault();
    const state = session.getSnapshot();
    expect(session.profile).toBe('practice');
    expect(state.people.size).toBeGreaterThanOrEqual(8);
    expect(state.houses.size).toBe(3);
    expect(state.events.length).toBeGreaterThan(state.people.size);
    const aliases = [...state.people.values()].map((p) => p.alias).sort();
    session.lock();
    const again = await openPractice(deps, 'en', 999);
    expect([...again.getSnapshot().people.values()].map((p) => p.alias).sort()).toEqual(aliases);
  });

  it('exports only to the practice partner, and its bundles carry the practice marker', async () => {
    const { session } = await practiceVault();
    const practicePartner = [...session.getSnapshot().partners.values()].find((p) => p.practice)!;
    const main = await mainSend();
    const response = await exportTo(session, practicePartner, main);
    expect(response).toMatchObject({ status: 'saved' });
    const saved = response as Extract<ExportResponse, { status: 'saved' }>;
    const org = parseMinisignPublicKey((await orgPublicKeys(session)).minisignPublicKey);
    const opened = await openBundle(new Uint8Array(await readFile(saved.path)), {
      identities: [practicePartner.practice!.ageIdentity],
      trustedSigners: [org],
      now: NOW,
      alreadyImported: () => false,
    });
    expect(opened.manifest.practice).toBe(true);

    // A real partner's keys typed into practice: refused before anything is signed or reaches main.
    const { partner: real } = await outsidePartner(session);
    const before = main.calls.length;
    await expect(exportTo(session, real, main)).rejects.toMatchObject({ code: 'handoff-practice-partner' });
    expect(main.calls.length).toBe(before);
  });

  it('a real vault never exports to a practice partner, and its bundles carry no marker', async () => {
    const t = await testVault();
    const { session } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
    expect(session.profile).toBe('real');
    await session.houses.put({ id: 'h1', alias: 'North', city: 'Moscow' });
    await session.rooms.put({ id: 'r1', houseId: 'h1', name: 'Room', capacity: 1 });
    await session.beds.put({ id: 'b1', roomId: 'r1', label: 'Bed' });
    const { partner, identity } = await outsidePartner(session);
    const { partner: fake } = await outsidePartner(session, { name: 'Looks practice', practice: { ageIdentity: identity.toUpperCase() } });
    await session.people.put({ id: 'p1', alias: 'Kolya', languages: [], needs: [], riskLevel: 'low', consentToShare: [partner.id, fake.id] });
    await session.events.append({ id: newId(), type: 'arrival', personId: 'p1', houseId: 'h1', bedId: 'b1', at: '2026-11-01T12:00:00Z', recordedAt: '2026-11-01T12:00:00Z' });
    const main = await mainSend();
    await expect(exportTo(session, fake, main)).rejects.toMatchObject({ code: 'handoff-practice-partner' });
    const saved = (await exportTo(session, partner, main)) as Extract<ExportResponse, { status: 'saved' }>;
    const org = parseMinisignPublicKey((await orgPublicKeys(session)).minisignPublicKey);
    const opened = await openBundle(new Uint8Array(await readFile(saved.path)), { identities: [identity], trustedSigners: [org], now: NOW, alreadyImported: () => false });
    expect('practice' in opened.manifest).toBe(false);
  });

  it('resets in one step: its database and key files go, a real vault beside it stays', async () => {
    const real = await testVault();
    await createVault(real.deps, { adminName: 'Ada', passphrase: PASS });
    const practice = await practiceVault();
    practice.session.lock();
    await resetPractice(practice.deps);
    expect(await activeVault(practice.deps.db)).toBeUndefined();
    expect(await readdir(practice.keyDir)).toEqual([]);
    expect((await unlockWithPassphrase(real.deps, PASS)).session.user.name).toBe('Ada');
    await expect(resetPractice(real.deps)).rejects.toThrow(/practice profile/);
    await expect(openPractice(real.deps, 'en', 1)).rejects.toThrow(/practice profile/);
    expect(await activeVault(real.deps.db)).toBeDefined();
  });
});
