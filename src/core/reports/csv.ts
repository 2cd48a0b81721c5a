/**
 * CSV in and out. Parsing follows RFC 4180 with the tolerance real spreadsheets need: a UTF-8 BOM,
 * CRLF, LF or CR line ends, and "," ";" or tab as the delimiter (Excel in a Russian locale writes ";").
 * Writing is core/csv.ts, shared with people.csv in bundles.
 */

import { AppError } from '../errors';

export { toCsv } from '../csv';

export class CsvError extends AppError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super('csv-malformed', message, { line });
    this.name = 'CsvError';
  }
}

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * Rows of fields. A quote opens a quoted field only at the start of a field; elsewhere it is kept as
 * text, as spreadsheets do. A quoted field may hold delimiters, line breaks and doubled quotes. Throws
 * CsvError only for a quoted field that never closes.
 */
export function parseCsv(text: string, delimiter: CsvDelimiter = detectDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let quoteStart = 0;
  const endField = () => {
    row.push(field);
    field = '';
    quoted = false;
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else inQuotes = false;
    } else if (c === '"' && field === '' && !quoted) {
      inQuotes = quoted = true;
      quoteStart = i;
    } else if (c === delimiter) {
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else {
      field += c;
    }
  }
  if (inQuotes) {
    const line = 1 + (text.slice(0, quoteStart).match(/\r\n|\r|\n/g)?.length ?? 0);
    throw new CsvError(`A quoted field opened on line ${line} is never closed.`, line);
  }
  if (field !== '' || quoted || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** The delimiter that splits the first line (outside quotes) most often; "," when none does. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  for (const c of text) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && c in counts) counts[c as CsvDelimiter]++;
  }
  return (Object.keys(counts) as CsvDelimiter[]).reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
}
