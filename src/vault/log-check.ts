import { z } from 'zod';
import { SeqSchema } from '../core/crypto/keyfile';

/**
 * What the sealed head says about the page log, and the pure check of the pages found against it
 * and against main's witness (docs/threat-model.md, "Rollback and replay").
 *
 * The head lists every live page by id with the sequence range sealed inside it. IndexedDB keeps
 * every row it was ever given (LevelDB), and a copy of the disk keeps older ones, so anyone who can
 * write the profile can put back a page that was merged away or a whole earlier state, without any
 * key. Such a page is sealed and authentic; only the head can say it is no longer live.
 * Main keeps the last sequence number it was told of in the key file and never lowers it, so an
 * earlier head and its pages (a rollback) or no head at all are seen too.
 */

/** One live page: row id, first and last sequence number. */
const PageRefSchema = z.tuple([z.string().min(1).max(64), SeqSchema, SeqSchema]);
export const HeadSchema = z.strictObject({ lastSeq: SeqSchema, pages: z.array(PageRefSchema) });
export type Head = z.infer<typeof HeadSchema>;
export type PageRef = z.infer<typeof PageRefSchema>;

export interface DamagedItem {
  /** Opaque row id (never a name), safe to show and log. */
  itemId: string;
  store: string;
  reason: string;
  /** Where in the log: a sequence range "from-to" (a page), or "head<witness" (a rolled-back head). */
  at?: string;
}

export interface PageMeta {
  id: string;
  from: number;
  to: number;
  count: number;
}

/** The head as read: a current one, one written before heads listed pages (no list), or none. */
export type HeadFound = { kind: 'listed'; head: Head } | { kind: 'unlisted'; lastSeq: number } | { kind: 'missing' } | { kind: 'unreadable' };

export interface LogCheck {
  /** The pages to read, in sequence order. */
  live: PageMeta[];
  /** The next write continues after this; never a number a page found already uses. */
  lastSeq: number;
  damaged: DamagedItem[];
  /** True when the head has no list yet: one may be written now, if nothing is wrong (page-log.ts). */
  upgrade: boolean;
}

export const REASONS = {
  notListed: 'page is not listed by the head',
  overlapping: 'overlapping sequence range',
  repeated: 'repeated sequence range',
  missing: 'pages are missing',
  headMissing: 'head is missing',
  headOlder: 'head is older than the key file',
  headOld: 'head in an old format',
} as const;

const range = (p: { from: number; to: number }) => `${p.from}-${p.to}`;

/**
 * Checks the pages found against the head and main's witness (undefined: a key file written before
 * main kept one). Every page found but not listed, every overlap or repeat, every gap, a head older
 * than the witness and a missing head are reported with where they are; nothing is repaired.
 */
export function checkLog(args: { vaultId: string; pages: readonly PageMeta[]; rows: number; head: HeadFound; witness: number | undefined }): LogCheck {
  const { vaultId, head, witness } = args;
  const damaged: DamagedItem[] = [];
  const sorted = [...args.pages].sort((a, b) => a.from - b.from || a.to - b.to || (a.id < b.id ? -1 : 1));
  const listed = head.kind === 'listed' ? new Map(head.head.pages.map(([id, from, to]) => [id, range({ from, to })])) : undefined;
  const isLive = (p: PageMeta) => !listed || listed.get(p.id) === range(p);
  const live = sorted.filter(isLive);
  for (const p of sorted) if (!isLive(p)) damaged.push({ itemId: p.id, store: 'pages', reason: REASONS.notListed, at: range(p) });

  // Two pages sharing a sequence number: one is a replay. The one the head does not list is named.
  let reach: PageMeta | undefined;
  for (const p of sorted) {
    if (reach && p.from <= reach.to) {
      const reason = p.from === reach.from && p.to === reach.to ? REASONS.repeated : REASONS.overlapping;
      const named = !isLive(p) || isLive(reach) ? p : reach;
      damaged.push({ itemId: named.id, store: 'pages', reason, at: range(named) });
    }
    if (!reach || p.to > reach.to) reach = p;
  }

  let expected = 1;
  for (const p of live) {
    if (p.from > expected) damaged.push({ itemId: range({ from: expected, to: p.from - 1 }), store: 'sequence', reason: REASONS.missing });
    expected = Math.max(expected, p.to + 1);
  }
  const liveSeq = expected - 1;
  const headSeq = head.kind === 'listed' ? head.head.lastSeq : head.kind === 'unlisted' ? head.lastSeq : 0;
  const known = Math.max(headSeq, witness ?? 0);
  if (known > liveSeq) damaged.push({ itemId: range({ from: liveSeq + 1, to: known }), store: 'sequence', reason: REASONS.missing });

  if (witness !== undefined) {
    // The witness is only kept by versions that write listed heads: anything else is a replay.
    if ((head.kind === 'listed' || head.kind === 'unlisted') && headSeq < witness) {
      damaged.push({ itemId: vaultId, store: 'head', reason: REASONS.headOlder, at: `${headSeq}<${witness}` });
    }
    if (head.kind === 'unlisted') damaged.push({ itemId: vaultId, store: 'head', reason: REASONS.headOld });
    if (head.kind === 'missing' && args.rows > 0) damaged.push({ itemId: vaultId, store: 'head', reason: REASONS.headMissing });
  }

  const found = sorted.reduce((m, p) => Math.max(m, p.to), 0);
  const upgrade = args.rows > 0 && (head.kind === 'unlisted' || head.kind === 'missing');
  return { live, lastSeq: Math.max(known, found), damaged, upgrade };
}
