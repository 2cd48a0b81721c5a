import { readFileSync } from 'node:fs';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../src/core/errors';
import { describeError } from '../../../src/ui/errors/describe';
import { translators } from '../support/translators';

/** Names that stay Latin in Russian text: the product, and tools and formats called by their own names. */
const LATIN_ALLOWED = ['Waystation', 'minisign', 'minisig', 'age', 'CSV'];

const file = (lang: string) => JSON.parse(readFileSync(`src/ui/i18n/locales/${lang}/errors.json`, 'utf8')) as Record<string, string>;
const SHARE_CODES = ERROR_CODES.filter((code) => code.startsWith('share-') && code !== 'share-too-few');

/** Latin words left after the allow-listed names are taken out. */
function latinWords(text: string): string[] {
  const words = text.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? [];
  return words.filter((word) => !LATIN_ALLOWED.includes(word));
}

/** A number for every placeholder the English text has, as the error's safe details would carry. */
function detailsFor(code: ErrorCode): Record<string, number> {
  const en = file('en');
  const names = [code, `${code}_numbered`].flatMap((key) => [...(en[key] ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!));
  return Object.fromEntries(names.map((name) => [name, 3]));
}

describe('error texts', () => {
  let t: { en: TFunction; ru: TFunction };
  beforeAll(async () => {
    t = await translators();
  });

  it('errors.json holds a text for every code and nothing else', () => {
    const expected = [...ERROR_CODES, ...SHARE_CODES.map((code) => `${code}_numbered`)].sort();
    expect(Object.keys(file('en')).sort()).toEqual(expected);
    expect(Object.keys(file('ru')).sort()).toEqual(expected);
  });

  for (const code of ERROR_CODES) {
    it(`${code}: worded in English and Russian, every placeholder filled, no English left in the Russian`, () => {
      const errors = [new AppError(code, 'an English message the user never reads', detailsFor(code))];
      if (SHARE_CODES.includes(code)) errors.push(new AppError(code, 'x', { share: 2 }));
      for (const error of errors) {
        for (const lang of ['en', 'ru'] as const) {
          const text = describeError(t[lang], error);
          expect(text, `${lang} ${code}`).not.toBe(`errors.${code}`);
          expect(text.trim(), `${lang} ${code}`).not.toBe('');
          expect(text, `${lang} ${code}`).not.toMatch(/\{\{|\}\}/);
          expect(text, `${lang} ${code}`).not.toContain('English message');
        }
        expect(latinWords(describeError(t.ru, error)), `ru ${code}`).toEqual([]);
      }
    });
  }

  it('a share at fault is named by its number', () => {
    expect(describeError(t.en, new AppError('share-checksum', 'x', { share: 4 }))).toBe('Share 4 is mistyped: check each group of four.');
    expect(describeError(t.ru, new AppError('share-checksum', 'x', { share: 4 }))).toContain('4');
  });

  it('anything that is not an AppError is worded as "failed", never by its message', () => {
    const leak = new Error('ENOENT: /home/alice/Safe houses/people.csv');
    for (const lang of ['en', 'ru'] as const) {
      expect(describeError(t[lang], leak)).toBe(describeError(t[lang], new AppError('failed')));
      expect(describeError(t[lang], 'a thrown string')).toBe(describeError(t[lang], new AppError('failed')));
    }
  });
});
