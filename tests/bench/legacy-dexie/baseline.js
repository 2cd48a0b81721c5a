// dexie-encrypted 2.0.0 on Dexie 3.2.7, from this folder's own node_modules (see package.json):
// the comparison "what a developer would reach for", measured on the same rows as plain Dexie.
// Plain JavaScript so the app's type check does not depend on this optional install.
import Dexie from 'dexie';
import { applyEncryptionMiddleware, cryptoOptions } from 'dexie-encrypted';

function openDb(name, key) {
  const db = new Dexie(name);
  // Every non-indexed field (t, v) goes into one encrypted blob per row (tweetnacl secretbox).
  applyEncryptionMiddleware(db, key, { records: cryptoOptions.NON_INDEXED_FIELDS }, async () => undefined);
  db.version(1).stores({ records: 'id' });
  return db;
}

export async function write(name, key, rows) {
  const db = openDb(name, key);
  await db.open();
  const t = performance.now();
  await db.table('records').bulkPut(rows);
  const bulkPutMs = performance.now() - t;
  db.close();
  return { bulkPutMs };
}

export async function read(name, key) {
  const db = openDb(name, key);
  await db.open();
  const t = performance.now();
  const rows = await db.table('records').toArray();
  const readAllMs = performance.now() - t;
  db.close();
  if (rows.length > 0 && rows[0].v === undefined) throw new Error('dexie-encrypted returned rows that were not decrypted');
  return { readAllMs, rows: rows.length };
}

export function dexieVersion() {
  return Dexie.semVer;
}
