import { normalize } from './import-values';

/**
 * The first two steps of a spreadsheet import (import.ts plans the third): which column holds which
 * field (suggestMapping, from the header words in English and Russian), then each row's cells per
 * field (mapRows).
 */

export const IMPORT_FIELDS = [
  'alias',
  'legalName',
  'birthYear',
  'languages',
  'phone',
  'riskLevel',
  'needs',
  'notes',
  'arrivalDate',
  'house',
  'room',
  'bed',
  'departureDate',
  'outcome',
  'destinationCountry',
  'destinationCity',
  'partner',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index per field; a field without a column is left empty. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

/** Header words per field, English and Russian, compared after normalize(). */
const HEADER_WORDS: Record<ImportField, readonly string[]> = {
  alias: ['alias', 'pseudonym', 'nickname', 'name', 'псевдоним', 'имя', 'ник', 'позывной'],
  legalName: ['legal name', 'full name', 'passport name', 'name in passport', 'фио', 'полное имя', 'имя по паспорту', 'паспортное имя'],
  birthYear: ['birth year', 'year of birth', 'born', 'год рождения', 'г р'],
  languages: ['languages', 'language', 'языки', 'язык'],
  phone: ['phone', 'phone number', 'telephone', 'mobile', 'телефон', 'тел', 'мобильный'],
  riskLevel: ['risk', 'risk level', 'риск', 'уровень риска'],
  needs: ['needs', 'потребности', 'нужды'],
  notes: ['notes', 'note', 'comments', 'comment', 'заметки', 'примечания', 'примечание', 'комментарий', 'комментарии'],
  arrivalDate: ['arrival', 'arrival date', 'arrived', 'date of arrival', 'check in', 'дата прибытия', 'прибытие', 'дата заезда', 'заезд'],
  house: ['house', 'shelter', 'safe house', 'дом', 'квартира', 'шелтер', 'убежище'],
  room: ['room', 'комната'],
  bed: ['bed', 'кровать', 'койка', 'место'],
  departureDate: ['departure', 'departure date', 'left', 'date of departure', 'check out', 'дата выезда', 'выезд', 'дата отъезда', 'отъезд'],
  outcome: ['outcome', 'result', 'итог', 'результат', 'исход'],
  destinationCountry: ['destination country', 'country', 'страна', 'страна назначения'],
  destinationCity: ['destination city', 'city', 'город', 'город назначения'],
  partner: ['partner', 'partner organisation', 'organisation', 'organization', 'партнер', 'организация'],
};

/**
 * A guess at which column holds which field. A header equal to one of a field's words wins over one
 * that merely contains it ("Full name" is the legal name, not the alias), longer words over shorter;
 * each column and each field is used once.
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const candidates: { score: number; column: number; field: ImportField }[] = [];
  headers.forEach((header, column) => {
    const h = normalize(header);
    for (const field of IMPORT_FIELDS) {
      for (const word of HEADER_WORDS[field]) {
        const score = h === word ? 1000 + word.length : ` ${h} `.includes(` ${word} `) ? word.length : 0;
        if (score) candidates.push({ score, column, field });
      }
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column || IMPORT_FIELDS.indexOf(a.field) - IMPORT_FIELDS.indexOf(b.field));
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const { column, field } of candidates) {
    if (mapping[field] !== undefined || used.has(column)) continue;
    mapping[field] = column;
    used.add(column);
  }
  return mapping;
}

export interface ImportRow {
  /** Spreadsheet row number, the header being row 1. */
  readonly row: number;
  /** Trimmed cells per mapped field; empty cells are left out. */
  readonly values: Partial<Record<ImportField, string>>;
}

/** Data rows (the header row removed) to cells per field; rows with nothing in any mapped column are dropped. */
export function mapRows(rows: readonly (readonly string[])[], mapping: ColumnMapping): ImportRow[] {
  const out: ImportRow[] = [];
  rows.forEach((cells, i) => {
    const values: Partial<Record<ImportField, string>> = {};
    for (const field of IMPORT_FIELDS) {
      const column = mapping[field];
      const value = column === undefined ? '' : (cells[column] ?? '').trim();
      if (value) values[field] = value;
    }
    if (Object.keys(values).length > 0) out.push({ row: i + 2, values });
  });
  return out;
}
