import { SENSITIVE_FIELDS, type ExportProfile, type Payload, type PersonRecord } from './schema';

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
 * The spreadsheet view of people.json, fully determined by it (the importer regenerates it and compares):
 * UTF-8 with BOM so spreadsheets detect Cyrillic or Arabic, CRLF rows (RFC 4180), sensitive columns only
 * when the profile allows them, and cells that a spreadsheet would run as a formula prefixed with "'".
 */
export function peopleToCsv(payload: Payload, profile: ExportProfile): Uint8Array {
  const columns: Column[] = [...BASE_COLUMNS];
  for (const field of SENSITIVE_FIELDS) if (profile[field]) columns.push([field, (p) => p[field] ?? '']);
  const rows = [columns.map(([header]) => header), ...payload.people.map((p) => columns.map(([, cell]) => cell(p)))];
  return new TextEncoder().encode(BOM + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n');
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
