import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Arrival, Departure } from '../../../src/core/model';
import { fold, placementOf, residentsAt, waitingForBed, type Layout } from '../../../src/core/occupancy';
import { mapRows, parseCsv, planImport, suggestMapping, type ImportContext, type ImportPlan } from '../../../src/core/reports';

// The houses docs/sample-import.csv refers to.
const layout: Layout = {
  houses: [
    { id: 'north', alias: 'North', city: 'Moscow' },
    { id: 'river', alias: 'River', city: 'Moscow' },
  ],
  rooms: [
    { id: 'n1', houseId: 'north', name: 'Room 1', capacity: 2 },
    { id: 'n2', houseId: 'north', name: 'Room 2', capacity: 2 },
    { id: 'r1', houseId: 'river', name: 'Main', capacity: 3 },
  ],
  beds: [
    { id: 'n1a', roomId: 'n1', label: 'A' },
    { id: 'n1b', roomId: 'n1', label: 'B' },
    { id: 'n2a', roomId: 'n2', label: 'A' },
    { id: 'n2b', roomId: 'n2', label: 'B' },
    { id: 'r1a', roomId: 'r1', label: '1' },
    { id: 'r1b', roomId: 'r1', label: '2' },
    { id: 'r1c', roomId: 'r1', label: '3' },
  ],
};
const context: ImportContext = { occupancy: fold([], layout), partners: [{ id: 'rr', name: 'Rainbow Railroad' }], recordedBy: 'u1' };
const NOW = '2024-06-01T09:00:00Z';

const HEADER =
  'Alias,Full name,Year of birth,Languages,Phone,Risk,Needs,Arrival date,House,Room,Bed,Departure date,Outcome,Destination country,Destination city,Partner,Notes';

function plan(csv: string, ctx: ImportContext = context): ImportPlan {
  const [headers = [], ...rows] = parseCsv(csv);
  return planImport(rows, suggestMapping(headers), ctx, NOW);
}

function problemsOf(result: ImportPlan) {
  if (result.ok) throw new Error('expected the import to be refused');
  return result.problems.map((p) => [p.row, p.field, p.code]);
}

describe('dates in the organisation zone', () => {
  it('a row arriving at 00:30 in Moscow is on that Moscow day', () => {
    const result = plan(`${HEADER}\nAnton,,,,,,housing,2024-05-20 00:30,North,,,,,,,,`, { ...context, zone: 'Europe/Moscow' });
    if (!result.ok) throw new Error('refused');
    expect(result.events.map((e) => e.at)).toEqual(['2024-05-19T21:30:00.000Z']);
  });
});

describe('suggestMapping', () => {
  it('maps the English headers of the sample file', () => {
    expect(suggestMapping(HEADER.split(','))).toEqual({
      alias: 0,
      legalName: 1,
      birthYear: 2,
      languages: 3,
      phone: 4,
      riskLevel: 5,
      needs: 6,
      arrivalDate: 7,
      house: 8,
      room: 9,
      bed: 10,
      departureDate: 11,
      outcome: 12,
      destinationCountry: 13,
      destinationCity: 14,
      partner: 15,
      notes: 16,
    });
  });

  it('maps Russian headers', () => {
    const headers = ['Псевдоним', 'ФИО', 'Год рождения', 'Языки', 'Телефон', 'Уровень риска', 'Потребности', 'Дата прибытия', 'Дом', 'Комната', 'Кровать', 'Дата выезда', 'Итог', 'Страна', 'Город', 'Партнёр', 'Примечания'];
    expect(Object.entries(suggestMapping(headers)).sort(([, a], [, b]) => a - b).map(([field]) => field)).toEqual([
      'alias',
      'legalName',
      'birthYear',
      'languages',
      'phone',
      'riskLevel',
      'needs',
      'arrivalDate',
      'house',
      'room',
      'bed',
      'departureDate',
      'outcome',
      'destinationCountry',
      'destinationCity',
      'partner',
      'notes',
    ]);
  });

  it('prefers an exact header over one that only contains the word, and leaves unknown columns out', () => {
    expect(suggestMapping(['Имя', 'Имя по паспорту'])).toEqual({ alias: 0, legalName: 1 });
    expect(suggestMapping(['Full name', 'Name', 'Favourite colour'])).toEqual({ legalName: 0, alias: 1 });
    expect(suggestMapping(['Arrival (date)', '  PHONE ', 'Дата  Выезда:'])).toEqual({ arrivalDate: 0, phone: 1, departureDate: 2 });
  });
});

describe('mapRows', () => {
  it('gives each row its spreadsheet number, trims cells and drops rows with nothing mapped', () => {
    const rows = [['  Sasha ', 'x', '2024-01-01'], ['', 'ignored', ''], ['Kolya', '', '']];
    expect(mapRows(rows, { alias: 0, arrivalDate: 2 })).toEqual([
      { row: 2, values: { alias: 'Sasha', arrivalDate: '2024-01-01' } },
      { row: 4, values: { alias: 'Kolya' } },
    ]);
  });
});

describe('planImport', () => {
  it('plans the sample file: ten people, their stays, free beds chosen in order', () => {
    const result = plan(readFileSync(new URL('../../../docs/sample-import.csv', import.meta.url), 'utf8'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.people.map((p) => p.alias)).toEqual(['Artyom', 'Бахтияр', 'Ilya', 'Mansur', 'Dima', 'Kostya', 'Zelimkhan', 'Ruslan', 'Timur', 'Lev']);
    expect(result.events.filter((e) => e.type === 'arrival')).toHaveLength(9);
    expect(result.events.filter((e) => e.type === 'departure')).toHaveLength(5);
    expect(result.events.every((e) => e.recordedAt === '2024-06-01T09:00:00.000Z' && e.recordedBy === 'u1')).toBe(true);

    const byAlias = new Map(result.people.map((p) => [p.alias, p]));
    const b = byAlias.get('Бахтияр');
    expect(b).toMatchObject({
      riskLevel: 'high',
      languages: ['ru', 'tg'],
      needs: [
        { kind: 'housing', status: 'done' },
        { kind: 'documents', status: 'open' },
      ],
    });
    expect(b).not.toHaveProperty('legalName');
    const bEvents = result.events.filter((e) => 'personId' in e && e.personId === b?.id);
    expect(bEvents).toMatchObject([
      { type: 'arrival', at: '2024-01-15T12:00:00.000Z', houseId: 'north', bedId: 'n1b' },
      { type: 'departure', at: '2024-04-02T12:00:00.000Z', outcome: 'resettled', destinationCountry: 'CA', destinationCity: 'Ванкувер', partnerId: 'rr' },
    ]);
    expect((result.events.find((e) => e.type === 'departure' && e.personId === byAlias.get('Lev')?.id) as Departure).destinationCountry).toBe('IL');

    // Artyom had no bed given: the first free one. Kostya: Room 1 is full until April, Dima left Room 2 A on 28 February.
    const at = '2024-03-15T00:00:00Z';
    const bedOf = (alias: string) => placementOf(result.state, byAlias.get(alias)?.id ?? '', at)?.bedId;
    expect(['Artyom', 'Бахтияр', 'Kostya', 'Timur', 'Mansur', 'Zelimkhan'].map(bedOf)).toEqual(['n1a', 'n1b', 'n2a', 'n2b', 'r1a', 'r1b']);
    expect(residentsAt(result.state, at).size).toBe(6);
    // Known from the arrival the row gives, and taken on by it (the rule every recorded arrival follows).
    expect(byAlias.get('Kostya')?.needs).toEqual([
      {
        kind: 'housing',
        status: 'in-progress',
        history: [
          { at: '2024-03-01T12:00:00.000Z', status: 'open' },
          { at: '2024-03-01T12:00:00.000Z', status: 'in-progress' },
        ],
      },
    ]);
    // Ruslan has no stay: he is known, and waiting, from the import on, not on days before it.
    const ruslanWaiting = (when: string) => waitingForBed(result.state, result.people, when).map((w) => byAlias.get('Ruslan')?.id === w.personId);
    expect(ruslanWaiting(at)).toEqual([]);
    expect(ruslanWaiting(NOW)).toEqual([true]);
  });

  it('reads a ;-separated Russian sheet with a BOM', () => {
    const csv = '\uFEFFПсевдоним;Дата прибытия;Дом;Дата выезда;Итог;Страна\r\nАня;01.02.2024;river;10.02.2024;переселена;Канада\r\n';
    const result = plan(csv);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.events).toMatchObject([
      { type: 'arrival', houseId: 'river', bedId: 'r1a', at: '2024-02-01T12:00:00.000Z' },
      { type: 'departure', outcome: 'resettled', destinationCountry: 'CA' },
    ]);
  });

  it('reports every problem of every row, with row and field, and plans nothing', () => {
    const csv = [
      'Alias,Arrival date,House,Room,Bed,Departure date,Outcome,Destination country,Partner,Needs',
      ',2024-01-01,North,,,,,,,', //                                      2: no alias
      'Anna,2024-02-30,North,,,,,,,', //                                  3: no such date
      'Boris,2024-01-01,Lake,,,,,,,', //                                  4: unknown house
      'Vera,,,,,2024-01-05,resettled,,,', //                              5: departure without arrival
      'Gleb,2024-01-10,North,,,2024-01-05,resettled,,,', //               6: departure before arrival
      'Dasha,2024-01-01,North,Room 1,A,,,,,', //                          7: fine, takes Room 1 A
      'Egor,2024-01-03,North,Room 1,A,2024-01-09,other,,,', //            8: bed taken by Dasha
      'Zhenya,2024-01-01,River,,,2024-01-20,resettled,CA,Friends Inc,', // 9: unknown partner
      'Ivan,,,,,,,,,"housing, food"', //                                  10: unknown need
      'Kira,2024-01-01,River,,,2024-01-20,resettled,Atlantis,,', //       11: unknown country
      'Lev,2024-06-05,River,,,,,,,', //                                   12: more than a day ahead
      'Masha,2024-01-01,North,Room 3,,,,,,', //                           13: unknown room
      'Nina,2024-01-01,North,,C,,,,,', //                                 14: unknown bed
      'Olga,2024-01-01,North,,A,,,,,', //                                 15: two rooms have a bed A
      'Petr,2024-01-01,River,,,,resettled,,,', //                         16: outcome without departure
    ].join('\n');
    expect(problemsOf(plan(csv))).toEqual([
      [2, 'alias', 'REQUIRED'],
      [3, 'arrivalDate', 'INVALID_VALUE'],
      [4, 'house', 'UNKNOWN_HOUSE'],
      [5, 'arrivalDate', 'REQUIRED'],
      [6, 'departureDate', 'BEFORE_ARRIVAL'],
      [8, 'arrivalDate', 'BED_OCCUPIED'],
      [9, 'partner', 'UNKNOWN_PARTNER'],
      [10, 'needs', 'INVALID_VALUE'],
      [11, 'destinationCountry', 'INVALID_VALUE'],
      [12, 'arrivalDate', 'FUTURE_DATE'],
      [13, 'room', 'UNKNOWN_ROOM'],
      [14, 'bed', 'UNKNOWN_BED'],
      [15, 'bed', 'AMBIGUOUS_BED'],
      [16, 'outcome', 'REQUIRED'],
    ]);
  });

  it('explains each problem in words that name the field and what it expects, not the cell content', () => {
    const result = plan(`${HEADER}\nSasha,,19x4,,call me,extreme,"housing, food",2024-02-30,North,,,,,,,,\n`);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => p.message)).toEqual([
      'The birth year should be a year such as 1994.',
      'The risk level should be low, medium or high.',
      'Item 2 of the needs should be one of: housing, language, financial-literacy, medical, legal, documents, other.',
      'The arrival date should be a date such as 2024-03-01 or 01.03.2024.',
      'The phone: must be a phone number (digits, spaces, ( ) - and an optional leading +).',
    ]);
  });

  it('checks people against the schema too (length, phone format), and still reads the stay of such a row', () => {
    expect(problemsOf(plan(`Alias,Phone,Arrival date,House\n${'x'.repeat(61)},,2024-01-01,Lake\nSasha,call me,,\n`))).toEqual([
      [2, 'alias', 'INVALID_VALUE'],
      [2, 'house', 'UNKNOWN_HOUSE'],
      [3, 'phone', 'INVALID_VALUE'],
    ]);
  });

  it('fills the beds of a house, then says none is free, around people already there', () => {
    const existing = fold(
      [{ id: 'e1', type: 'arrival', at: '2023-12-01T12:00:00Z', recordedAt: '2023-12-01T12:00:00Z', personId: 'old', houseId: 'river', bedId: 'r1a' } satisfies Arrival],
      layout,
    );
    const result = plan('Alias,Arrival date,House\nA,2024-01-01,River\nB,2024-01-02,River\nC,2024-01-03,River\n', { ...context, occupancy: existing });
    expect(problemsOf(result)).toEqual([[4, 'house', 'NO_FREE_BED']]);
    const fits = plan('Alias,Arrival date,House\nA,2024-01-01,River\nB,2024-01-02,River\n', { ...context, occupancy: existing });
    if (!fits.ok) throw new Error('expected a plan');
    expect(fits.events.map((e) => (e as Arrival).bedId)).toEqual(['r1b', 'r1c']);
  });

  it('needs an alias column, and refuses very large files as a whole', () => {
    expect(planImport([['x']], { house: 0 }, context, NOW)).toEqual({
      ok: false,
      problems: [{ row: 0, field: 'alias', code: 'MISSING_COLUMN', message: 'No column is chosen for the alias, which every person needs.' }],
    });
    const rows = Array.from({ length: 5001 }, () => ['x']);
    expect(problemsOf(planImport(rows, { alias: 0 }, context, NOW))).toEqual([[0, undefined, 'TOO_MANY_ROWS']]);
  });
});

describe('destination countries', () => {
  const sheet = (countries: readonly string[]) =>
    ['Alias,Arrival date,House,Departure date,Outcome,Destination country', ...countries.map((c, i) => `P${i},2024-01-0${i + 1},River,2024-01-0${i + 2},resettled,${c}`)].join('\n');

  it('reads a name in either language or a code with the parser the departure form uses', () => {
    const result = plan(sheet(['Канада', 'Canada', 'canada', 'CA']));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.events.flatMap((e) => (e.type === 'departure' ? [e.destinationCountry] : []))).toEqual(['CA', 'CA', 'CA', 'CA']);
  });

  it('refuses Cyrillic look-alikes of a code, naming the letters and the country meant', () => {
    const result = plan(sheet(['СА']));
    if (result.ok) throw new Error('expected a refusal');
    expect(result.problems).toEqual([
      {
        row: 2,
        field: 'destinationCountry',
        code: 'LOOKALIKE_LETTERS',
        message: 'The destination country mixes Latin and Cyrillic letters that look alike (Cyrillic U+0421, Cyrillic U+0410).',
        letters: [
          { letter: 'С', script: 'Cyrillic', codePoint: 'U+0421', looksLike: 'C' },
          { letter: 'А', script: 'Cyrillic', codePoint: 'U+0410', looksLike: 'A' },
        ],
        suggestion: 'CA',
      },
    ]);
  });
});
