import Dexie from 'dexie';
import { randomBytes, toBase64Url } from '../core/crypto/bytes';
import { IntegrityError, open, seal, type ItemAad } from '../core/crypto/envelope';
import type { Sodium } from '../core/crypto/sodium';
import type { PageRow, VaultDb } from './db';
import { checkLog, type DamagedItem, type Head, type HeadFound, type PageMeta } from './log-check';
import { readHead } from './migrate';
import { decodePage, encodePage, LEGACY_FORMAT, PageFormatError, type Page, type StoredRecord } from './page-codec';
import type { Position } from './snapshot/position';
import { WitnessRaiser } from './witness-raiser';

export type { DamagedItem } from './log-check';
export type { StoredRecord } from './page-codec';

/**
 * The sealed page log. Every user action appends one page (one Dexie transaction with the head),
 * so a crash leaves the whole action or none of it. Small pages at the tail are merged once there
 * are enough of them, so opening a vault reads a few hundred rows, not one per record
 * (docs/architecture.md, "Storage, measured": IndexedDB's per-row cost dominates).
 *
 * Page plaintext: { from, to, records } where [from, to] is the range of sequence numbers the page
 * covers, encoded by page-codec.ts (the compact format; pages of the earlier JSON format are still
 * read); pages are padded (small: 4 KiB blocks, merged: 64 KiB) so sizes say little.
 * AAD: { vaultId, store: 'pages', itemId: page id, version: PAGE_FORMAT }, so a page cannot be moved
 * into another vault or swapped with another row. PAGE_FORMAT names the AAD's layout; the format of
 * the plaintext is its first byte, inside the AEAD.
 *
 * The head, sealed in the same transaction as every page write, lists the live pages (id and range)
 * and the last sequence number, which main also keeps in the key file (the witness): pages put back
 * from LevelDB's leftovers or an earlier copy of the disk, and a rolled-back or deleted head, are
 * reported by log-check.ts (docs/threat-model.md, "Rollback and replay"). The list stays short
 * because pages are merged: a few dozen rows for a large vault.
 */
export const PAGE_FORMAT = 1;
const PAGES_STORE = 'pages';
const HEAD_STORE = 'head';
const SMALL_PAD = 4096;
const LARGE_PAD = 65_536;
/** A page with at least this many records is "large" and stays as it is. */
export const LARGE_PAGE_RECORDS = 500;
/** Merge the tail once this many small pages have piled up. */
export const TAIL_MERGE_AT = 32;
/** Records per page when writing in bulk (seeding, imports, full rewrites). */
export const BULK_PAGE_RECORDS = 2000;

export interface LogReadResult {
  /** The records of the pages read (after the snapshot's pages when `covered`). */
  records: StoredRecord[];
  /**
   * Records read from pages of the earlier JSON format, written before values were checked at
   * write: the reader checks each against its schema. Records of compact pages were checked when
   * written (AuditCommit) and are authenticated by the page's AEAD.
   */
  unchecked: ReadonlySet<StoredRecord>;
  lastSeq: number;
  damaged: DamagedItem[];
  /** True when the pages a snapshot stands for were left unread (see readAll). */
  covered: boolean;
}

/** The live pages as read, with their format (only compact pages are merged: see mergeTail). */
interface OpenedPage {
  meta: PageMeta;
  page: Page;
  legacy: boolean;
}

const newPageId = () => toBase64Url(randomBytes(16));

/**
 * How pages and the head are sealed and opened. The app always uses the envelope (the default);
 * the bench passes a pass-through to measure the page layout without encryption
 * (docs/benchmarks.md, plainPages).
 */
export interface PageSealer {
  seal: typeof seal;
  open: typeof open;
}
const ENVELOPE: PageSealer = { seal, open };

/**
 * Main's copy of the last sequence number (the key file's `lastSeq`): what it held at unlock
 * (undefined for a key file written before main kept it), and how to raise it after a head write.
 */
export interface Witness {
  readonly lastSeq: number | undefined;
  advance(lastSeq: number): Promise<void>;
}

export class PageLog {
  private lastSeq = 0;
  /** Page ids with their ranges, in sequence order (kept to merge the tail without reading it back). */
  private pages: PageMeta[] = [];
  private tail: { meta: PageMeta; records: StoredRecord[] }[] = [];
  private damagedCount = 0;
  /** Writes run one after another: each head lists the pages of every write before it. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly raiser: WitnessRaiser | undefined;

  constructor(
    private readonly db: VaultDb,
    private readonly sodium: Sodium,
    private readonly vaultId: string,
    private readonly key: Uint8Array,
    private readonly sealer: PageSealer = ENVELOPE,
    /** None in the bench's bare page runs: no rollback check, nothing reported to main. */
    private readonly witness?: Witness,
  ) {
    this.raiser = witness && new WitnessRaiser(witness);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private aad(itemId: string, store = PAGES_STORE): ItemAad {
    return { vaultId: this.vaultId, store, itemId, version: PAGE_FORMAT };
  }

  private sealPage(id: string, page: Page, padBlock: number): PageRow {
    const data = this.sealer.seal(this.sodium, this.key, this.aad(id), encodePage(page), { padBlock });
    return { id, vaultId: this.vaultId, data };
  }

  private sealHead(lastSeq: number, pages: readonly PageMeta[]) {
    const head: Head = { lastSeq, pages: pages.map((p) => [p.id, p.from, p.to]) };
    const data = this.sealer.seal(this.sodium, this.key, this.aad(this.vaultId, HEAD_STORE), new TextEncoder().encode(JSON.stringify(head)));
    return { vaultId: this.vaultId, data };
  }

  /**
   * Tells main after the head is on disk, never before: main ahead of the head would be a false
   * rollback. Inside a caller's transaction (a vault being built or re-keyed) the head is not on
   * disk yet, and waiting on main would commit that transaction early: main then hears at the next
   * write. A page write does not wait for main's answer (witness-raiser.ts); the rest do.
   */
  private raise(lastSeq: number): boolean {
    if (!this.raiser || Dexie.currentTransaction) return false;
    this.raiser.send(lastSeq);
    return true;
  }

  private async witnessed(lastSeq: number): Promise<void> {
    if (this.raise(lastSeq)) await this.raiser?.settled();
  }

  /**
   * Decrypts every page of this vault and checks them against the head and main's witness
   * (log-check.ts). Damaged, replayed or unlisted pages are reported by id and skipped, never
   * rewritten; a head without a list is replaced by a listed one only when nothing is wrong.
   * `cover` names the listed pages a snapshot stands for (snapshot/position.ts): those are taken
   * as the sealed head lists them and neither loaded nor decrypted, and only the rest is returned.
   */
  async readAll(cover?: (head: Head) => ReadonlySet<string> | undefined): Promise<LogReadResult> {
    const pagesOfVault = () => this.db.pages.where('vaultId').equals(this.vaultId);
    // With a snapshot on offer only the row ids are fetched first; the rows it stands for are never loaded.
    const [found, headRow] = await this.db.transaction('r', this.db.pages, this.db.heads, () =>
      Promise.all([cover ? pagesOfVault().primaryKeys() : pagesOfVault().toArray(), this.db.heads.get(this.vaultId)]),
    );
    const damaged: DamagedItem[] = [];
    const opened = new Map<string, OpenedPage>();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let head: HeadFound = { kind: 'missing' };
    if (headRow) {
      try {
        const plain = this.sealer.open(this.sodium, this.key, this.aad(this.vaultId, HEAD_STORE), headRow.data);
        head = readHead(JSON.parse(decoder.decode(plain)));
      } catch {
        head = { kind: 'unreadable' };
        damaged.push({ itemId: this.vaultId, store: HEAD_STORE, reason: 'ciphertext does not authenticate' });
      }
    }
    // Pages a snapshot stands for are taken as the authenticated head lists them, without being read
    // (counted as large, so they are never part of the mergeable tail).
    const covered = head.kind === 'listed' && cover ? cover(head.head) : undefined;
    const listed = new Map(head.kind === 'listed' && covered ? head.head.pages.map((ref) => [ref[0], ref]) : []);
    const ids = found.map((row) => (typeof row === 'string' ? row : row.id));
    for (const id of ids) {
      const ref = covered?.has(id) ? listed.get(id) : undefined;
      if (ref) opened.set(id, { meta: { id, from: ref[1], to: ref[2], count: LARGE_PAGE_RECORDS }, page: { from: ref[1], to: ref[2], records: [] }, legacy: false });
    }
    const rows = found.every((row) => typeof row !== 'string')
      ? found
      : (await this.db.pages.bulkGet(ids.filter((id) => !opened.has(id)))).filter((row) => row !== undefined);
    for (const row of rows) {
      try {
        // Authenticated first: nothing of a page is parsed before its AEAD tag checks.
        const plain = this.sealer.open(this.sodium, this.key, this.aad(row.id), row.data);
        const { page, format } = decodePage(plain);
        opened.set(row.id, { meta: { id: row.id, from: page.from, to: page.to, count: page.records.length }, page, legacy: format === LEGACY_FORMAT });
      } catch (error) {
        damaged.push({ itemId: row.id, store: PAGES_STORE, reason: pageDamage(error) });
      }
    }
    const check = checkLog({ vaultId: this.vaultId, pages: [...opened.values()].map((o) => o.meta), rows: ids.length, head, witness: this.witness?.lastSeq });
    damaged.push(...check.damaged);
    const live = check.live.map((meta) => opened.get(meta.id)!);
    this.lastSeq = check.lastSeq;
    this.pages = check.live;
    // The mergeable tail: the small pages after the last large one or the last of the earlier format
    // (merging re-writes records in the compact format, which a reader trusts as checked at write).
    const lastLarge = live.reduce((at, o) => (o.meta.count >= LARGE_PAGE_RECORDS || o.legacy ? o.meta.from : at), 0);
    this.tail = live.filter((o) => o.meta.from > lastLarge).map((o) => ({ meta: o.meta, records: o.page.records }));
    this.damagedCount = damaged.length;
    if (check.upgrade && damaged.length === 0) {
      // Written before heads listed pages: the pages found are trusted this once (docs/threat-model.md).
      await this.db.heads.put(this.sealHead(this.lastSeq, this.pages));
      await this.witnessed(this.lastSeq);
    }
    const unchecked = new Set(live.filter((o) => o.legacy).flatMap((o) => o.page.records));
    return { records: live.flatMap((o) => o.page.records), unchecked, lastSeq: this.lastSeq, damaged, covered: covered !== undefined };
  }

  /** Appends one page atomically with the head; merges the tail when it has grown. */
  async append(records: StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.serial(async () => {
      this.raiser?.check();
      const seq = this.lastSeq + 1;
      const meta: PageMeta = { id: newPageId(), from: seq, to: seq, count: records.length };
      const row = this.sealPage(meta.id, { from: seq, to: seq, records }, SMALL_PAD);
      const pages = [...this.pages, meta];
      await this.db.transaction('rw', this.db.pages, this.db.heads, async () => {
        await this.db.pages.add(row);
        await this.db.heads.put(this.sealHead(seq, pages));
      });
      this.lastSeq = seq;
      this.pages = pages;
      this.tail.push({ meta, records });
      this.raise(seq);
      if (this.tail.length >= TAIL_MERGE_AT && this.damagedCount === 0) await this.mergeTail();
    });
  }

  /**
   * Seals one page now and returns its write, for a session's last page: the lock's audit entry is
   * sealed while the keys exist and written after they are zeroed. The tail is not merged.
   */
  sealLast(records: StoredRecord[]): () => Promise<void> {
    const seq = this.lastSeq + 1;
    const meta: PageMeta = { id: newPageId(), from: seq, to: seq, count: records.length };
    const row = this.sealPage(meta.id, { from: seq, to: seq, records }, SMALL_PAD);
    this.pages = [...this.pages, meta];
    const head = this.sealHead(seq, this.pages);
    this.lastSeq = seq;
    return async () => {
      await this.db.transaction('rw', this.db.pages, this.db.heads, async () => {
        await this.db.pages.add(row);
        await this.db.heads.put(head);
      });
      await this.witnessed(seq);
    };
  }

  /** Writes many records as large pages in one transaction (seeding, imports). */
  async appendBulk(records: StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.serial(async () => {
      this.raiser?.check();
      const rows: PageRow[] = [];
      const metas: PageMeta[] = [];
      let seq = this.lastSeq;
      for (let i = 0; i < records.length; i += BULK_PAGE_RECORDS) {
        const chunk = records.slice(i, i + BULK_PAGE_RECORDS);
        seq += 1;
        const meta = { id: newPageId(), from: seq, to: seq, count: chunk.length };
        rows.push(this.sealPage(meta.id, { from: seq, to: seq, records: chunk }, chunk.length >= LARGE_PAGE_RECORDS ? LARGE_PAD : SMALL_PAD));
        metas.push(meta);
      }
      const pages = [...this.pages, ...metas];
      await this.db.transaction('rw', this.db.pages, this.db.heads, async () => {
        await this.db.pages.bulkAdd(rows);
        await this.db.heads.put(this.sealHead(seq, pages));
      });
      this.lastSeq = seq;
      this.pages = pages;
      // A bulk write ends the mergeable tail: what came before it is no longer contiguous with what follows.
      this.tail = metas.length === 1 && metas[0]!.count < LARGE_PAGE_RECORDS ? [...this.tail, { meta: metas[0]!, records: records }] : [];
      this.raise(seq);
    });
  }

  /** Merges the small pages at the end of the log into one page covering their whole range. */
  private async mergeTail(): Promise<void> {
    const tail = this.tail;
    const first = tail[0]!.meta;
    const last = tail[tail.length - 1]!.meta;
    const records = tail.flatMap((t) => t.records);
    const meta: PageMeta = { id: newPageId(), from: first.from, to: last.to, count: records.length };
    const row = this.sealPage(meta.id, { from: meta.from, to: meta.to, records }, records.length >= LARGE_PAGE_RECORDS ? LARGE_PAD : SMALL_PAD);
    const oldIds = tail.map((t) => t.meta.id);
    const gone = new Set(oldIds);
    const pages = [...this.pages.filter((p) => !gone.has(p.id)), meta];
    // The head stops listing the merged pages in the same transaction: LevelDB keeps them, and a
    // copy put back must read as a replay.
    await this.db.transaction('rw', this.db.pages, this.db.heads, async () => {
      await this.db.pages.add(row);
      await this.db.pages.bulkDelete(oldIds);
      await this.db.heads.put(this.sealHead(this.lastSeq, pages));
    });
    this.pages = pages;
    this.tail = meta.count < LARGE_PAGE_RECORDS ? [{ meta, records }] : [];
  }

  /** The head as last written or read: what a snapshot taken now stands for (snapshot/position.ts). */
  position(): Position {
    return { lastSeq: this.lastSeq, pages: this.pages.map((p) => [p.id, p.from, p.to]) };
  }

  /** Number of page rows (for tests and the health screen). */
  get pageCount(): number {
    return this.pages.length;
  }
}

/** What health() says about a page that authenticated but does not decode, or did not authenticate. */
function pageDamage(error: unknown): string {
  if (error instanceof IntegrityError) return 'ciphertext does not authenticate';
  if (error instanceof PageFormatError) return error.message;
  return 'content is malformed';
}
