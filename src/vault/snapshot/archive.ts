import { z } from 'zod';
import { randomBytes, toBase64Url } from '../../core/crypto/bytes';
import { open, seal, type ItemAad } from '../../core/crypto/envelope';
import type { Sodium } from '../../core/crypto/sodium';
import { AppError } from '../../core/errors';
import type { StayEvent } from '../../core/model/stay-event';
import { splitArchive, type OccupancyState } from '../../core/occupancy';
import type { SnapshotRow, VaultDb } from '../db';
import { LockedError } from '../errors';
import { compareEvents } from '../session/record-decoder';
import type { StateStore } from '../session/state-store';

/**
 * The archive (docs/architecture.md, "Archive"): the stay events of people whose histories are closed
 * and older than the setting archiveAfterDays (core/occupancy/archive-split.ts), sealed in rows of
 * their own beside the snapshot. An unlock from the snapshot leaves them unread; the few views that
 * need them (dates before the cutoff, an archived person, a rotation) call load(). An archive is never
 * changed: the next snapshot names it again unless its people came back, so it is sealed once.
 * Each part's associated data names the store, the archive's random id, the part's index and count.
 */
const ARCHIVE_STORE = 'archive';
const ARCHIVE_FORMAT = 1;
const ROW_PREFIX = `${ARCHIVE_STORE}:`;
const PAD = 65_536;
const EVENTS_PER_PART = 50_000;
/** Fewer newly archivable events than this stay live: an archive per handful of people would only add rows. */
export const ARCHIVE_MIN_EVENTS = 1_000;

export const ArchiveRefSchema = z.strictObject({
  id: z.string().min(1).max(64),
  parts: z.number().int().positive(),
  /** Every event in it is older than this instant. */
  cutoff: z.iso.datetime(),
  events: z.number().int().nonnegative(),
  personIds: z.array(z.string()),
});
export type ArchiveRef = z.infer<typeof ArchiveRefSchema>;

/** What the state says about the archive: views of dates before `before` need load() while `loaded` is false. */
export interface ArchiveStatus {
  readonly before: string;
  readonly loaded: boolean;
  /** People with events not read yet. */
  readonly personIds: ReadonlySet<string>;
}

/** What a snapshot seals: the live events, the archives it names again, and a new one if due. */
export interface ArchivePlan {
  readonly live: readonly StayEvent[];
  readonly kept: readonly ArchiveRef[];
  readonly fresh: { readonly ref: ArchiveRef; readonly slices: readonly StayEvent[][] } | undefined;
  /** The people whose events `live` leaves out (the snapshot's fold image leaves them out too). */
  readonly archivedPeople: readonly string[];
}

interface Held {
  readonly ref: ArchiveRef;
  /** The ids of its events while they are in the state (sealed this session, or loaded). */
  ids: ReadonlySet<string> | undefined;
}

/** Snapshot rows that belong to an archive, and which. */
export function archiveOfRow(row: SnapshotRow): string | undefined {
  return row.snap.startsWith(ROW_PREFIX) ? row.snap.slice(ROW_PREFIX.length) : undefined;
}

const aad = (vaultId: string, id: string, part: number, parts: number): ItemAad => ({
  vaultId,
  store: ARCHIVE_STORE,
  itemId: `${id}/${part}/${parts}`,
  version: ARCHIVE_FORMAT,
});

// The events' encoding of the snapshot's own events parts (keeper.ts).
const encodeEvents = (events: readonly StayEvent[]) => new TextEncoder().encode(JSON.stringify(events));
const decodeEvents = (bytes: Uint8Array) => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as StayEvent[];

export class ArchiveDamagedError extends AppError {
  constructor(reason: string) {
    super('vault-damaged', `The archive of older history does not open: ${reason}.`);
    this.name = 'ArchiveDamagedError';
  }
}

export class SnapshotArchive {
  private held: Held[] = [];
  private loading: Promise<void> | undefined;

  constructor(
    private readonly db: VaultDb,
    private readonly sodium: Sodium,
    private readonly vaultId: string,
    private readonly key: () => Uint8Array,
    private readonly store: StateStore,
  ) {}

  /** An unlock from a snapshot: the archives it names, none of their events read. */
  adopt(refs: readonly ArchiveRef[]): void {
    this.held = refs.map((ref) => ({ ref, ids: undefined }));
    this.store.state.archive = this.status();
  }

  /**
   * Splits the state's events for a snapshot. Without the fold (`folded`) nothing new is archived,
   * and archives whose events are in the state are dropped (their events go live again).
   */
  plan(events: readonly StayEvent[], folded: OccupancyState | undefined, cutoffMs: number): ArchivePlan {
    const unread = this.held.filter((h) => h.ids === undefined).map((h) => h.ref);
    if (folded === undefined) return { live: events, kept: unread, fresh: undefined, archivedPeople: [] };
    const split = splitArchive(events, folded, cutoffMs);
    const archivedIds = new Set(split.archived.map((e) => e.id));
    const reused = this.held.filter((h) => h.ids !== undefined && [...h.ids].every((id) => archivedIds.has(id)));
    const inReused = new Set(reused.flatMap((h) => [...h.ids!]));
    const kept = [...unread, ...reused.map((h) => h.ref)];
    const archived = split.archived.filter((e) => !inReused.has(e.id));
    if (archived.length < ARCHIVE_MIN_EVENTS) {
      const named = new Set(reused.flatMap((h) => h.ref.personIds));
      const archivedPeople = split.personIds.filter((id) => named.has(id));
      return { live: events.filter((e) => !inReused.has(e.id)), kept, fresh: undefined, archivedPeople };
    }
    const slices: StayEvent[][] = [];
    for (let i = 0; i < archived.length; i += EVENTS_PER_PART) slices.push(archived.slice(i, i + EVENTS_PER_PART));
    const ref: ArchiveRef = {
      id: toBase64Url(randomBytes(16)),
      parts: slices.length,
      cutoff: new Date(cutoffMs).toISOString(),
      events: archived.length,
      // Of everyone archived now: a person also in a reused archive is still only named, never lost.
      personIds: split.personIds,
    };
    return { live: split.live, kept, fresh: { ref, slices }, archivedPeople: split.personIds };
  }

  /** Archived events that are in the state too (a new archive's, or loaded ones): not new since the snapshot. */
  eventsInState(): number {
    let n = 0;
    for (const h of this.held) n += h.ids?.size ?? 0;
    return n;
  }

  /** Archived events not read into the state (the bench reports them). */
  eventsUnread(): number {
    let n = 0;
    for (const h of this.held) if (h.ids === undefined) n += h.ref.events;
    return n;
  }

  /** Seals part `part` of a new archive as its row. */
  sealPart(ref: ArchiveRef, part: number, events: readonly StayEvent[]): SnapshotRow {
    const data = seal(this.sodium, this.key(), aad(this.vaultId, ref.id, part, ref.parts), encodeEvents(events), { padBlock: PAD });
    return { id: `${this.vaultId}/${ARCHIVE_STORE}/${ref.id}/${part}`, vaultId: this.vaultId, snap: ROW_PREFIX + ref.id, part, parts: ref.parts, data };
  }

  /** The snapshot of `plan` is written: its archives are the ones held now (a new one's events are in the state). */
  committed(plan: ArchivePlan): void {
    const before = new Map(this.held.map((h) => [h.ref.id, h]));
    this.held = plan.kept.map((ref) => ({ ref, ids: before.get(ref.id)?.ids }));
    if (plan.fresh) this.held.push({ ref: plan.fresh.ref, ids: new Set(plan.fresh.slices.flatMap((s) => s.map((e) => e.id))) });
    this.store.state.archive = this.status();
    this.store.changed();
  }

  /**
   * Reads every archive not in the state yet and merges its events in, in order; the occupancy store
   * then folds again. A part missing, altered or of another archive is damage: it is reported in the
   * state (the health check lists it) and the load fails, never taken as an empty history.
   */
  load(): Promise<void> {
    this.loading ??= this.read().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async read(): Promise<void> {
    const unread = this.held.filter((h) => h.ids === undefined);
    if (unread.length === 0) return;
    // A lock replaces the state: what was read by then belongs to no session and is dropped.
    const s = this.store.state;
    const opened: StayEvent[][] = [];
    for (const h of unread) {
      try {
        opened.push(await this.readArchive(h.ref));
      } catch (error) {
        if (this.store.state !== s) throw new LockedError();
        const reason = error instanceof ArchiveDamagedError ? error.message : 'ciphertext does not authenticate';
        if (!s.damaged.some((d) => d.store === ARCHIVE_STORE && d.itemId === h.ref.id)) s.damaged.push({ itemId: h.ref.id, store: ARCHIVE_STORE, reason });
        this.store.changed();
        throw error instanceof ArchiveDamagedError ? error : new ArchiveDamagedError('a part does not authenticate');
      }
    }
    if (this.store.state !== s) throw new LockedError();
    let events = s.events;
    unread.forEach((h, i) => {
      const archived = opened[i]!;
      h.ids = new Set(archived.map((e) => e.id));
      events = mergeSorted(events, archived);
    });
    s.events = events;
    s.archive = this.status();
    this.store.changed();
  }

  private async readArchive(ref: ArchiveRef): Promise<StayEvent[]> {
    const ids = Array.from({ length: ref.parts }, (_, part) => `${this.vaultId}/${ARCHIVE_STORE}/${ref.id}/${part}`);
    const rows = await this.db.snapshots.bulkGet(ids);
    const events: StayEvent[] = [];
    rows.forEach((row, part) => {
      if (!row) throw new ArchiveDamagedError(`part ${part} of ${ref.parts} is missing`);
      const plain = open(this.sodium, this.key(), aad(this.vaultId, ref.id, part, ref.parts), row.data);
      for (const e of decodeEvents(plain)) events.push(e);
    });
    if (events.length !== ref.events) throw new ArchiveDamagedError('its events do not add up');
    return events;
  }

  private status(): ArchiveStatus | undefined {
    if (this.held.length === 0) return undefined;
    const unread = this.held.filter((h) => h.ids === undefined);
    return {
      before: this.held.map((h) => h.ref.cutoff).reduce((a, b) => (a > b ? a : b)),
      loaded: unread.length === 0,
      personIds: new Set(unread.flatMap((h) => h.ref.personIds)),
    };
  }
}

/** Two lists in event order, merged (the archive's events are older than most live ones, but not all). */
function mergeSorted(a: readonly StayEvent[], b: readonly StayEvent[]): StayEvent[] {
  const out: StayEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareEvents(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
