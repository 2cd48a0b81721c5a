import type { TFunction } from 'i18next';
import { CsvError, MAX_IMPORT_ROWS, parseCsv, type ImportProblem } from '../../../core/reports';
import { countryProblemText } from '../../operations/countryText';

/** A spreadsheet as the mapping step needs it. */
export interface Spreadsheet {
  readonly fileName: string;
  /** UTF-8 unless the bytes are not valid UTF-8: Excel in a Russian locale saves "CSV" as Windows-1251. */
  readonly encoding: 'utf-8' | 'windows-1251';
  readonly headers: readonly string[];
  /** Data rows, the header row removed (so data row i is spreadsheet row i + 2). */
  readonly rows: readonly (readonly string[])[];
}

export type SpreadsheetRead = { ok: true; sheet: Spreadsheet } | { ok: false; problem: 'empty' } | { ok: false; problem: 'unclosed-quote'; line: number };

export function readSpreadsheet(fileName: string, bytes: Uint8Array): SpreadsheetRead {
  let text: string;
  let encoding: Spreadsheet['encoding'] = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Any byte string decodes as Windows-1251; the preview shows the names so a wrong guess is seen.
    encoding = 'windows-1251';
    text = new TextDecoder('windows-1251').decode(bytes);
  }
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, problem: 'unclosed-quote', line: error.line };
    throw error;
  }
  const [headers, ...rows] = table;
  if (!headers || headers.every((h) => h.trim() === '')) return { ok: false, problem: 'empty' };
  return { ok: true, sheet: { fileName, encoding, headers: headers.map((h) => h.trim()), rows } };
}

/**
 * A dry-run problem in the reader's language. Keys go by code and field rather than by the English
 * message (never shown: a code without a text, from a newer core, reads as a generic problem), so
 * the same rule reads the same wherever it is broken.
 */
export function problemText(t: TFunction, problem: ImportProblem, rowCount: number, language = 'en'): string {
  const field = problem.field === undefined ? '' : t(`reports.fields.${problem.field}`);
  const options = { field, rows: rowCount, max: MAX_IMPORT_ROWS, defaultValue: t('reports.import.problemUnknown') };
  switch (problem.code) {
    case 'LOOKALIKE_LETTERS':
      return `${field}: ${countryProblemText(t, { ok: false, error: problem.code, letters: problem.letters ?? [], ...(problem.suggestion !== undefined && { suggestion: problem.suggestion }) }, language)}`;
    case 'INVALID_VALUE':
      return t(`reports.import.invalid.${problem.field ?? 'alias'}`, options);
    case 'REQUIRED':
      return t(`reports.import.required.${problem.field ?? 'alias'}`, options);
    default:
      return t(`reports.import.problem.${problem.code}`, options);
  }
}
