import { z } from 'zod';
import { randomBytes, toBase64Url } from '../core/crypto/bytes';
import { IntegrityError, open, seal, type ItemAad } from '../core/crypto/envelope';
import type { Sodium } from '../core/crypto/sodium';
import type { PageRow, VaultDb } from './db';

/**
 * The sealed page log. Every user action appends one page (one Dexie transaction with the head),
 * so a crash leaves the whole action or none of it. Small pages at the tail are merged once there
 * are enough of them, so opening a vault reads a few hundred rows, not one per record
 * (docs/architecture.md, "Storage, measured": IndexedDB's per-row cost dominates).
 *
 * Page plaintext: { from, to, records } where [from, to] is the range of sequence numbers the page
 * covers; pages are padded (small: 4 KiB blocks, merged: 64 KiB) so sizes say little.
 * AAD: { vaultId, store: 'pages', itemId: page id, version: PAGE_FORMAT }, so a page cannot be moved
 * into another vault or swapped with another row.
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

export const StoredRecordSchema = z.strictObject({
  t: z.string().min(1).max(32),
  id: z.string().min(1).max(200),
  v: z.unknown().optional(),
  del: z.literal(true).optional(),
});
export type StoredRecord = z.infer<typeof StoredRecordSchema>;

const PageSchema = z.strictObject({
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  records: z.array(StoredRecordSchema),
});
type Page = z.infer<typeof PageSchema>;

const HeadSchema = z.strictObject({ lastSeq: z.number().int().nonnegative() });

export interface DamagedItem {
  /** Opaque row id (never a name), safe to show and log. */
  itemId: string;
  store: string;
  reason: string;
}

export interface LogReadResult {
  records: StoredRecord[];
  lastSeq: number;
  damaged: DamagedItem[];
}

interface PageMeta {
  id: string;
  from: number;
  to: number;
  count: number;
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

export class PageLog {
  private lastSeq = 0;
  /** Page ids with their ranges, in sequence order (kept to merge the tail without reading it back). */
  private pages: PageMeta[] = [];
  private tail: { meta: PageMeta; records: StoredRecord[] }[] = [];
  private damagedCount = 0;

  constructor(
    private readonly db: VaultDb,
    private readonly sodium: Sodium,
    private readonly vaultId: string,
    private readonly key: Uint8Array,
    private readonly sealer: PageSealer = ENVELOPE,
  ) {}

  private aad(itemId: string, store = PAGES_STORE): ItemAad {
    return { vaultId: this.vaultId, store, itemId, version: PAGE_FORMAT };
  }

  private sealPage(id: string, page: Page, padBlock: number): PageRow {
    const data = this.sealer.seal(this.sodium, this.key, this.aad(id), new TextEncoder().encode(JSON.stringify(page)), { padBlock });
    return { id, vaultId: this.vaultId, data };
  }

  private sealHead(lastSeq: number) {
    const data = this.sealer.seal(this.sodium, this.key, this.aad(this.vaultId, HEAD_STORE), new TextEncoder().encode(JSON.stringify({ lastSeq })));
    return { vaultId: this.vaultId, data };
  }

  /** Decrypts every page of this vault. Damaged pages are reported by id and skipped, never rewritten. */
  async readAll(): Promise<LogReadResult> {
    const [rows, headRow] = await this.db.transaction('r', this.db.pages, this.db.heads, () =>
      Promise.all([this.db.pages.where('vaultId').equals(this.vaultId).toArray(), this.db.heads.get(this.vaultId)]),
    );
    const damaged: DamagedItem[] = [];
    const opened: { meta: PageMeta; page: Page }[] = [];
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const row of rows) {
      try {
        const plain = this.sealer.open(this.sodium, this.key, this.aad(row.id), row.data);
        const page = PageSchema.parse(JSON.parse(decoder.decode(plain)));
        opened.push({ meta: { id: row.id, from: page.from, to: page.to, count: page.records.length }, page });
      } catch (error) {
        damaged.push({ itemId: row.id, store: PAGES_STORE, reason: error instanceof IntegrityError ? 'ciphertext does not authenticate' : 'content is malformed' });
      }
    }
    opened.sort((a, b) => a.meta.from - b.meta.from);
    let headSeq: number | undefined;
    if (headRow) {
      try {
        const plain = this.sealer.open(this.sodium, this.key, this.aad(this.vaultId, HEAD_STORE), headRow.data);
        headSeq = HeadSchema.parse(JSON.parse(decoder.decode(plain))).lastSeq;
      } catch {
        damaged.push({ itemId: this.vaultId, store: HEAD_STORE, reason: 'ciphertext does not authenticate' });
      }
    }
    // Gaps in the sequence, or a head ahead of the pages, mean pages were deleted or rolled back.
    let expected = 1;
    for (const { meta } of opened) {
      if (meta.from > expected) damaged.push({ itemId: `${expected}-${meta.from - 1}`, store: 'sequence', reason: 'pages are missing' });
      expected = Math.max(expected, meta.to + 1);
    }
    const pagesSeq = expected - 1;
    if (headSeq !== undefined && headSeq > pagesSeq) {
      damaged.push({ itemId: `${pagesSeq + 1}-${headSeq}`, store: 'sequence', reason: 'pages are missing' });
    }
    this.lastSeq = Math.max(pagesSeq, headSeq ?? 0);
    this.pages = opened.map((o) => o.meta);
    // The mergeable tail: the small pages after the last large one.
    const lastLarge = opened.reduce((at, o) => (o.meta.count >= LARGE_PAGE_RECORDS ? o.meta.from : at), 0);
    this.tail = opened.filter((o) => o.meta.from > lastLarge).map((o) => ({ meta: o.meta, records: o.page.records }));
    this.damagedCount = damaged.length;
    if (!headRow && rows.length > 0 && damaged.length === 0) {
      // Schema v1 had no head: write it now that we know where the log ends.
      await this.db.heads.put(this.sealHead(this.lastSeq));
    }
    return { records: opened.flatMap((o) => o.page.records), lastSeq: this.lastSeq, damaged };
  }

  /** Appends one page atomically with the head; merges the tail when it has grown. */
  async append(records: StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
    for (const r of records) StoredRecordSchema.parse(r);
    const seq = this.lastSeq + 1;
    const meta: PageMeta = { id: newPageId(), from: seq, to: seq, count: records.length };
    const row = this.sealPage(meta.id, { from: seq, to: seq, records }, SMALL_PAD);
    await this.db.transaction('rw', this.db.pages, this.db.heads, async () => {
      await this.db.pages.add(row);
      await this.db.heads.put(this.sealHead(seq));
    });
    this.lastSeq = seq;
    this.pages.push(meta);
    this.tail.push({ meta, records });
    if (this.tail.length >= TAIL_MERGE_AT && this.damagedCount === 0) await this.mergeTail();
  }

  /**
   * Seals one page now and returns its write, for a session's last page: the lock's audit entry is
   * sealed while the keys exist and written after they are zeroed. The tail is not merged.
   */
  sealLast(records: StoredRecord[]): () => Promise<void> {
    for (const r of records) StoredRecordSchema.parse(r);
    const seq = this.lastSeq + 1;
    const id = newPageId();
    const row = this.sealPage(id, { from: seq, to: seq, records }, SMALL_PAD);
    const head = this.sealHead(seq);
    this.lastSeq = seq;
    return () =>
      this.db.transaction('rw', this.db.pages, this.db.heads, async () => {
        await this.db.pages.add(row);
        await this.db.heads.put(head);
      });
  }

  /** Writes many records as large pages in one transaction (seeding, imports). */
  async appendBulk(records: StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
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
    await this.db.transaction('rw', this.db.pages, this.db.heads, async () => {
      await this.db.pages.bulkAdd(rows);
      await this.db.heads.put(this.sealHead(seq));
    });
    this.lastSeq = seq;
    this.pages.push(...metas);
    // A bulk write ends the mergeable tail: what came before it is no longer contiguous with what follows.
    this.tail = metas.length === 1 && metas[0]!.count < LARGE_PAGE_RECORDS ? [...this.tail, { meta: metas[0]!, records: records }] : [];
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
    await this.db.transaction('rw', this.db.pages, async () => {
      await this.db.pages.add(row);
      await this.db.pages.bulkDelete(oldIds);
    });
    const gone = new Set(oldIds);
    this.pages = [...this.pages.filter((p) => !gone.has(p.id)), meta];
    this.tail = meta.count < LARGE_PAGE_RECORDS ? [{ meta, records }] : [];
  }

  /** Number of page rows (for tests and the health screen). */
  get pageCount(): number {
    return this.pages.length;
  }
}
