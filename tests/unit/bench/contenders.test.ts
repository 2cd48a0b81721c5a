import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSodium } from '../../../src/core/crypto/sodium';
import { VaultDb } from '../../../src/vault/db';
import { decodePage } from '../../../src/vault/page-codec';
import { idiomaticRead, idiomaticWrite, plainPagesRead, plainPagesWrite, plainRecords } from '../../bench/contenders';
import { seed } from '../../bench/seed';

describe('bench contenders', () => {
  const d = seed({ people: 60, events: 500, seed: 3 });
  const total = d.layout.houses.length + d.layout.rooms.length + d.layout.beds.length + d.partners.length + d.people.length + d.events.length;
  afterEach(async () => {
    await Dexie.delete('contender-idiomatic');
    await Dexie.delete('contender-pages');
  });

  it('idiomaticDexie writes a table per entity and reads back every row, events in time order', async () => {
    const w = await idiomaticWrite('contender-idiomatic', d);
    expect(w).toEqual({ writeMs: expect.any(Number), rows: total });
    const r = await idiomaticRead('contender-idiomatic');
    expect(r).toEqual({ readAllMs: expect.any(Number), rows: total, people: 60, events: 500 });
    const db = new Dexie('contender-idiomatic');
    await db.open();
    expect(db.tables.map((t) => t.name).sort()).toEqual(['beds', 'events', 'houses', 'partners', 'people', 'rooms']);
    expect(db.table('events').schema.indexes.map((i) => i.name).sort()).toEqual(['at', 'bedId', 'personId', 'toBedId']);
    const arrival = d.events.find((e) => e.type === 'arrival')!;
    expect(await db.table('events').where('personId').equals(arrival.personId).count()).toBeGreaterThan(0);
    expect(await db.table('events').where('bedId').equals(arrival.bedId).count()).toBeGreaterThan(0);
    db.close();
  });

  it('plainPages stores the records in the vault pages unencrypted and reads them all back', async () => {
    const sodium = await loadSodium();
    const w = await plainPagesWrite('contender-pages', d, sodium);
    expect(w).toMatchObject({ writeMs: expect.any(Number), rows: 1, records: total });
    // Sealing is off: the page is the plaintext the vault would have sealed.
    const db = new VaultDb('contender-pages');
    const [row] = await db.pages.toArray();
    db.close();
    expect(decodePage(row!.data).page).toEqual({ from: 1, to: 1, records: plainRecords(d) });
    const r = await plainPagesRead('contender-pages', sodium);
    expect(r).toEqual({ readAllMs: expect.any(Number), rows: 1, records: total, damaged: 0 });
  });
});
