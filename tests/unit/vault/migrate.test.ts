import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/vault-needs-without-history/vault.json';
import { fromBase64 } from '../../../src/core/crypto/bytes';
import { fold, waitingForBed } from '../../../src/core/occupancy';
import type { VaultRow } from '../../../src/vault/db';
import { createKeyFileStore } from '../../../electron/main/keyfile';
import { keyFileAccess } from '../../../src/vault/keyfile-access';
import { readPerson } from '../../../src/vault/migrate';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { testVault } from './helpers';

/** The fixture's rows and key file, put back on a fresh fake IndexedDB and key folder. */
async function restoreOldVault() {
  const t = await testVault();
  const bytes = <T extends { data: string }>(rows: T[]) => rows.map((r) => ({ ...r, data: fromBase64(r.data) }));
  await t.deps.db.vaults.bulkAdd(fixture.vaults as VaultRow[]);
  await t.deps.db.pages.bulkAdd(bytes(fixture.pages));
  await t.deps.db.heads.bulkAdd(bytes(fixture.heads));
  const keyDir = path.join(await mkdtemp(path.join(tmpdir(), 'ws-old-')), 'keys');
  await mkdir(keyDir, { recursive: true });
  for (const [name, data] of Object.entries(fixture.keyFiles)) await writeFile(path.join(keyDir, name), fromBase64(data));
  t.deps.keyFiles = keyFileAccess(createKeyFileStore(keyDir));
  return t;
}

describe('opening a vault written before needs had a history', () => {
  it('reads every person, each need dated at the person’s creation and marked migrated, nothing damaged', async () => {
    const { deps } = await restoreOldVault();
    const { session } = await unlockWithPassphrase(deps, fixture.passphrase);
    expect(session.getSnapshot().damaged).toEqual([]);
    const needs = (id: string) => session.people.get(id)?.needs;
    // Anya was created on 10 January and edited on 3 February: the date is her creation's.
    expect(needs('anya')).toEqual([
      { kind: 'housing', status: 'in-progress', history: [{ at: '2026-01-10T09:00:00.000Z', status: 'in-progress', migrated: true }] },
      { kind: 'legal', status: 'in-progress', history: [{ at: '2026-01-10T09:00:00.000Z', status: 'in-progress', migrated: true }] },
    ]);
    // Boris and Vera came in one import page, dated by that page's entry.
    expect(needs('boris')).toEqual([
      { kind: 'housing', status: 'done', history: [{ at: '2026-02-01T09:00:00.000Z', status: 'done', migrated: true }] },
      { kind: 'medical', status: 'open', history: [{ at: '2026-02-01T09:00:00.000Z', status: 'open', migrated: true }] },
    ]);
    // As-of views: before anyone knew Vera she was not waiting; after, she was.
    const people = session.people.list();
    const state = fold([], { houses: [], rooms: [], beds: [] });
    const waiting = (at: string) => waitingForBed(state, people, at).map((w) => w.personId).sort();
    expect(waiting('2026-01-08T12:00:00Z')).toEqual([]);
    expect(waiting('2026-01-20T12:00:00Z')).toEqual(['anya']);
    expect(waiting('2026-02-02T12:00:00Z')).toEqual(['anya', 'vera']);
    session.lock();
  });

  it('stores a migrated person in today’s format the next time they are saved, keeping the migrated change', async () => {
    const { deps } = await restoreOldVault();
    const first = (await unlockWithPassphrase(deps, fixture.passphrase)).session;
    const vera = first.people.get('vera')!;
    await first.people.put({ ...vera, alias: 'Vera K.' });
    first.lock();
    const again = (await unlockWithPassphrase(deps, fixture.passphrase)).session;
    expect(again.people.get('vera')).toMatchObject({ alias: 'Vera K.', needs: [{ history: [{ at: '2026-02-01T09:00:00.000Z', status: 'open', migrated: true }] }] });
    again.lock();
  });
});

describe('readPerson', () => {
  const base = { id: 'p1', alias: 'A', languages: [], riskLevel: 'low', consentToShare: [] };

  it('takes a record of today’s format as it is, without asking when the person was created', () => {
    const today = { ...base, needs: [{ kind: 'legal', status: 'open', history: [{ at: '2026-03-01T00:00:00Z', status: 'open' }] }] };
    expect(readPerson(today, () => expect.unreachable())).toEqual(today);
  });

  it('refuses a record that fits no format with today’s schema error', () => {
    expect(() => readPerson({ ...base, needs: [{ kind: 'legal', status: 'waiting' }] }, () => '2026-01-01T00:00:00Z')).toThrow(/status/);
  });
});
