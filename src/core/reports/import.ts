import { departureSchema, newId, personSchema, type Arrival, type Departure, type Need, type Partner, type Person, type StayEvent } from '../model';
import { applyAll, freeBedsDuring, needsAfterMovement, newNeed, toMs, type Instant, type OccupancyState, type RuleCode, type RuleViolation } from '../occupancy';
import { parseCountry, type LookalikeLetter } from '../countries';
import { normalize, readDate, readList, readNeed, readOutcome, readRisk } from './import-values';
import { IMPORT_FIELDS, mapRows, type ColumnMapping, type ImportField, type ImportRow } from './import-columns';

/**
 * Import of people and their stays from a spreadsheet, in three steps the UI shows one by one:
 * suggestMapping (which column is what) and mapRows (cells per field) in import-columns.ts, then
 * planImport here (a dry run that either lists everything to add or every row that breaks a rule;
 * nothing is added unless all rows pass). One row is one person with at most one stay; each row makes a new person (aliases are
 * not unique enough to match people already in the vault).
 */

export const MAX_IMPORT_ROWS = 5000;

export type ImportCode =
  | 'TOO_MANY_ROWS'
  | 'MISSING_COLUMN'
  | 'REQUIRED'
  | 'INVALID_VALUE'
  | 'UNKNOWN_HOUSE'
  | 'UNKNOWN_ROOM'
  | 'UNKNOWN_BED'
  | 'AMBIGUOUS_BED'
  | 'UNKNOWN_PARTNER'
  | 'NO_FREE_BED'
  | 'LOOKALIKE_LETTERS';

export interface ImportProblem {
  /** Spreadsheet row; 0 for the file as a whole. */
  readonly row: number;
  readonly field?: ImportField;
  /** An import code, or the occupancy rule the row's stay breaks. */
  readonly code: ImportCode | RuleCode;
  /** English; names the field and what is expected, never the cell's content. */
  readonly message: string;
  /** LOOKALIKE_LETTERS: the letters of the other script ("С U+0421 Cyrillic") and the country meant, if known. */
  readonly letters?: readonly LookalikeLetter[];
  readonly suggestion?: string;
}

export interface ImportContext {
  readonly occupancy: OccupancyState;
  readonly partners: readonly Partner[];
  /** The user running the import, recorded on the events. */
  readonly recordedBy?: string;
  /** The organisation's time zone, in which dates and times without a Z are read (UTC if not given). */
  readonly zone?: string;
}

export type ImportPlan =
  | { readonly ok: true; readonly people: Person[]; readonly events: StayEvent[]; readonly state: OccupancyState }
  | { readonly ok: false; readonly problems: ImportProblem[] };

/**
 * The dry run. Rows with a stay are placed in arrival order: a row naming a bed gets that bed, the
 * others the first bed (in layout order) free for the whole stay. Every problem of every row is
 * reported, sorted by row. On success `state` is the occupancy with everything added, `people` and
 * `events` what to store, in one transaction.
 */
export function planImport(rows: readonly (readonly string[])[], mapping: ColumnMapping, context: ImportContext, now: Instant): ImportPlan {
  if (rows.length > MAX_IMPORT_ROWS) {
    return fail([{ row: 0, code: 'TOO_MANY_ROWS', message: `The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once.` }]);
  }
  if (mapping.alias === undefined) {
    return fail([{ row: 0, field: 'alias', code: 'MISSING_COLUMN', message: 'No column is chosen for the alias, which every person needs.' }]);
  }
  const recordedAt = new Date(toMs(now)).toISOString();
  const problems: ImportProblem[] = [];
  const people: Person[] = [];
  const stays: (PlannedStay & { row: number })[] = [];
  for (const row of mapRows(rows, mapping)) {
    const read = readRow(row, context, recordedAt);
    if ('problems' in read) {
      problems.push(...read.problems);
      continue;
    }
    people.push(read.person);
    if (read.stay) stays.push({ row: row.row, ...read.stay });
  }

  let state = context.occupancy;
  const events: StayEvent[] = [];
  stays.sort((a, b) => (a.arrival.at < b.arrival.at ? -1 : a.arrival.at > b.arrival.at ? 1 : a.row - b.row));
  for (const { arrival, departure, houseId, bedIds, row } of stays) {
    const free = freeBedsDuring(state, houseId, arrival.at, departure?.at);
    // A bed named in the sheet is tried even if taken, so the row gets the rule's own reason.
    const beds = bedIds?.length === 1 ? bedIds : free.filter((b) => !bedIds || bedIds.includes(b));
    if (beds.length === 0) {
      problems.push({ row, field: 'house', code: 'NO_FREE_BED', message: 'No bed in this house is free for the whole stay.' });
      continue;
    }
    let refusal: RuleViolation | undefined;
    const placed = beds.some((bedId) => {
      const attempt: StayEvent[] = [{ ...arrival, bedId }, ...(departure ? [departure] : [])];
      const r = applyAll(state, attempt, now);
      if (!r.ok) {
        refusal ??= r.error;
        return false;
      }
      state = r.state;
      events.push(...attempt);
      return true;
    });
    if (!placed && refusal) {
      const field = refusal.eventId === departure?.id ? 'departureDate' : 'arrivalDate';
      problems.push({ row, field, code: refusal.code, message: refusal.message });
    }
  }
  if (problems.length > 0) return fail(problems.sort((a, b) => a.row - b.row));
  return { ok: true, people, events, state };
}

function fail(problems: ImportProblem[]): ImportPlan {
  return { ok: false, problems };
}

const FIELD_NAMES: Record<ImportField, string> = {
  alias: 'alias',
  legalName: 'legal name',
  birthYear: 'birth year',
  languages: 'languages',
  phone: 'phone',
  riskLevel: 'risk level',
  needs: 'needs',
  notes: 'notes',
  arrivalDate: 'arrival date',
  house: 'house',
  room: 'room',
  bed: 'bed',
  departureDate: 'departure date',
  outcome: 'outcome',
  destinationCountry: 'destination country',
  destinationCity: 'destination city',
  partner: 'partner',
};

const A_DATE = 'a date such as 2024-03-01 or 01.03.2024';

/** One row's cells, read into a person and a stay, collecting every problem on the way. */
class RowReader {
  readonly problems: ImportProblem[] = [];

  constructor(
    readonly row: number,
    readonly values: Partial<Record<ImportField, string>>,
  ) {}

  problem(field: ImportField, code: ImportCode, message: string): undefined {
    this.problems.push({ row: this.row, field, code, message });
    return undefined;
  }

  read<T>(field: ImportField, reader: (text: string) => T | undefined, expected: string, code: ImportCode = 'INVALID_VALUE'): T | undefined {
    const text = this.values[field];
    if (text === undefined) return undefined;
    return reader(text) ?? this.problem(field, code, `The ${FIELD_NAMES[field]} should be ${expected}.`);
  }

  /** The destination country, by the parser the departure form uses too. */
  country(): string | undefined {
    const text = this.values.destinationCountry;
    if (text === undefined) return undefined;
    const parsed = parseCountry(text);
    if (parsed.ok) return parsed.code;
    if (parsed.error !== 'LOOKALIKE_LETTERS') return this.problem('destinationCountry', 'INVALID_VALUE', 'The destination country should be a country name or a two-letter code such as CA.');
    const { letters, suggestion } = parsed;
    const listed = letters.map((l) => `${l.script} ${l.codePoint}`).join(', ');
    this.problems.push({
      row: this.row,
      field: 'destinationCountry',
      code: 'LOOKALIKE_LETTERS',
      message: `The destination country mixes Latin and Cyrillic letters that look alike (${listed}).`,
      letters,
      ...(suggestion !== undefined && { suggestion }),
    });
    return undefined;
  }

  /** Zod issues of a record built from this row, each on the field it came from. */
  schemaProblems(issues: readonly { path: readonly PropertyKey[]; message: string }[], fieldOf: (key: string) => ImportField): void {
    for (const issue of issues) {
      const field = fieldOf(String(issue.path[0]));
      this.problem(field, 'INVALID_VALUE', `The ${FIELD_NAMES[field]}: ${issue.message}.`);
    }
  }
}

/** A stay read from a row; planImport picks its bed. */
interface PlannedStay {
  readonly arrival: Omit<Arrival, 'bedId'>;
  readonly departure?: Departure;
  readonly houseId: string;
  /** Beds to choose from: the one named, or those of the room named; none: any in the house. */
  readonly bedIds?: readonly string[];
}

type RowResult = { person: Person; stay?: PlannedStay } | { problems: ImportProblem[] };

function readRow({ row, values }: ImportRow, context: ImportContext, recordedAt: string): RowResult {
  const r = new RowReader(row, values);
  if (values.alias === undefined) r.problem('alias', 'REQUIRED', 'Every person needs an alias.');
  const birthYear = r.read('birthYear', (t) => (/^\d{4}$/.test(t) ? Number(t) : undefined), 'a year such as 1994');
  const riskLevel = r.read('riskLevel', readRisk, 'low, medium or high') ?? 'medium';
  const kinds = readList(values.needs ?? '').map(
    (t, i) => readNeed(t) ?? r.problem('needs', 'INVALID_VALUE', `Item ${i + 1} of the needs should be one of: housing, language, financial-literacy, medical, legal, documents, other.`),
  );
  const readDay = (text: string) => readDate(text, context.zone);
  const arrivalAt = r.read('arrivalDate', readDay, A_DATE);
  const departureAt = r.read('departureDate', readDay, A_DATE);
  const outcome = r.read('outcome', readOutcome, 'one of: resettled, other-shelter, returned-home, left-without-notice, other');

  const personId = newId();
  const person = personSchema.safeParse(
    definedOnly({
      id: personId,
      alias: values.alias ?? '',
      legalName: values.legalName,
      birthYear,
      languages: readList(values.languages ?? ''),
      phone: values.phone,
      needs: [],
      riskLevel,
      notes: values.notes,
      consentToShare: [],
    }),
  );
  if (!person.success && values.alias !== undefined) {
    r.schemaProblems(person.error.issues, (key) => ((IMPORT_FIELDS as readonly string[]).includes(key) ? (key as ImportField) : 'alias'));
  }
  const stay = readStay(r, personId, arrivalAt, departureAt, outcome, context, recordedAt);
  if (r.problems.length > 0 || !person.success) return { problems: r.problems };
  // Needs are known from the arrival the row gives, else from now; the stay then moves the housing
  // need by the rule every recorded stay follows (core/occupancy/needs.ts). Each kind once: valid.
  const knownSince = stay?.arrival.at ?? recordedAt;
  let needs: readonly Need[] = [...new Set(kinds)].flatMap((kind) => (kind ? [newNeed(kind, 'open', knownSince)] : []));
  for (const movement of stay ? [stay.arrival, ...(stay.departure ? [stay.departure] : [])] : []) needs = needsAfterMovement(needs, movement);
  const withNeeds = { ...person.data, needs: [...needs] };
  return stay ? { person: withNeeds, stay } : { person: withNeeds };
}

function readStay(
  r: RowReader,
  personId: string,
  arrivalAt: string | undefined,
  departureAt: string | undefined,
  outcome: Departure['outcome'] | undefined,
  context: ImportContext,
  recordedAt: string,
): PlannedStay | undefined {
  const v = r.values;
  const destinationCountry = r.country();
  const partnerId = r.read('partner', (t) => context.partners.find((p) => normalize(p.name) === normalize(t))?.id, 'the name of a partner already in the app', 'UNKNOWN_PARTNER');
  // A date that is there but unreadable was reported already; only a missing one is asked for.
  if (v.departureDate === undefined) {
    for (const field of ['outcome', 'destinationCountry', 'destinationCity', 'partner'] as const) {
      if (v[field] !== undefined) r.problem(field, 'REQUIRED', `A departure date is needed with a ${FIELD_NAMES[field]}.`);
    }
  }
  if (v.arrivalDate === undefined) {
    for (const field of ['departureDate', 'house', 'room', 'bed'] as const) {
      if (v[field] !== undefined) r.problem('arrivalDate', 'REQUIRED', `An arrival date is needed with a ${FIELD_NAMES[field]}.`);
    }
  }
  if (arrivalAt === undefined) return undefined;
  if (v.house === undefined) return r.problem('house', 'REQUIRED', 'A house is needed with an arrival date.');
  const { layout } = context.occupancy;
  const house = [...layout.houses.values()].find((h) => normalize(h.alias) === normalize(v.house as string));
  if (!house) return r.problem('house', 'UNKNOWN_HOUSE', 'The house should be the alias of a house already in the app.');
  let rooms = layout.roomsOfHouse.get(house.id) ?? [];
  if (v.room !== undefined) {
    rooms = rooms.filter((room) => normalize(room.name) === normalize(v.room as string));
    if (rooms.length === 0) return r.problem('room', 'UNKNOWN_ROOM', 'The room should be the name of a room of that house.');
  }
  let bedIds = v.room === undefined ? undefined : rooms.flatMap((room) => (layout.bedsOfRoom.get(room.id) ?? []).map((b) => b.id));
  if (v.bed !== undefined) {
    const beds = rooms.flatMap((room) => layout.bedsOfRoom.get(room.id) ?? []).filter((b) => normalize(b.label) === normalize(v.bed as string));
    if (beds.length === 0) return r.problem('bed', 'UNKNOWN_BED', 'The bed should be the label of a bed of that house (and room, if given).');
    if (beds.length > 1) return r.problem('bed', 'AMBIGUOUS_BED', 'Several rooms of that house have a bed with this label: add a room column.');
    bedIds = beds.map((b) => b.id);
  }
  if (departureAt !== undefined && outcome === undefined) return r.problem('outcome', 'REQUIRED', 'An outcome is needed with a departure date.');

  const meta = { recordedAt, ...(context.recordedBy !== undefined && { recordedBy: context.recordedBy }) };
  const arrival = { id: newId(), type: 'arrival', at: arrivalAt, ...meta, personId, houseId: house.id } as const;
  const stay: PlannedStay = { arrival, houseId: house.id, ...(bedIds && { bedIds }) };
  if (departureAt !== undefined && outcome !== undefined) {
    const departure = departureSchema.safeParse(
      definedOnly({
        id: newId(),
        type: 'departure',
        at: departureAt,
        ...meta,
        personId,
        outcome,
        destinationCountry,
        destinationCity: v.destinationCity,
        partnerId,
      } satisfies Partial<Departure>),
    );
    if (departure.success) return { ...stay, departure: departure.data };
    r.schemaProblems(departure.error.issues, (key) => (key === 'destinationCity' || key === 'destinationCountry' ? key : 'departureDate'));
    return undefined;
  }
  return stay;
}

/** Drops keys whose value is undefined, so optional fields absent from the row stay absent from the record. */
function definedOnly<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
