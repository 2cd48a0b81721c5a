import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/core/csv';

/*
 * No cell of a CSV the app writes starts a formula, whichever separator a spreadsheet picks and however
 * it treats quotes. Three readers, each with ",", ";" and tab:
 *  - strict: RFC 4180; a quote opens a quoted field only at the field's start, elsewhere it is text
 *    (Excel, LibreOffice, our own parseCsv);
 *  - toggle: every quote switches quoting on or off (many hand-written splitters);
 *  - naive: split at line breaks and separators, then drop one pair of surrounding quotes.
 */

type Reader = (text: string, separator: string) => string[][];

const strict: Reader = (text, separator) => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let atStart = true;
  let inQuotes = false;
  const end = () => {
    row.push(field);
    field = '';
    atStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else inQuotes = false;
    } else if (c === '"' && atStart) {
      inQuotes = true;
      atStart = false;
    } else if (c === separator) end();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      end();
      rows.push(row);
      row = [];
    } else {
      field += c;
      atStart = false;
    }
  }
  if (field !== '' || row.length > 0) {
    end();
    rows.push(row);
  }
  return rows;
};

const toggle: Reader = (text, separator) => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      if (inQuotes && text[i + 1] === '"') field += text[++i];
      else inQuotes = !inQuotes;
    } else if (!inQuotes && c === separator) {
      row.push(field);
      field = '';
    } else if (!inQuotes && (c === '\r' || c === '\n')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
};

const naive: Reader = (text, separator) =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => line.split(separator).map((cell) => cell.replace(/^"/, '').replace(/"$/, '').replaceAll('""', '"')));

const READERS = { strict, toggle, naive };
const SEPARATORS = [',', ';', '\t'];

/** What spreadsheets run: a leading = + - @ (also full-width, also after spaces), or a leading tab or line break. */
const startsFormula = (cell: string) => /^[\t\r\n]/.test(cell) || /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u.test(cell);

function formulaCells(csv: string): string[] {
  const found: string[] = [];
  for (const [name, read] of Object.entries(READERS)) {
    for (const separator of SEPARATORS) {
      for (const cell of read(csv, separator).flat()) if (startsFormula(cell)) found.push(`${name} ${JSON.stringify(separator)}: ${JSON.stringify(cell)}`);
    }
  }
  return found;
}

// Text made mostly of what matters here: formula characters, separators, quotes, spaces and breaks.
const risky = fc.string({
  unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', ';', '"', "'", ' ', '\u00a0', '\uFF1D', 'a', '1', 'Я'),
  maxLength: 12,
});
const cell = fc.oneof(risky, fc.string({ maxLength: 12 }), fc.integer({ min: -1000, max: 1000 }));
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 });

describe('CSV cells (core/csv)', () => {
  it('quote every cell and defuse a formula at the start of a cell', () => {
    expect(toCsv([['plain', 5, '', '=1+1', '-2', '+3', '@SUM(A1)', '\tx', '\rx', '\nx', ' =1', '＝1', 'a=b', '<5']])).toBe(
      `"plain","5","","'=1+1","'-2","'+3","'@SUM(A1)","'\tx","'\rx","'\nx","' =1","'＝1","a=b","<5"\r\n`,
    );
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it('defuse a formula after a separator or line break inside a cell (a reader that splits on ";" or tab)', () => {
    expect(csvCell('Anna;=1+1;')).toBe(`"Anna;'=1+1;'"`);
    expect(csvCell('two\n')).toBe(`"two\n'"`);
    expect(csvCell('ok\t=2+2')).toBe(`"ok\t'=2+2"`);
    expect(csvCell('a,  -1')).toBe(`"a,'  -1"`);
    expect(csvCell('needs:\n- insulin')).toBe(`"needs:\n'- insulin"`);
    expect(csvCell('x;"=1"')).toBe(`"x;'""=1"""`);
    expect(csvCell('a;\t=1')).toBe(`"a;'\t'=1"`);
    // Ordinary text keeps its separators as they are.
    expect(csvCell('ru; en, uk')).toBe('"ru; en, uk"');
    expect(formulaCells(toCsv([['alias', 'notes'], ['Guest', 'Anna;=1+1;'], ['Guest', 'ok\t=2+2']]))).toEqual([]);
  });

  it('no reader, with any of the three separators, finds a cell that starts a formula', () => {
    fc.assert(
      fc.property(table, (rows) => {
        expect(formulaCells(toCsv(rows))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('read with "," as written, keep every row and cell, and change nothing but added apostrophes', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const read = strict(toCsv(rows), ',');
        expect(read.map((r) => r.length)).toEqual(rows.map((r) => r.length));
        expect(read.map((r) => r.map((c) => c.replaceAll("'", '')))).toEqual(rows.map((r) => r.map((c) => String(c).replaceAll("'", ''))));
      }),
      { numRuns: 300 },
    );
  });
});
