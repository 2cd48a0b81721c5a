import Dexie, { type Table } from 'dexie';
import type { Sodium } from '../../src/core/crypto/sodium';
import type { Bed, House, Partner, Person, Room, StayEvent } from '../../src/core/model';
import { VaultDb } from '../../src/vault/db';
import { PageLog, type PageSealer, type StoredRecord } from '../../src/vault/page-log';
import type { SeedData } from './seed';

/**
 * The unencrypted contenders the vault is measured against (docs/benchmarks.md): what a Dexie
 * user would write for this data, and the vault's own pages with sealing switched off. Plain
 * functions of a data set and a database name, so the unit tests run them on fake-indexeddb.
 */
const now = () => performance.now();

/** A table per entity, indexed for what the screens look up. */
export class IdiomaticDb extends Dexie {
  houses!: Table<House, string>;
  rooms!: Table<Room, string>;
  beds!: Table<Bed, string>;
  partners!: Table<Partner, string>;
  people!: Table<Person, string>;
  events!: Table<StayEvent, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({
      houses: 'id',
      rooms: 'id, houseId',
      beds: 'id, roomId',
      partners: 'id',
      // Residents search and the person page: by alias.
      people: 'id, alias',
      // The person page (by person), a bed's history (arrivals and transfers into it), the fold and as-of views (by date).
      events: 'id, personId, bedId, toBedId, at',
    });
  }
}

export async function idiomaticWrite(dbName: string, d: SeedData) {
  const db = new IdiomaticDb(dbName);
  await db.open();
  const t = now();
  await db.transaction('rw', [db.houses, db.rooms, db.beds, db.partners, db.people, db.events], async () => {
    await db.houses.bulkAdd(d.layout.houses);
    await db.rooms.bulkAdd(d.layout.rooms);
    await db.beds.bulkAdd(d.layout.beds);
    await db.partners.bulkAdd(d.partners);
    await db.people.bulkAdd(d.people);
    await db.events.bulkAdd(d.events);
  });
  const writeMs = now() - t;
  db.close();
  return { writeMs, rows: d.layout.houses.length + d.layout.rooms.length + d.layout.beds.length + d.partners.length + d.people.length + d.events.length };
}

/** The dashboard's startup read: the layout, partners, every person (attention list) and the whole history in time order (the fold). */
export async function idiomaticRead(dbName: string) {
  const db = new IdiomaticDb(dbName);
  await db.open();
  const t = now();
  const [houses, rooms, beds, partners, people, events] = await db.transaction('r', [db.houses, db.rooms, db.beds, db.partners, db.people, db.events], () =>
    Promise.all([db.houses.toArray(), db.rooms.toArray(), db.beds.toArray(), db.partners.toArray(), db.people.toArray(), db.events.orderBy('at').toArray()]),
  );
  const readAllMs = now() - t;
  db.close();
  return { readAllMs, rows: houses.length + rooms.length + beds.length + partners.length + people.length + events.length, people: people.length, events: events.length };
}

/** Sealing switched off: the page bytes are the plaintext (no AEAD, no padding). Bench only. */
export const PASS_THROUGH: PageSealer = {
  seal: (_sodium, _key, _aad, plaintext) => plaintext,
  open: (_sodium, _key, _aad, data) => data,
};
const PLAIN_VAULT = 'benchPlainPagesVault00';
const NO_KEY = new Uint8Array(32);

/** The data set as the vault's records, unencrypted: identities as plain values, no per-person keys. */
export function plainRecords(d: SeedData): StoredRecord[] {
  return [...layoutRecords(d), ...asRecords('person', d.people), ...asRecords('event', d.events)];
}

/** Houses, rooms, beds and partners as the vault stores them (never sealed one by one). */
export function layoutRecords(d: SeedData): StoredRecord[] {
  return [...asRecords('house', d.layout.houses), ...asRecords('room', d.layout.rooms), ...asRecords('bed', d.layout.beds), ...asRecords('partner', d.partners)];
}

export const asRecords = (t: string, values: readonly { id: string }[]): StoredRecord[] => values.map((v) => ({ t, id: v.id, v }));

/** Where a page-log run writes: the vault id and key, and the sealer (the vault's own unless given). */
export interface PageTarget {
  readonly vaultId: string;
  readonly key: Uint8Array;
  readonly sealer?: PageSealer;
}

/** The vault's page layout and code path (PageLog.appendBulk, 2,000-record pages), sealed or not. */
export async function pageLogWrite(dbName: string, records: StoredRecord[], sodium: Sodium, target: PageTarget) {
  const db = new VaultDb(dbName);
  const log = new PageLog(db, sodium, target.vaultId, target.key, target.sealer);
  await log.readAll();
  const t = now();
  await log.appendBulk(records);
  const writeMs = now() - t;
  const rows = await db.pages.toArray();
  db.close();
  return { writeMs, rows: rows.length, records: records.length, bytes: rows.reduce((n, r) => n + r.data.length, 0) };
}

export async function pageLogRead(dbName: string, sodium: Sodium, target: PageTarget) {
  const db = new VaultDb(dbName);
  const log = new PageLog(db, sodium, target.vaultId, target.key, target.sealer);
  const t = now();
  const { records, damaged } = await log.readAll();
  const readAllMs = now() - t;
  db.close();
  return { readAllMs, rows: log.pageCount, records: records.length, damaged: damaged.length };
}

const PLAIN: PageTarget = { vaultId: PLAIN_VAULT, key: NO_KEY, sealer: PASS_THROUGH };
export const plainPagesWrite = (dbName: string, d: SeedData, sodium: Sodium) => pageLogWrite(dbName, plainRecords(d), sodium, PLAIN);
export const plainPagesRead = (dbName: string, sodium: Sodium) => pageLogRead(dbName, sodium, PLAIN);
