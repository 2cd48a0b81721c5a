import { describe, expect, it } from 'vitest';
import { CsvError, detectDelimiter, parseCsv, toCsv } from '../../../src/core/reports';

describe('parseCsv', () => {
  it('reads RFC 4180: quoted delimiters, doubled quotes, line breaks inside quotes, CRLF', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n1,,3\r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['1', '', '3'],
    ]);
  });

  it('drops a UTF-8 BOM and takes LF or CR line ends, with or without a final one', () => {
    expect(parseCsv('\uFEFFимя,год\nСаша,1990')).toEqual([
      ['имя', 'год'],
      ['Саша', '1990'],
    ]);
    expect(parseCsv('a\rb\r')).toEqual([['a'], ['b']]);
  });

  it('keeps empty fields and empty lines, which still count as rows', () => {
    expect(parseCsv('a,b\n\n,\n')).toEqual([['a', 'b'], [''], ['', '']]);
    expect(parseCsv('""')).toEqual([['']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('keeps a stray quote inside an unquoted field as text, like spreadsheets', () => {
    expect(parseCsv('5" screen,ok\n')).toEqual([['5" screen', 'ok']]);
  });

  it('detects ; and tab delimiters from the header line (Excel in Russian writes ;)', () => {
    expect(detectDelimiter('Имя;Дата прибытия;"a,b"\n1,2,3')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
    expect(parseCsv('Имя;Город\r\nСаша;"Москва; центр"\r\n')).toEqual([
      ['Имя', 'Город'],
      ['Саша', 'Москва; центр'],
    ]);
  });

  it('refuses a quoted field that never closes, naming the line it opened on', () => {
    const thrown = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        return e;
      }
      throw new Error('parseCsv did not throw');
    };
    expect(thrown('a,b\r\n1,"open\r\n2,3\r\n')).toEqual(new CsvError('A quoted field opened on line 2 is never closed.', 2));
    expect(thrown('x\n\n"never')).toMatchObject({ name: 'CsvError', line: 3 });
  });
});

// How cells are written (quoting, formulas) is tested in tests/unit/csv/formula.test.ts.
describe('toCsv', () => {
  it('round-trips through parseCsv', () => {
    const rows = [
      ['Имя', 'Заметки'],
      ['Саша', 'quote " and, comma\r\nand a line'],
      ['', 'x'],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});
