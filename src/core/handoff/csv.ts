import { csvCell } from '../csv';
import { SENSITIVE_FIELDS, type ExportProfile, type FormatVersion, type Payload, type PersonRecord } from './schema';

const BOM = '\uFEFF';
type Column = readonly [header: string, cell: (p: PersonRecord) => string];

const BASE_COLUMNS: readonly Column[] = [
  ['alias', (p) => p.alias],
  ['birthYear', (p) => (p.birthYear === undefined ? '' : String(p.birthYear))],
  ['languages', (p) => p.languages.join('; ')],
  ['needs', (p) => p.needs.join('; ')],
  ['arrived', (p) => p.staySummary.arrived],
  ['departed', (p) => p.staySummary.departed ?? ''],
  ['daysInShelter', (p) => String(p.staySummary.daysInShelter)],
  ['outcome', (p) => p.outcome ?? ''],
];

/**
 * The spreadsheet view of people.json, fully determined by it and the format version (the importer
 * regenerates it and compares): UTF-8 with BOM so spreadsheets detect Cyrillic or Arabic, CRLF rows
 * (RFC 4180), sensitive columns only when the profile allows them. Cells are written by core/csv.ts
 * (version 2) or, to check bundles made before it, by version 1's rule (docs/bundle-format.md).
 */
export function peopleToCsv(payload: Payload, profile: ExportProfile, version: FormatVersion): Uint8Array {
  const columns: Column[] = [...BASE_COLUMNS];
  for (const field of SENSITIVE_FIELDS) if (profile[field]) columns.push([field, (p) => p[field] ?? '']);
  const rows = [columns.map(([header]) => header), ...payload.people.map((p) => columns.map(([, cell]) => cell(p)))];
  const cell = version === 1 ? version1Cell : csvCell;
  return new TextEncoder().encode(BOM + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n');
}

/** Version 1 quoted only cells holding `",\r\n` and defused only a leading = + - @ tab or CR. */
function version1Cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
