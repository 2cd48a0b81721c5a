import type { NeedKind, Person } from '../../core/model';
import { needsHousingAt, needStatusAt, residentsAt, toMs, type Instant, type OccupancyState, type Placement } from '../../core/occupancy';
import type { VaultState } from '../../vault/session';

/**
 * Where each person stands at an instant, for the Residents list and the Person page:
 * - resident: in a bed;
 * - waiting: not in a bed and their housing need is not done, as of that instant (the engine's waitingForBed, so the
 *   dashboard and this list count the same people);
 * - departed: stayed before, not in a bed, not waiting;
 * - registered: never stayed and no open housing need (e.g. helped with documents only).
 */
export const RESIDENT_STATUSES = ['resident', 'waiting', 'departed', 'registered'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];

export interface ResidentRow {
  readonly person: Person;
  readonly status: ResidentStatus;
  readonly placement: Placement | undefined;
  /** The alias lower-cased once, so typing in the search box does not redo it 10,000 times. */
  readonly key: string;
  /** The kinds of need known and not done at that instant. */
  readonly openNeeds: readonly NeedKind[];
}

/** Has a housing need not done now. */
export function needsHousing(person: Person): boolean {
  return person.needs.some((n) => n.kind === 'housing' && n.status !== 'done');
}

const NO_ONE: ReadonlySet<string> = new Set();

/** Needs as they stood at `atMs`, like the placement; `archived`: people whose histories are in the unread archive. */
export function statusOf(state: OccupancyState, person: Person, placement: Placement | undefined, atMs: number, archived: ReadonlySet<string> = NO_ONE): ResidentStatus {
  if (placement) return 'resident';
  if (needsHousingAt(person, atMs)) return 'waiting';
  const first = state.persons.get(person.id)?.[0];
  // An archived person's stays, unread, all ended before the archive's cutoff (vault/history.ts).
  if (first === undefined && archived.has(person.id)) return 'departed';
  return first !== undefined && first.at <= atMs ? 'departed' : 'registered';
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Everyone's row, or 'pending' while identities are still opening after the unlock: a search then
 * would find nobody, when the people are only not open yet.
 */
export function residentRowsOf(state: OccupancyState, vault: Pick<VaultState, 'people' | 'identities' | 'archive'>, at: Instant): ResidentRow[] | 'pending' {
  return vault.identities === 'opening' ? 'pending' : residentRows(state, vault.people.values(), at, vault.archive?.personIds);
}

/** Every person with their status at `at`, sorted by alias. */
export function residentRows(state: OccupancyState, people: Iterable<Person>, at: Instant, archived: ReadonlySet<string> = NO_ONE): ResidentRow[] {
  const here = residentsAt(state, at);
  const ms = toMs(at);
  const rows: ResidentRow[] = [];
  for (const person of people) {
    const placement = here.get(person.id);
    const openNeeds = person.needs.filter((n) => (needStatusAt(n, ms) ?? 'done') !== 'done').map((n) => n.kind);
    rows.push({ person, placement, status: statusOf(state, person, placement, ms, archived), key: person.alias.toLocaleLowerCase(), openNeeds });
  }
  return rows.sort((a, b) => collator.compare(a.person.alias, b.person.alias));
}

export interface ResidentFilter {
  /** Part of the alias, any case. */
  readonly query?: string;
  /** In this house at the as-of instant. */
  readonly houseId?: string;
  readonly status?: ResidentStatus;
  /** Has this need, not yet done at the rows' instant. */
  readonly need?: NeedKind;
}

export function filterRows(rows: readonly ResidentRow[], filter: ResidentFilter): ResidentRow[] {
  const q = filter.query?.trim().toLocaleLowerCase() ?? '';
  const { houseId, status, need } = filter;
  return rows.filter(
    (r) =>
      (q === '' || r.key.includes(q)) &&
      (houseId === undefined || r.placement?.houseId === houseId) &&
      (status === undefined || r.status === status) &&
      (need === undefined || r.openNeeds.includes(need)),
  );
}

export function countByStatus(rows: readonly ResidentRow[]): Record<ResidentStatus, number> {
  const counts = Object.fromEntries(RESIDENT_STATUSES.map((s) => [s, 0])) as Record<ResidentStatus, number>;
  for (const r of rows) counts[r.status]++;
  return counts;
}
