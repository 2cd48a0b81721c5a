import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../src/core/crypto/bytes';
import { BundleError } from '../../../src/core/handoff';
import { MINIMAL_PROFILE } from '../../../src/core/handoff';
import { newId } from '../../../src/core/model/ids';
import type { StayEvent } from '../../../src/core/model/stay-event';
import { availabilityHandlers } from '../../../electron/main/handoff/availability';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { markPartnerVerified, orgPublicKeys, savePartner } from '../../../src/vault/handoff';
import { importAvailability, networkView, sendAvailability, type AvailabilityExportResponse } from '../../../src/vault/network';
import { createVault } from '../../../src/vault/services/create';
import type { Session } from '../../../src/vault/session';
import { dumpDb, PASS, person, testVault } from './helpers';

const NOW = new Date('2026-11-20T10:00:00Z');
const HOUR = 3_600_000;

async function vault(name: string) {
  const t = await testVault();
  return { ...t, session: (await createVault(t.deps, { adminName: name, passphrase: PASS })).session };
}

/** A house of `beds` beds in one room; `guests` of them arrive on day one. */
async function house(session: Session, alias: string, beds: number, guests: number) {
  const houseId = newId();
  const roomId = newId();
  await session.houses.put({ id: houseId, alias, city: 'Tbilisi' });
  await session.rooms.put({ id: roomId, houseId, name: 'Room', capacity: beds });
  const bedIds = Array.from({ length: beds }, () => newId());
  for (const [i, id] of bedIds.entries()) await session.beds.put({ id, roomId, label: `B${i}` });
  for (let i = 0; i < guests; i++) {
    const p = person({ alias: `${alias}-${i}` });
    await session.people.put(p);
    const at = '2026-11-01T12:00:00Z';
    await session.events.append({ id: newId(), at, recordedAt: at, type: 'arrival', personId: p.id, houseId, bedId: bedIds[i]! } as StayEvent);
  }
}

/** A coordinator and two siblings that pinned each other; a third vault that nobody pinned. */
async function network() {
  const dir = await mkdtemp(path.join(tmpdir(), 'ws-network-'));
  const dialogs: FileDialogs = { save: async (name) => path.join(dir, `${newId()}-${name}`), open: async () => undefined };
  const main = availabilityHandlers({ dialogs, now: () => NOW });
  const coordinator = await vault('Cora');
  const coordinatorKeys = await orgPublicKeys(coordinator.session);
  const sibling = async (name: string, pinned: boolean) => {
    const v = await vault(name);
    const keys = await orgPublicKeys(v.session);
    const atSibling = await savePartner(v.session, { name: 'Coordinator', recipients: [coordinatorKeys.ageRecipient], exportProfile: MINIMAL_PROFILE });
    await markPartnerVerified(v.session, atSibling.id, NOW);
    let atCoordinator;
    if (pinned) {
      atCoordinator = await savePartner(coordinator.session, { name, recipients: [], signingKey: keys.minisignPublicKey, exportProfile: MINIMAL_PROFILE });
      await markPartnerVerified(coordinator.session, atCoordinator.id, NOW);
    }
    const report = async (at: Date) => {
      const saved = (await sendAvailability(v.session, atSibling.id, at, (r) => main['network.exportReport']({ ...r, language: 'en' }) as Promise<AvailabilityExportResponse>)) as Extract<AvailabilityExportResponse, { status: 'saved' }>;
      return toBase64(new Uint8Array(await readFile(saved.path)));
    };
    return { ...v, atCoordinator, report };
  };
  return { coordinator, north: await sibling('North', true), south: await sibling('South', true), stranger: await sibling('Stranger', false) };
}

const reason = (promise: Promise<unknown>) => promise.then(() => 'accepted', (e: unknown) => (e instanceof BundleError ? e.reason : `threw ${String(e)}`));

describe('availability reports between sibling vaults', () => {
  it('the coordinator sees every house of every pinned sibling, with totals, ages and a stale mark', async () => {
    const { coordinator, north, south } = await network();
    await house(north.session, 'Oak', 4, 1);
    await house(south.session, 'Elm', 3, 3);
    await importAvailability(coordinator.session, await north.report(new Date(NOW.getTime() - 3 * HOUR)), NOW);
    await importAvailability(coordinator.session, await south.report(new Date(NOW.getTime() - 30 * HOUR)), NOW);
    const { rows, totals } = networkView(coordinator.session.getSnapshot(), NOW);
    expect(rows.map((r) => [r.sibling?.name, r.ageMs / HOUR, r.stale, r.received.report.houses.map((h) => [h.alias, h.inService, h.used, h.freeNow])])).toEqual([
      ['North', 3, false, [['Oak', 4, 1, 3]]],
      ['South', 30, true, [['Elm', 3, 3, 0]]],
    ]);
    expect(totals).toMatchObject({ inService: 7, used: 4, freeNow: 3 });
  });

  it('a replayed or older report is refused and changes nothing; a newer one replaces it', async () => {
    const { coordinator, north } = await network();
    await house(north.session, 'Oak', 4, 1);
    const older = await north.report(new Date(NOW.getTime() - 5 * HOUR));
    const newer = await north.report(new Date(NOW.getTime() - HOUR));
    await importAvailability(coordinator.session, newer, NOW);
    const before = await dumpDb(coordinator.deps.db);
    expect(await reason(importAvailability(coordinator.session, newer, NOW))).toBe('replayed');
    expect(await reason(importAvailability(coordinator.session, older, NOW))).toBe('replayed');
    expect(await dumpDb(coordinator.deps.db)).toEqual(before);
    expect(coordinator.session.getSnapshot().availability.get(north.atCoordinator!.id)?.report.at).toBe(new Date(NOW.getTime() - HOUR).toISOString());
    await importAvailability(coordinator.session, await north.report(NOW), NOW);
    expect(coordinator.session.getSnapshot().availability.get(north.atCoordinator!.id)?.report.at).toBe(NOW.toISOString());
  });

  it('a report signed by a key the coordinator has not pinned and verified is refused, and nothing is stored', async () => {
    const { coordinator, stranger, north } = await network();
    const before = await dumpDb(coordinator.deps.db);
    expect(await reason(importAvailability(coordinator.session, await stranger.report(NOW), NOW))).toBe('unknown-signer');
    expect(await dumpDb(coordinator.deps.db)).toEqual(before);
    // Pinned but not verified out of band: refused too.
    await savePartner(coordinator.session, { id: north.atCoordinator!.id, name: 'North', recipients: [], signingKey: (await orgPublicKeys(stranger.session)).minisignPublicKey, exportProfile: MINIMAL_PROFILE });
    expect(await reason(importAvailability(coordinator.session, await stranger.report(NOW), NOW))).toBe('unknown-signer');
  });

  it('the report carries counts only: no alias or id of a person', async () => {
    const { coordinator, north } = await network();
    await house(north.session, 'Oak', 2, 2);
    const received = await importAvailability(coordinator.session, await north.report(NOW), NOW);
    const text = JSON.stringify(received);
    for (const p of north.session.getSnapshot().people.values()) {
      expect(text).not.toContain(p.alias);
      expect(text).not.toContain(p.id);
    }
  });
});
