import { z } from 'zod';
import type { Sodium } from '../../core/crypto/sodium';
import { auditEntrySchema } from '../../core/model/audit';
import { DEFAULT_ARCHIVE_AFTER_DAYS } from '../../core/model/settings';
import type { StayEvent } from '../../core/model/stay-event';
import { decodeFold, type FoldImage } from '../../core/occupancy/image';
import { archiveCutoff, liveFoldImage, type Layout, type OccupancyState } from '../../core/occupancy';
import type { SnapshotRow, VaultDb } from '../db';
import { HeadSchema } from '../log-check';
import type { LogReadResult, PageLog, StoredRecord } from '../page-log';
import type { PeopleKeyring } from '../session/people-keyring';
import type { MutableState, StateStore } from '../session/state-store';
import { ArchiveRefSchema, SnapshotArchive } from './archive';
import { coveredPages, type Position } from './position';
import { newSnapshotId, openParts, readRows, sealPart, writeParts, type SealedParts } from './sealed';
import { decodeEventsPart, encodeEventsPart } from './events-part';
import { decodePeoplePart, decodeStatePart, encodePeoplePart, encodeStatePart, type StateImage } from './state-image';

/**
 * The sealed snapshot of everything an unlock builds from the log (docs/architecture.md, "Snapshot"):
 * the decrypted state, the people's sealed identities and wrapped keys as read, the stay events, and
 * the occupancy fold. Sealed in the background after a write once enough events have come since the last one; an unlock
 * whose head still lists the snapshot's pages unchanged (position.ts) reads it plus only the pages
 * after it, otherwise the log whole. The snapshot is authenticated like a page and was made from
 * records already checked when they were read, so its values are taken as they are, except what
 * a holder of the vault key must not be able to forge (docs/threat-model.md §23): user records go
 * through the decoder's signature checks, and audit entries are parsed and verified as from pages.
 */

/** Events since the last snapshot (or the vault's start) that make a write start a new one. */
export const SNAPSHOT_AFTER_EVENTS = 5_000;
/** Events per sealed part, so no single part (its string table) grows with the vault. */
const EVENTS_PER_PART = 50_000;
/** Parts 0-2; the events parts follow, then the fold's when there is one. */
const MANIFEST_PART = 0;
const STATE_PART = 1;
const PEOPLE_PART = 2;
const FIRST_EVENTS_PART = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const jsonPart = (value: unknown) => encoder.encode(JSON.stringify(value));
const parseJson = (bytes: Uint8Array) => JSON.parse(decoder.decode(bytes)) as unknown;

const ManifestSchema = z.strictObject({
  position: HeadSchema,
  events: z.number().int().nonnegative(),
  eventParts: z.number().int().nonnegative(),
  fold: z.boolean(),
  /** The archives of older histories beside it (archive.ts); `events` counts only the live ones. */
  archives: z.array(ArchiveRefSchema),
});
type Manifest = z.infer<typeof ManifestSchema>;

/** What an unlock restored: the fold as of the snapshot, with the layout and event count it was made over. */
export interface RestoredFold {
  state: OccupancyState;
  layout: Layout;
  events: number;
}

export class SnapshotKeeper {
  /** Live events the stored snapshot holds (0: none read); archived ones are counted by the archive. */
  private eventsCovered = 0;
  private restored: RestoredFold | undefined;
  private sealing: Promise<void> | undefined;
  /** The occupancy store's current fold, when it is in step with the state (operations.ts). */
  foldSource: (() => OccupancyState | undefined) | undefined;
  readonly archive: SnapshotArchive;

  constructor(
    private readonly db: VaultDb,
    private readonly sodium: Sodium,
    private readonly vaultId: string,
    private readonly key: () => Uint8Array,
    private readonly store: StateStore,
    private readonly keyring: PeopleKeyring,
    private readonly now: () => Date,
    /** Called when a seal ends: one that became due while it ran (writes skip it meanwhile) starts then. */
    private readonly afterSeal: () => void,
    /** The snapshot's rows if the unlock read them while the KDF ran (sealed.ts readRowsAhead); restore reads them otherwise. */
    private rowsAhead?: Promise<SnapshotRow[] | undefined>,
  ) {
    this.archive = new SnapshotArchive(db, sodium, vaultId, key, store);
  }

  /**
   * Reads the log for an unlock: the snapshot and the pages after it when it matches the head,
   * otherwise every page. A snapshot that does not open is ignored the same way.
   */
  async restore(log: PageLog, apply: (record: StoredRecord) => void): Promise<LogReadResult> {
    let parts: SealedParts | undefined;
    let manifest: Manifest | undefined;
    try {
      const rows = await (this.rowsAhead ?? readRows(this.db, this.vaultId));
      this.rowsAhead = undefined;
      parts = rows && openParts(this.sodium, this.vaultId, this.key(), rows);
      manifest = parts && ManifestSchema.parse(parseJson(parts.open(MANIFEST_PART)));
    } catch {
      manifest = undefined;
    }
    const read = await log.readAll(manifest && ((head) => coveredPages(manifest.position, head)));
    if (!read.covered || !parts || !manifest) return read;
    try {
      this.adopt(manifest, parts.open, apply);
    } catch {
      return log.readAll();
    }
    return read;
  }

  /** The fold restored at unlock, once (the occupancy store takes it instead of folding). */
  takeRestored(): RestoredFold | undefined {
    const restored = this.restored;
    this.restored = undefined;
    return restored;
  }

  private adopt(manifest: Manifest, open: (part: number) => Uint8Array, apply: (record: StoredRecord) => void): void {
    const image = decodeStatePart(open(STATE_PART));
    const people = decodePeoplePart(open(PEOPLE_PART));
    const events: StayEvent[] = [];
    for (let p = 0; p < manifest.eventParts; p++) decodeEventsPart(open(FIRST_EVENTS_PART + p), events);
    if (events.length !== manifest.events) throw new Error('snapshot events do not add up');
    const foldImage = manifest.fold ? (parseJson(open(FIRST_EVENTS_PART + manifest.eventParts)) as FoldImage) : undefined;
    const values = <T>(entries: [string, T][]) => entries.map(([, v]) => v);
    const layout: Layout = { houses: values(image.houses), rooms: values(image.rooms), beds: values(image.beds) };
    // Everything that can fail comes before the state is touched: a snapshot is taken whole or not at all.
    const restored = foldImage && { state: decodeFold(foldImage, events, layout), layout, events: events.length };
    const audit = image.audit.map((entry) => auditEntrySchema.parse(entry));
    const s: MutableState = this.store.state;
    s.houses = new Map(image.houses);
    s.rooms = new Map(image.rooms);
    s.beds = new Map(image.beds);
    s.partners = new Map(image.partners);
    s.availability = new Map(image.availability);
    s.settings = image.settings;
    s.security = image.security;
    s.duressSlotId = image.duressSlotId;
    s.orgKeys = image.orgKeys;
    s.drafts = new Map(image.drafts);
    s.audit = audit;
    s.events = events;
    this.keyring.adopt(people);
    this.archive.adopt(manifest.archives);
    // Roles are signatures: user records pass the same checks as when read from a page.
    for (const [id, user] of image.users) apply({ t: 'user', id, v: user });
    this.eventsCovered = events.length;
    this.restored = restored;
  }

  /**
   * Seals a snapshot of the state as it stands at `position` when one is due (enough new events,
   * nothing damaged), in the background: the state is copied now, then sealed a part at a time with
   * the page free in between, and dropped if the session locks first. A lock never waits for it: the
   * keys are zeroed at once whatever the vault's size (docs/security.md, "Locking").
   */
  sealInBackground(position: Position, open: () => boolean): void {
    const s = this.store.state;
    if (this.sealing || s.damaged.length > 0 || position.pages.length === 0 || s.events.length - this.archive.eventsInState() - this.eventsCovered < SNAPSHOT_AFTER_EVENTS) return;
    // Only a fold the occupancy store already holds: folding here would stall the page.
    const folded = this.foldSource?.();
    const cutoff = archiveCutoff(this.now().getTime(), s.settings.archiveAfterDays ?? DEFAULT_ARCHIVE_AFTER_DAYS);
    const plan = this.archive.plan(s.events, folded, cutoff);
    const live = plan.live;
    const foldImage = folded && liveFoldImage(folded, live, plan.archivedPeople);
    const image: StateImage = {
      houses: [...s.houses],
      rooms: [...s.rooms],
      beds: [...s.beds],
      partners: [...s.partners],
      availability: [...s.availability],
      users: [...s.users],
      settings: s.settings,
      security: s.security,
      duressSlotId: s.duressSlotId,
      orgKeys: s.orgKeys,
      drafts: [...s.drafts],
      audit: [...s.audit],
    };
    const people = this.keyring.image();
    const slices: StayEvent[][] = [];
    for (let i = 0; i < live.length; i += EVENTS_PER_PART) slices.push(live.slice(i, i + EVENTS_PER_PART));
    const archives = [...plan.kept, ...(plan.fresh ? [plan.fresh.ref] : [])];
    const manifest: Manifest = { position, events: live.length, eventParts: slices.length, fold: foldImage !== undefined, archives };
    // Encoded a part at a time, as each is sealed, so the page stays free in between.
    const parts: (() => Uint8Array)[] = [
      () => jsonPart(manifest),
      () => encodeStatePart(image),
      () => encodePeoplePart(people),
      ...slices.map((slice) => () => encodeEventsPart(slice)),
      ...(foldImage ? [() => jsonPart(foldImage)] : []),
    ];
    const events = live.length;
    this.sealing = (async (): Promise<boolean> => {
      const rows = [];
      const fresh = plan.fresh;
      for (let part = 0; fresh && part < fresh.slices.length; part++) {
        await pageIsFree();
        if (!open()) return false;
        rows.push(this.archive.sealPart(fresh.ref, part, fresh.slices[part]!));
      }
      const snap = newSnapshotId();
      for (let part = 0; part < parts.length; part++) {
        await pageIsFree();
        if (!open()) return false;
        rows.push(sealPart(this.sodium, this.vaultId, this.key(), snap, part, parts.length, parts[part]!()));
      }
      await writeParts(this.db, this.vaultId, rows, new Set(plan.kept.map((ref) => ref.id)));
      this.eventsCovered = events;
      this.archive.committed(plan);
      return true;
    })()
      // A snapshot is an optimisation: one that failed is simply not there, and the log is read whole.
      .catch(() => false)
      .then((sealed) => {
        this.sealing = undefined;
        // Only after a success: a seal that keeps failing is not retried in a loop.
        if (sealed) this.afterSeal();
      });
  }

  /** Once no snapshot is being sealed, the one a finished seal started included (tests and the bench wait; a lock does not). */
  async settled(): Promise<void> {
    while (this.sealing) await this.sealing;
  }
}

/** Lets the page paint and handle input between two parts. */
function pageIsFree(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
