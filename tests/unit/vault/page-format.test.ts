import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../../src/core/crypto/bytes';
import { open, seal } from '../../../src/core/crypto/envelope';
import { subkey, SubkeyPurpose } from '../../../src/core/crypto/kdf';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { newId } from '../../../src/core/model/ids';
import type { Session } from '../../../src/vault/session';
import { COMPACT_FORMAT, decodePage, encodePage, type Page } from '../../../src/vault/page-codec';
import { TAIL_MERGE_AT } from '../../../src/vault/page-log';
import { createVault } from '../../../src/vault/services/create';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { dumpDb, PASS, person, testVault, type TestVault } from './helpers';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const arrival = (personId: string) => ({ id: newId(), type: 'arrival' as const, at: '2026-10-01T12:00:00.000Z', recordedAt: '2026-10-01T12:00:00.000Z', personId, houseId: newId(), bedId: newId() });

/** A vault with every usual kind of record (users, settings, org keys, people with their keys, events, audit entries), locked. */
async function filledVault() {
  const t = await testVault();
  const { session } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
  const people = [person({ alias: 'Аня' }), person({ alias: 'Bo', riskLevel: 'high' })];
  await session.batch.write({ people, events: [arrival(people[0]!.id)] }, { action: 'import.csv', details: { rows: 2 } });
  await session.people.put(person({ alias: 'Cy', phone: '+7 913 555 0100' }));
  const vaultId = session.vaultId;
  const recordsKey = subkey(sodium, session.vaultKey, SubkeyPurpose.records);
  session.lock();
  return { t, vaultId, recordsKey };
}

/** Everything a session shows, to compare two openings of one vault. */
const seen = (session: Session) => {
  const { people, events, users, audit, settings, security, damaged } = session.getSnapshot();
  return { people, events, users, audit, settings, security, damaged, orgKeys: structuredClone(session.orgKeys()) };
};

/** Rewrites every page's plaintext (as only a holder of the vault key could), sealed as the log seals it. */
async function rewritePages(t: TestVault, vaultId: string, key: Uint8Array, rewrite: (plain: Uint8Array, id: string) => Uint8Array) {
  for (const row of await t.deps.db.pages.where('vaultId').equals(vaultId).toArray()) {
    const aad = { vaultId, store: 'pages', itemId: row.id, version: 1 };
    await t.deps.db.pages.put({ ...row, data: seal(sodium, key, aad, rewrite(open(sodium, key, aad, row.data), row.id), { padBlock: 4096 }) });
  }
}

/** The id of the page holding a record of kind `t` (the import's page, not the one with the admin's user record). */
async function pageWith(t: TestVault, vaultId: string, key: Uint8Array, kind: string): Promise<string> {
  for (const row of await t.deps.db.pages.where('vaultId').equals(vaultId).toArray()) {
    const { page } = decodePage(open(sodium, key, { vaultId, store: 'pages', itemId: row.id, version: 1 }, row.data));
    if (page.records.some((r) => r.t === kind)) return row.id;
  }
  throw new Error(`no page holds a ${kind} record`);
}

/** A page as earlier versions wrote it: JSON, sealed values as base64. */
const asLegacy = (page: Page) =>
  new TextEncoder().encode(JSON.stringify({ ...page, records: page.records.map((r) => (r.v instanceof Uint8Array ? { ...r, v: toBase64(r.v) } : r)) }));

describe('page format: the compact pages, and vaults written in the earlier JSON format', () => {
  it('a vault whose pages are all in the earlier format opens and reads identically, and keeps those pages as they are after later writes', async () => {
    const { t, vaultId, recordsKey } = await filledVault();
    const { session: compact } = await unlockWithPassphrase(t.deps, PASS);
    const expected = seen(compact);
    compact.lock();
    for (const row of await t.deps.db.pages.toArray()) expect(open(sodium, recordsKey, { vaultId, store: 'pages', itemId: row.id, version: 1 }, row.data)[0]).toBe(COMPACT_FORMAT);

    await rewritePages(t, vaultId, recordsKey, (plain) => asLegacy(decodePage(plain).page));
    const legacyRows = (await t.deps.db.pages.toArray()).map((r) => r.id).sort();
    const { session: legacy } = await unlockWithPassphrase(t.deps, PASS);
    const read = seen(legacy);
    // The unlock's own audit entry is the one difference: compare the entries both sessions had.
    expect({ ...read, audit: read.audit.slice(0, expected.audit.length) }).toEqual(expected);
    expect(read.people.size).toBe(3);
    expect(read.damaged).toEqual([]);

    // Enough new writes to merge the tail: the merge leaves the earlier format's pages alone.
    for (let i = 0; i < TAIL_MERGE_AT + 1; i++) await legacy.people.put(person({ alias: `New ${i}` }));
    legacy.lock();
    const rows = new Set((await t.deps.db.pages.toArray()).map((r) => r.id));
    for (const id of legacyRows) expect(rows.has(id), 'a page of the earlier format is merged away').toBe(true);
    const { session: again } = await unlockWithPassphrase(t.deps, PASS);
    expect(again.people.list()).toHaveLength(3 + TAIL_MERGE_AT + 1);
    expect(again.health()).toEqual([]);
  });

  it('records in pages of the earlier format are still checked against their schema: a malformed one is reported, never applied', async () => {
    const { t, vaultId, recordsKey } = await filledVault();
    let eventId = '';
    await rewritePages(t, vaultId, recordsKey, (plain) => {
      const { page } = decodePage(plain);
      for (const r of page.records) {
        if (r.t !== 'event') continue;
        eventId = r.id;
        r.v = { ...(r.v as object), type: 'teleport' };
      }
      return asLegacy(page);
    });
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.health()).toEqual([{ store: 'event', itemId: eventId, reason: 'content is malformed' }]);
    expect(session.events.all()).toEqual([]);
    expect(session.people.list()).toHaveLength(3);
  });

  it('a page of an unknown format is refused: reported by health() with the reason, the rest of the vault opens', async () => {
    const { t, vaultId, recordsKey } = await filledVault();
    const target = await pageWith(t, vaultId, recordsKey, 'event');
    await rewritePages(t, vaultId, recordsKey, (plain, id) => (id === target ? Uint8Array.of(COMPACT_FORMAT + 1, ...plain.subarray(1)) : plain));
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.health()).toContainEqual(expect.objectContaining({ store: 'pages', itemId: target, reason: 'unknown page format' }));
    expect(session.people.list().length).toBeGreaterThan(0);
  });

  it('a record of an unknown kind in a compact page is reported, never applied', async () => {
    const { t, vaultId, recordsKey } = await filledVault();
    const target = await pageWith(t, vaultId, recordsKey, 'event');
    await rewritePages(t, vaultId, recordsKey, (plain, id) => {
      if (id !== target) return plain;
      const { page } = decodePage(plain);
      return encodePage({ ...page, records: [{ t: 'mystery', id: 'x1', v: { a: 1 } }, ...page.records] });
    });
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.health()).toEqual([{ store: 'mystery', itemId: 'x1', reason: 'unknown record kind' }]);
  });

  it('a value its schema refuses never reaches a page: the commit checks every record it writes', async () => {
    const { t } = await filledVault();
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    const before = await dumpDb(t.deps.db);
    const { personId: _missing, ...noPerson } = arrival(newId());
    await expect(session.batch.write({ events: [noPerson as ReturnType<typeof arrival>] }, { action: 'import.csv', details: {} })).rejects.toThrow();
    expect(await dumpDb(t.deps.db)).toEqual(before);
  });
});
