// As the renderer does first (src/main.tsx): zod without its eval probe under the CSP.
import '../../../src/zod-jitless';
import Dexie from 'dexie';
import { z } from 'zod';
import { randomBytes, toBase64, toBase64Url } from '../../../src/core/crypto/bytes';
import { newKdfParams } from '../../../src/core/crypto/kdf';
import { newPersonKey, wrapPersonKey } from '../../../src/core/crypto/people-keys';
import { open as openSealed, seal } from '../../../src/core/crypto/envelope';
import type { StayEvent } from '../../../src/core/model';
import { fold, freeBedsDuring, residentsAt, type Layout } from '../../../src/core/occupancy';
import { filterRows, residentRows } from '../../../src/ui/operations/residents';
import { localDay } from '../../../src/core/time/zone';
import { attention, attentionOf, houseTable, occupancySeries, outcomeBars, stayLengths } from '../../../src/ui/screens/operations/DashboardFigures';
import { browserVaultDeps } from '../../../src/vault/browser-deps';
import { VaultDb, type PageRow } from '../../../src/vault/db';
import type { KdfRunner } from '../../../src/vault/kdf-runner';
import type { StoredRecord } from '../../../src/vault/page-log';
import { occupancyOf, recordEvent } from '../../../src/vault/operations';
import type { Session } from '../../../src/vault/session';
import { activeVault, type VaultDeps } from '../../../src/vault/services/deps';
import { createVault } from '../../../src/vault/services/create';
import { rotateVaultKey } from '../../../src/vault/services/rotation';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { evacuate as evacuateVault } from '../../../src/vault/services/evacuate';
import { saveBackupFile } from '../../../src/vault/admin-ipc';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { asRecords, idiomaticRead, idiomaticWrite, layoutRecords, pageLogRead, pageLogWrite, plainRecords, type PageTarget, plainPagesRead as readPlainPages, plainPagesWrite as writePlainPages } from '../contenders';
import { SEARCH_QUERIES } from '../queries';
import { seed, type SeedData, type SeedOptions } from '../seed';

/** Days, weeks and months are counted in a zone with an offset, so the figures pay for the zone arithmetic. */
const ZONE = 'Europe/Moscow';

/**
 * The browser half of `npm run bench`: the real vault code (Dexie, libsodium, Argon2id in the
 * worker, the key file in main through the harness bridge) driven by Playwright through
 * window.bench. Each function does one phase and returns plain figures; the runner reloads the page
 * between phases so each starts with a fresh heap and cold caches, like an app start.
 */
export interface Timed {
  ms: number;
}

const now = () => performance.now();
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

let dataCache: { key: string; data: SeedData } | undefined;
function data(options: SeedOptions): SeedData {
  const key = JSON.stringify(options);
  if (dataCache?.key !== key) dataCache = { key, data: seed(options) };
  return dataCache.data;
}

async function vaultDeps(dbName: string): Promise<VaultDeps> {
  return { ...(await browserVaultDeps()), db: new VaultDb(dbName) };
}

function layoutOf(session: Session): Layout {
  const s = session.getSnapshot();
  return { houses: [...s.houses.values()], rooms: [...s.rooms.values()], beds: [...s.beds.values()] };
}

// ---- the vault -------------------------------------------------------------------------------

interface Open {
  deps: VaultDeps;
  session: Session;
}

/**
 * What the dashboard computes when it first renders (src/ui/screens/operations/Dashboard.tsx): the
 * house table, the occupancy and outcome charts, lengths of stay and who needs attention.
 */
function dashboardData(session: Session, asOf: string) {
  const state = occupancyOf(session).current();
  const day = localDay(Date.parse(asOf), ZONE);
  const table = houseTable(state, asOf, ZONE);
  const series = occupancySeries(state, 'weeks', asOf, ZONE);
  const outcomes = outcomeBars(state, 'country', 'weeks', day, ZONE);
  const lengths = stayLengths(state, 'weeks', day, ZONE);
  // Pending while the identities open behind the dashboard (counted once they are: attentionCounts).
  const needs = attentionOf(state, session.getSnapshot(), asOf);
  return {
    houses: table.rows.length,
    occupied: table.total.occupied,
    arrivalsThisWeek: table.total.arrivals,
    departuresThisWeek: table.total.departures,
    occupancyPoints: series.length,
    outcomeGroups: outcomes.length,
    medianStayDays: lengths.medianDays,
    attention: needs === 'pending' ? needs : 'ready',
  };
}

/** The dashboard's attention lists once every identity is open. */
function attentionCounts(session: Session, asOf: string) {
  const needs = attention(occupancyOf(session).current(), session.getSnapshot().people, asOf);
  return { waiting: needs.waiting.length, highRisk: needs.highRisk.length, urgentNeeds: needs.urgentNeeds.length };
}
let opened: Open | undefined;

/** Imports are split like this: one all-or-nothing page per batch, the size of a large import. */
const BATCH_PEOPLE = 10_000;
const BATCH_EVENTS = 100_000;

async function seedVault(args: { dbName: string; passphrase: string; seed: SeedOptions }) {
  const deps = await vaultDeps(args.dbName);
  let t = now();
  const { session, recoveryCode } = await createVault(deps, { adminName: 'Bench Admin', passphrase: args.passphrase });
  const createMs = now() - t;
  t = now();
  const d = seed({ ...args.seed, staff: [session.user.id] });
  const generateMs = now() - t;
  // Houses, rooms, beds and partners one by one through the repositories, as the Houses editor
  // would: setup, not part of seedMs.
  t = now();
  for (const house of d.layout.houses) await session.houses.put(house);
  for (const room of d.layout.rooms) await session.rooms.put(room);
  for (const bed of d.layout.beds) await session.beds.put(bed);
  for (const partner of d.partners) await session.partners.put(partner);
  const layoutMs = now() - t;
  // In the app the dashboard has read occupancy since the unlock, so the snapshot the import starts
  // keeps the fold (src/vault/snapshot/keeper.ts); the same here, before the timed import.
  occupancyOf(session).current();
  // seedMs: people and stay events through Session.batch.write, as the spreadsheet import commits
  // them (validated, sealed, one page per batch, applied to the session).
  const batches = Math.max(Math.ceil(d.people.length / BATCH_PEOPLE), Math.ceil(d.events.length / BATCH_EVENTS));
  const slice = <T>(xs: readonly T[], i: number) => xs.slice(Math.floor((xs.length * i) / batches), Math.floor((xs.length * (i + 1)) / batches));
  t = now();
  for (let i = 0; i < batches; i++) {
    const people = slice(d.people, i);
    const events = slice(d.events, i);
    await session.batch.write({ people, events }, { action: 'import.spreadsheet', details: { people: people.length, events: events.length } });
  }
  const seedMs = now() - t;
  const pages = await deps.db.pages.count();
  // The last write started a snapshot of the state in the background (src/vault/snapshot), which
  // the open phase then reads instead of the pages it stands for; an operator at work gives it time.
  t = now();
  await session.snapshots.settled();
  const snapshotMs = now() - t;
  // Locked as the app locks (the Lock button).
  t = now();
  const written = session.lockAndRecord('vault.lock');
  const lockMs = now() - t;
  await written;
  const lockWriteMs = now() - t;
  const snapshotParts = await deps.db.snapshots.count();
  deps.kdf.dispose();
  deps.db.close();
  return { seedMs, generateMs, createMs, layoutMs, batches, pages, snapshotMs, lockMs, lockWriteMs, snapshotParts, stats: d.stats, startMs: d.startMs, endMs: d.endMs, recoveryCode };
}

/** Times the one derivation unlock makes, so open can be measured from the derived key on. */
function timedKdf(inner: KdfRunner, out: { ms: number[] }): KdfRunner {
  return {
    async derive(secret, params) {
      const t = now();
      try {
        return await inner.derive(secret, params);
      } finally {
        out.ms.push(now() - t);
      }
    },
    warm: () => inner.warm(),
    dispose: () => inner.dispose(),
  };
}

async function openVault(args: { dbName: string; passphrase: string }) {
  const base = await vaultDeps(args.dbName);
  const row = await activeVault(base.db);
  const kdf = row?.slots[0]?.kdf;
  const derivations = { ms: [] as number[] };
  const deps: VaultDeps = { ...base, kdf: timedKdf(base.kdf, derivations) };
  // As the unlock form does when it appears (UnlockForm): the worker is ready before the passphrase is submitted.
  await deps.kdf.warm();
  const t0 = now();
  const { session } = await unlockWithPassphrase(deps, args.passphrase);
  const t1 = now();
  // The first read of the occupancy store folds the whole log (src/vault/operations.ts). Screens
  // read it through useSyncExternalStore, which calls current() on every vault change; so does the
  // bench (recordEvent's fast path relies on that read happening while its write is announced).
  const store = occupancyOf(session);
  store.subscribe(() => store.current());
  const state = store.current();
  const t2 = now();
  const asOf = new Date().toISOString();
  const dashboard = dashboardData(session, asOf);
  const t3 = now();
  // The identities open in the background after the dashboard (vault/session/people-keyring.ts).
  await session.people.whenOpen();
  const t4 = now();
  opened = { deps, session };
  const kdfMs = derivations.ms.reduce((a, b) => a + b, 0);
  const snap = session.getSnapshot();
  return {
    kdfMs,
    derivations: derivations.ms.length,
    kdfOps: kdf?.opsLimit,
    kdfMemMiB: kdf ? kdf.memLimitBytes / 1024 / 1024 : undefined,
    unlockMs: t1 - t0 - kdfMs,
    foldAtOpenMs: t2 - t1,
    dashboardMs: t3 - t2,
    openMs: t3 - t0 - kdfMs,
    // What the operator waits for: the passphrase submitted (UnlockForm calls unlockWithPassphrase) to the dashboard's data.
    unlockToDashboardMs: t3 - t0,
    // Information: the passphrase submitted to every identity open (the attention lists, search).
    identitiesOpenMs: t4 - t0,
    people: snap.people.size,
    events: snap.events.length,
    // Events left unread in the snapshot's archive (src/vault/snapshot/archive.ts): open reads the rest.
    archivedEvents: session.snapshots.archive.eventsUnread(),
    damaged: snap.damaged.length,
    // Signing is always on: the unlock and every write below sign as this user (docs/benchmarks.md).
    signed: session.signing.userSeed !== undefined && session.signing.adminSeed !== undefined,
    rejected: state.rejected.length,
    dashboard: { ...dashboard, ...attentionCounts(session, asOf) },
  };
}

function requireOpen(): Open {
  if (!opened) throw new Error('bench: open the vault first');
  return opened;
}

/** A second derivation with the same parameters, the worker already running (information only). */
async function kdfWarm() {
  const { deps } = requireOpen();
  const row = await activeVault(deps.db);
  const params = row?.slots.find((s) => s.kind === 'passphrase')?.kdf;
  if (!params) throw new Error('bench: no passphrase slot');
  const t = now();
  const key = await deps.kdf.derive('a passphrase that does not matter here', params);
  const ms = now() - t;
  deps.sodium.memzero(key);
  return { ms };
}

/** Warm derivations at other costs (ops 3), to say what a DEFAULT_KDF inside the target band would take. */
async function kdfCosts(args: { mib: readonly number[] }) {
  const { deps } = requireOpen();
  const out: { memMiB: number; ms: number }[] = [];
  for (const mib of args.mib) {
    const params = newKdfParams({ alg: 'argon2id13', opsLimit: 3, memLimitBytes: mib * 1024 * 1024 });
    const t = now();
    const key = await deps.kdf.derive('a passphrase that does not matter here', params);
    out.push({ memMiB: mib, ms: now() - t });
    deps.sodium.memzero(key);
  }
  return out;
}

function queries(args: { foldRuns: number; asOfRuns: number }) {
  const { session } = requireOpen();
  const state = occupancyOf(session).current();
  const events = session.events.all();
  const layout = layoutOf(session);
  const foldRuns: number[] = [];
  for (let i = 0; i < args.foldRuns; i++) {
    const t = now();
    fold(events, layout);
    foldRuns.push(now() - t);
  }
  // As-of: the dashboard's house table on days spread over the whole history (the as-of bar).
  const first = Date.parse(events[0]?.at ?? new Date().toISOString());
  const last = Date.now();
  const asOfRuns: number[] = [];
  for (let i = 0; i < args.asOfRuns; i++) {
    const at = new Date(first + ((last - first) * (i + 0.5)) / args.asOfRuns).toISOString();
    const t = now();
    houseTable(state, at, ZONE);
    asOfRuns.push(now() - t);
  }
  // Residents: the rows are built once per vault change (memoised by the screen); each keystroke filters them.
  let t = now();
  const rows = residentRows(state, session.getSnapshot().people.values(), new Date().toISOString());
  const residentRowsMs = now() - t;
  const searchRuns: number[] = [];
  let hits = 0;
  for (const query of SEARCH_QUERIES) {
    t = now();
    hits += filterRows(rows, { query }).length;
    searchRuns.push(now() - t);
  }
  return {
    foldMs: median(foldRuns),
    foldRuns,
    asOfMs: median(asOfRuns),
    asOfMaxMs: Math.max(...asOfRuns),
    search10kMs: median(searchRuns),
    searchRuns,
    residentRowsMs,
    searchPeople: rows.length,
    searchHits: hits,
  };
}

/**
 * Records `samples` arrivals at the current time through recordEvent, the one write path the
 * forms use (schema, every occupancy rule, then the sealed page with its audit entry in one
 * transaction). Each person then leaves again (untimed), so beds stay free.
 */
async function writes(args: { samples: number }) {
  const { session } = requireOpen();
  const clock0 = Date.now() - 2 * 3_600_000;
  let tick = 0;
  const at = () => new Date(clock0 + ++tick * 1000).toISOString();
  const state = occupancyOf(session).current();
  const here = residentsAt(state, clock0);
  const waiting = session.people.list().filter((p) => !here.has(p.id));
  const beds = [...state.layout.houses.keys()].flatMap((h) => freeBedsDuring(state, h, clock0).map((bedId) => ({ houseId: h, bedId })));
  if (waiting.length < args.samples || beds.length === 0) throw new Error(`bench: ${waiting.length} people waiting, ${beds.length} free beds`);
  const samples: number[] = [];
  for (let i = 0; i < args.samples; i++) {
    const person = waiting[i] as (typeof waiting)[number];
    const bed = beds[i % beds.length] as (typeof beds)[number];
    const arrivedAt = at();
    const arrival: StayEvent = { id: newEventId(), type: 'arrival', at: arrivedAt, recordedAt: arrivedAt, recordedBy: session.user.id, personId: person.id, houseId: bed.houseId, bedId: bed.bedId };
    const t = now();
    await recordEvent(session, arrival, new Date());
    samples.push(now() - t);
    const leftAt = at();
    await recordEvent(session, { id: newEventId(), type: 'departure', at: leftAt, recordedAt: leftAt, recordedBy: session.user.id, personId: person.id, outcome: 'other-shelter' }, new Date());
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  return { writeP50Ms: q(0.5), writeP95Ms: q(0.95), writeMaxMs: sorted.at(-1), samples };
}

/**
 * Rotates the vault key of the open vault, as an admin does after removing a user: the admin's
 * passphrase and the recovery key derived and checked, everything re-sealed into a new generation,
 * the old one deleted (src/vault/services/rotation.ts). The new session stays open for lock().
 */
async function rotate(args: { passphrase: string; recoveryCode: string }) {
  const o = requireOpen();
  const derivations = { ms: [] as number[] };
  const t = now();
  const { session } = await rotateVaultKey({ ...o.deps, kdf: timedKdf(o.deps.kdf, derivations) }, o.session, { passphrase: args.passphrase, recovery: { code: args.recoveryCode } });
  const rotateMs = now() - t;
  opened = { deps: o.deps, session };
  const snap = session.getSnapshot();
  return { rotateMs, kdfMs: derivations.ms.reduce((a, b) => a + b, 0), derivations: derivations.ms.length, people: snap.people.size, events: snap.events.length, pages: await o.deps.db.pages.count() };
}

function newEventId(): string {
  return toBase64Url(randomBytes(16));
}

function lock() {
  const o = requireOpen();
  o.session.lock();
  o.deps.kdf.dispose();
  o.deps.db.close();
  opened = undefined;
  return {};
}

/**
 * Evacuate as the screen runs it (src/ui/screens/evacuate/Evacuate.tsx): the passphrase checked
 * again (one Argon2id run), the full backup to an off-site recipient (set untimed), main's save
 * (the harness's dialog answers at once; main writes, reads back and hashes), then the wipe. The
 * vault and its key files are gone afterwards.
 */
async function evacuate(args: { passphrase: string }) {
  const o = requireOpen();
  await o.session.settings.update({ offsiteRecipient: await identityToRecipient(await generateX25519Identity()) });
  const save = { started: 0, ended: 0, bytes: 0 };
  const t = now();
  const result = await evacuateVault(o.deps, o.session, {
    passphrase: args.passphrase,
    save: async (bytes) => {
      save.started = now();
      save.bytes = bytes.length;
      const saved = await saveBackupFile(bytes, new Date(), 'en');
      save.ended = now();
      return saved;
    },
  });
  const end = now();
  if (result.status !== 'wiped' || !result.backup) throw new Error('bench: evacuate did not write its backup');
  o.deps.kdf.dispose();
  opened = undefined;
  return {
    evacuateMs: end - t,
    // Where the time went: passphrase check and the encrypted backup; main's write and read-back (with the IPC); the hash check and the wipe.
    checkAndBackupMs: save.started - t,
    saveMs: save.ended - save.started,
    verifyAndWipeMs: end - save.ended,
    backupBytes: save.bytes,
  };
}

// ---- storage comparisons (same records, same browser, same run) -------------------------------

async function idiomaticDexieWrite(args: { dbName: string; seed: SeedOptions }) {
  return idiomaticWrite(args.dbName, data(args.seed));
}

async function idiomaticDexieRead(args: { dbName: string }) {
  return idiomaticRead(args.dbName);
}

async function plainPagesWrite(args: { dbName: string; seed: SeedOptions }) {
  const { sodium } = await browserVaultDeps();
  return writePlainPages(args.dbName, data(args.seed), sodium);
}

async function plainPagesRead(args: { dbName: string }) {
  const { sodium } = await browserVaultDeps();
  return readPlainPages(args.dbName, sodium);
}

// A fixed key: the write and the read happen in different page loads, and nothing here is secret.
const BENCH_KEY = new Uint8Array(32).fill(7);
const BENCH_VAULT = 'benchStorageVault00000';

async function encryptedModule() {
  // A separate chunk: if dexie-encrypted cannot load (CSP, missing install), only this figure is lost.
  return import('../legacy-dexie/baseline.js');
}

async function dexieEncryptedWrite(args: { dbName: string; seed: SeedOptions }) {
  const rows = plainRecords(data(args.seed));
  const mod = await encryptedModule();
  const { bulkPutMs } = await mod.write(args.dbName, BENCH_KEY, rows);
  return { bulkPutMs, rows: rows.length, dexie: mod.dexieVersion() };
}

async function dexieEncryptedRead(args: { dbName: string }) {
  const mod = await encryptedModule();
  const { readAllMs, rows } = await mod.read(args.dbName, BENCH_KEY);
  return { readAllMs, rows };
}

/**
 * The records the vault stores for this data set, built as Session does (each identity sealed under
 * its own key, the key wrapped), so sealed rows and sealed pages are compared on identical input.
 */
async function vaultRecords(d: SeedData): Promise<StoredRecord[]> {
  const { sodium } = await browserVaultDeps();
  const records = layoutRecords(d);
  const encoder = new TextEncoder();
  for (const p of d.people) {
    const personKey = newPersonKey();
    const wrapped = wrapPersonKey(sodium, { vaultId: BENCH_VAULT, personId: p.id, personKey, wrapKey: BENCH_KEY });
    const sealed = seal(sodium, personKey, { vaultId: BENCH_VAULT, store: 'people', itemId: p.id, version: 1 }, encoder.encode(JSON.stringify(p)));
    records.push({ t: 'personKey', id: p.id, v: toBase64(wrapped) }, { t: 'person', id: p.id, v: toBase64(sealed) });
  }
  records.push(...asRecords('event', d.events));
  return records;
}

const rowAad = (id: string) => ({ vaultId: BENCH_VAULT, store: 'records', itemId: id, version: 1 });

/** The alternative the vault's design was measured against: every record sealed in its own row. */
async function rowsWrite(args: { dbName: string; seed: SeedOptions }) {
  const records = await vaultRecords(data(args.seed));
  const { sodium } = await browserVaultDeps();
  const db = new VaultDb(args.dbName);
  await db.open();
  const encoder = new TextEncoder();
  const t = now();
  const rows: PageRow[] = records.map((r) => {
    const id = newEventId();
    return { id, vaultId: BENCH_VAULT, data: seal(sodium, BENCH_KEY, rowAad(id), encoder.encode(JSON.stringify(r))) };
  });
  const sealMs = now() - t;
  await db.pages.bulkAdd(rows);
  const writeMs = now() - t;
  db.close();
  return { writeMs, sealMs, rows: rows.length, bytes: rows.reduce((n, r) => n + r.data.length, 0) };
}

/** A row's record, checked as the vault checked every record before it checked them at write. */
const RowRecordSchema = z.strictObject({ t: z.string().min(1).max(32), id: z.string().min(1).max(200), v: z.unknown().optional(), del: z.literal(true).optional() });

async function rowsRead(args: { dbName: string }) {
  const { sodium } = await browserVaultDeps();
  const db = new VaultDb(args.dbName);
  await db.open();
  const decoder = new TextDecoder();
  const t = now();
  const rows = await db.pages.where('vaultId').equals(BENCH_VAULT).toArray();
  const fetchMs = now() - t;
  const records = rows.map((row) => RowRecordSchema.parse(JSON.parse(decoder.decode(openSealed(sodium, BENCH_KEY, rowAad(row.id), row.data)))));
  const readAllMs = now() - t;
  db.close();
  return { readAllMs, fetchMs, rows: rows.length, records: records.length };
}

/** The vault's layout: the same records in sealed pages (PageLog.appendBulk / readAll). */
/** The vault's own sealer over the same page code path as plainPages. */
const SEALED: PageTarget = { vaultId: BENCH_VAULT, key: BENCH_KEY };

async function pagesWrite(args: { dbName: string; seed: SeedOptions }) {
  const records = await vaultRecords(data(args.seed));
  const { sodium } = await browserVaultDeps();
  return pageLogWrite(args.dbName, records, sodium, SEALED);
}

async function pagesRead(args: { dbName: string }) {
  const { sodium } = await browserVaultDeps();
  return pageLogRead(args.dbName, sodium, SEALED);
}

async function deleteDb(args: { dbName: string }) {
  await Dexie.delete(args.dbName);
  return {};
}

const api = {
  seedVault,
  openVault,
  kdfWarm,
  kdfCosts,
  queries,
  writes,
  rotate,
  lock,
  evacuate,
  idiomaticDexieWrite,
  idiomaticDexieRead,
  plainPagesWrite,
  plainPagesRead,
  dexieEncryptedWrite,
  dexieEncryptedRead,
  rowsWrite,
  rowsRead,
  pagesWrite,
  pagesRead,
  deleteDb,
  heapBytes: () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
};
export type BenchApi = typeof api;

declare global {
  interface Window {
    bench?: BenchApi;
  }
}
window.bench = api;
document.body.dataset.ready = 'yes';
