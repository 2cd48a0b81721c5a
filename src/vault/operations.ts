/**
 * Occupancy for an unlocked session, and the one write path for stay events.
 *
 * API (screens, the dashboard, imports):
 * - `occupancyOf(session)` -> OccupancyStore, one per session (cached). It folds the event log the
 *   first time it is read (at unlock, when the first screen renders) and afterwards applies only the
 *   new events; a layout change re-indexes the layout and refolds only when it could change a rule
 *   (a bed moved to another room, a room's capacity lowered, events refused earlier).
 *   - `store.current()`: the OccupancyState for the vault as it is now (immutable; same object until
 *     something changes, so it works as a React snapshot and a memo key).
 *   - `store.subscribe(listener)`: called on every vault change (the session's own signal).
 * - `recordEvent(session, event, now, options)`: checks the schema and every engine rule (`apply`,
 *   including "not more than a day in the future" against `now`) and only then writes the event. An
 *   arrival or departure also moves the person's housing need by the one rule for it
 *   (core/occupancy/needs.ts, which the spreadsheet import follows too), written in the same page.
 *   Refused: throws EventRefusedError carrying the rule's `violation` (code + English message). Calls
 *   are serialised, so two forms cannot both take the last free bed.
 * - `checkEvent(session, event, now)`: the same rule check without writing (forms validate as you type).
 *
 * React: src/ui/operations/useOccupancy.ts wraps this as `useOccupancy()`.
 */
import { stayEventSchema, type Bed, type House, type Person, type Room, type StayEvent } from '../core/model';
import {
  apply,
  applyAll,
  fold,
  indexLayout,
  needsAfterMovement,
  validateEvent,
  type Instant,
  type Layout,
  type MovementOptions,
  type OccupancyState,
  type RuleViolation,
} from '../core/occupancy';
import { compareEvents, type Session, type VaultState } from './session';
import { AppError } from '../core/errors';
import { needsArchiveForEvent } from './history';

export class EventRefusedError extends AppError {
  constructor(readonly violation: RuleViolation) {
    super('event-refused', violation.message);
    this.name = 'EventRefusedError';
  }
}

/** An event recordEvent is writing, and the state it will make once the session has it. */
interface Expected {
  readonly base: OccupancyState;
  readonly event: StayEvent;
  readonly state: OccupancyState;
}

const EMPTY_LAYOUT: Layout = { houses: [], rooms: [], beds: [] };

export class OccupancyStore {
  private state: OccupancyState | undefined;
  private syncedVersion = -1;
  private syncedEvents = 0;
  /** Whether the archive's events were in the state at the last sync (snapshot/archive.ts). */
  private syncedArchiveLoaded: boolean | undefined;
  /** Layout records as last indexed, by kind and id (the session replaces an object when it changes). */
  private seen = new Map<string, House | Room | Bed>();
  private expected: Expected | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly session: Session) {
    // Dropped the moment the session locks, like the session's own decrypted state.
    session.subscribe(() => {
      if (session.isLocked) this.drop();
    });
    // A snapshot keeps this fold, brought up to date (cheap from an earlier fold), once a screen has
    // read it; never folded from nothing just for the snapshot (snapshot/keeper.ts).
    session.snapshots.foldSource = () => (this.state !== undefined ? this.current() : undefined);
  }

  subscribe = (listener: () => void): (() => void) => this.session.subscribe(listener);

  current = (): OccupancyState => {
    const vault = this.session.getSnapshot();
    if (this.state === undefined || vault.version !== this.syncedVersion) this.sync(vault);
    return this.state!;
  };

  /** Runs writes one after another; a failed one does not stop the next. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** recordEvent announces its event so the session's change can be taken without a scan. */
  expect(expected: Expected | undefined): void {
    this.expected = expected;
  }

  private drop(): void {
    this.state = fold([], EMPTY_LAYOUT);
    this.seen.clear();
    this.expected = undefined;
    this.syncedVersion = this.session.getSnapshot().version;
    this.syncedEvents = 0;
    this.syncedArchiveLoaded = undefined;
  }

  private sync(vault: VaultState): void {
    if (this.session.isLocked) return this.drop();
    const layout = layoutOf(vault);
    let state = this.state;
    const restored = state === undefined ? this.session.snapshots.takeRestored() : undefined;
    if (restored) {
      // The fold as of the unlock's snapshot, brought up to date like any earlier state.
      this.remember(restored.layout);
      this.syncedEvents = restored.events;
      state = restored.state;
    }
    if (state === undefined) {
      state = fold(vault.events, layout);
    } else {
      const change = this.layoutChange(state, layout);
      // Archived events merged in are older than the fold's: applying them one by one would redo it anyway.
      const archiveMerged = this.syncedArchiveLoaded === false && vault.archive?.loaded === true;
      if (change === 'structural' || archiveMerged) state = fold(vault.events, layout);
      else {
        if (change === 'safe') state = { ...state, layout: indexLayout(layout) };
        state = this.withNewEvents(state, vault, layout);
      }
    }
    this.remember(layout);
    this.state = state;
    this.syncedVersion = vault.version;
    this.syncedEvents = vault.events.length;
    this.syncedArchiveLoaded = vault.archive?.loaded;
  }

  private withNewEvents(state: OccupancyState, vault: VaultState, layout: Layout): OccupancyState {
    const events = vault.events;
    if (events.length === this.syncedEvents) return state;
    const expected = this.expected;
    if (expected && expected.base === state && events.length === this.syncedEvents + 1 && contains(events, expected.event)) {
      return expected.state;
    }
    // Written by another path (an import, a merge): one scan for unknown ids, then apply them; no refold.
    const fresh = events.filter((e) => !state.events.has(e.id));
    const applied = applyAll(state, fresh, this.session.now().getTime());
    // fold() is total: events stored without the rules still count, or land in `rejected`.
    return applied.ok ? applied.state : fold(events, layout);
  }

  /**
   * How the layout differs from the one last indexed: 'safe' changes (names, new houses, rooms and
   * beds, larger rooms) cannot make an accepted event invalid, so the state keeps its movements.
   */
  private layoutChange(state: OccupancyState, layout: Layout): 'none' | 'safe' | 'structural' {
    let changed = false;
    const same = <T extends House | Room | Bed>(kind: string, record: T, compatible: (old: T) => boolean) => {
      const old = this.seen.get(kind + record.id) as T | undefined;
      if (old === record) return true;
      changed = true;
      return old === undefined || compatible(old);
    };
    const compatible =
      layout.houses.every((h) => same('h', h, () => true)) &&
      layout.rooms.every((r) => same('r', r, (old) => old.houseId === r.houseId && old.capacity <= r.capacity)) &&
      layout.beds.every((b) => same('b', b, (old) => old.roomId === b.roomId));
    if (!changed) return 'none';
    // An event refused earlier may fit the new layout; only a refold finds out.
    return compatible && state.rejected.length === 0 ? 'safe' : 'structural';
  }

  private remember(layout: Layout): void {
    this.seen.clear();
    for (const h of layout.houses) this.seen.set('h' + h.id, h);
    for (const r of layout.rooms) this.seen.set('r' + r.id, r);
    for (const b of layout.beds) this.seen.set('b' + b.id, b);
  }
}

const stores = new WeakMap<Session, OccupancyStore>();

export function occupancyOf(session: Session): OccupancyStore {
  let store = stores.get(session);
  if (!store) stores.set(session, (store = new OccupancyStore(session)));
  return store;
}

/** Why the rules would refuse `event` now (schema problems are the form's job), or undefined. */
export function checkEvent(session: Session, event: StayEvent, now: Instant): RuleViolation | undefined {
  return validateEvent(occupancyOf(session).current(), event, now);
}

/** Validates and appends one stay event; see the API note at the top. Re-recording the same event is a no-op. */
export function recordEvent(session: Session, event: StayEvent, now: Instant, options: MovementOptions = {}): Promise<void> {
  const store = occupancyOf(session);
  return store.enqueue(async () => {
    const valid = stayEventSchema.parse(event);
    // Judged against the live events alone, a back-dated event could pass what the whole history refuses.
    if (needsArchiveForEvent(session.getSnapshot(), store.current(), valid)) await session.snapshots.archive.load();
    // An arrival or departure may change the person's needs: their identity must be open to read them.
    if (valid.type === 'arrival' || valid.type === 'departure') await session.people.whenOpen();
    const base = store.current();
    const result = apply(base, valid, now);
    if (!result.ok) throw new EventRefusedError(result.error);
    if (result.state === base) return;
    const person = personAfter(session, valid, options);
    store.expect({ base, event: valid, state: result.state });
    try {
      if (person) await session.batch.write({ people: [person], events: [valid] }, { action: `stay.${valid.type}`, details: { event: valid.id } });
      else await session.events.append(valid);
    } finally {
      store.expect(undefined);
    }
  });
}

/** The person as the event leaves their needs, or undefined when it changes nothing there. */
function personAfter(session: Session, event: StayEvent, options: MovementOptions): Person | undefined {
  if (event.type !== 'arrival' && event.type !== 'departure') return undefined;
  const person = session.people.get(event.personId);
  if (!person) return undefined;
  const needs = needsAfterMovement(person.needs, event, options);
  return needs === person.needs ? undefined : { ...person, needs: [...needs] };
}

function layoutOf(vault: VaultState): Layout {
  return { houses: [...vault.houses.values()], rooms: [...vault.rooms.values()], beds: [...vault.beds.values()] };
}

/** Binary search in the session's sorted log. */
function contains(events: readonly StayEvent[], event: StayEvent): boolean {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEvents(events[mid]!, event) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < events.length && compareEvents(events[i]!, event) === 0; i++) if (events[i]!.id === event.id) return true;
  return false;
}
