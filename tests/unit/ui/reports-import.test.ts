import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULE_CODES } from '../../../src/core/occupancy';
import { IMPORT_FIELDS, type ImportCode, type ImportProblem } from '../../../src/core/reports';
import { problemText, readSpreadsheet } from '../../../src/ui/screens/operations/ImportFile';

const IMPORT_CODES: ImportCode[] = ['TOO_MANY_ROWS', 'MISSING_COLUMN', 'UNKNOWN_HOUSE', 'UNKNOWN_ROOM', 'UNKNOWN_BED', 'AMBIGUOUS_BED', 'UNKNOWN_PARTNER', 'NO_FREE_BED'];
const load = (lang: string) => JSON.parse(readFileSync(`src/ui/i18n/locales/${lang}/reports.json`, 'utf8')) as object;
const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: { reports: load('en') } }, ru: { translation: { reports: load('ru') } } },
    lng: 'en',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
});

describe('readSpreadsheet', () => {
  it('reads UTF-8 with a BOM and ";" (Excel in a Russian locale), header apart from the rows', () => {
    const bytes = new TextEncoder().encode('\uFEFFПсевдоним;Дом\r\nАртём;Север\r\n');
    expect(readSpreadsheet('люди.csv', bytes)).toEqual({
      ok: true,
      sheet: { fileName: 'люди.csv', encoding: 'utf-8', headers: ['Псевдоним', 'Дом'], rows: [['Артём', 'Север']] },
    });
  });

  it('falls back to Windows-1251 when the bytes are not UTF-8, and says so', () => {
    // "Алиас" in Windows-1251: А=C0 л=EB и=E8 а=E0 с=F1.
    const bytes = Uint8Array.from([0xc0, 0xeb, 0xe8, 0xe0, 0xf1, 0x0a, 0x41, 0x0a]);
    const read = readSpreadsheet('x.csv', bytes);
    expect(read).toMatchObject({ ok: true, sheet: { encoding: 'windows-1251', headers: ['Алиас'], rows: [['A']] } });
  });

  it('reports an empty file and an unclosed quote with its line', () => {
    expect(readSpreadsheet('x.csv', new Uint8Array())).toEqual({ ok: false, problem: 'empty' });
    expect(readSpreadsheet('x.csv', new TextEncoder().encode(' , \n'))).toEqual({ ok: false, problem: 'empty' });
    expect(readSpreadsheet('x.csv', new TextEncoder().encode('Alias,Notes\nA,"open\nB,x\n'))).toEqual({ ok: false, problem: 'unclosed-quote', line: 2 });
  });

  it('reads the sample sheet in docs', () => {
    const read = readSpreadsheet('sample-import.csv', readFileSync('docs/sample-import.csv'));
    expect(read.ok && read.sheet.rows.length).toBe(10);
    expect(read.ok && read.sheet.headers[0]).toBe('Alias');
  });
});

describe('problemText', () => {
  const problems: ImportProblem[] = [
    ...IMPORT_CODES.map((code) => ({ row: 2, field: 'house' as const, code, message: 'english' })),
    ...RULE_CODES.map((code) => ({ row: 2, field: 'arrivalDate' as const, code, message: 'english' })),
    ...IMPORT_FIELDS.flatMap((field) => [
      { row: 3, field, code: 'INVALID_VALUE' as const, message: 'english' },
      { row: 3, field, code: 'REQUIRED' as const, message: 'english' },
    ]),
  ];

  for (const lang of ['en', 'ru']) {
    it(`has its own text in ${lang} for every import code, rule and field (never the English fallback)`, async () => {
      await i18n.changeLanguage(lang);
      for (const p of problems) {
        const text = problemText(i18n.t, p, 7000);
        expect(text, `${p.code} ${p.field}`).not.toBe('english');
        expect(text, `${p.code} ${p.field}`).not.toMatch(/\{\{|reports\./);
      }
    });
  }

  it('fills in the row count and limit, and the field name', async () => {
    await i18n.changeLanguage('en');
    expect(problemText(i18n.t, { row: 0, code: 'TOO_MANY_ROWS', message: 'x' }, 7000)).toBe(
      'The file has 7000 rows; at most 5000 can be imported at once. Split it into several files.',
    );
    expect(problemText(i18n.t, { row: 0, field: 'alias', code: 'MISSING_COLUMN', message: 'x' }, 1)).toBe('No column is chosen for the Alias.');
    await i18n.changeLanguage('ru');
    expect(problemText(i18n.t, { row: 4, field: 'departureDate', code: 'BEFORE_ARRIVAL', message: 'x' }, 1)).toBe('Дата выезда раньше даты заселения.');
  });

  it('words a code it does not know generically, never by the English message', async () => {
    await i18n.changeLanguage('ru');
    expect(problemText(i18n.t, { row: 1, code: 'SOMETHING_NEW' as ImportCode, message: 'Something new.' }, 1)).toBe('Эту строку нельзя импортировать.');
  });
});
