import type { TFunction } from 'i18next';
import { translators } from '../support/translators';
import { beforeAll, describe, expect, it } from 'vitest';
import { countryList, countryName, parseCountry } from '../../../src/core/countries';
import { countryProblemText } from '../../../src/ui/operations/countryText';

const code = (text: string) => {
  const r = parseCountry(text);
  return r.ok ? r.code : r.error;
};

describe('parseCountry', () => {
  it('reads names in English or Russian in any case, and alpha-2 or alpha-3 codes', () => {
    const texts = ['Канада', 'Canada', 'canada', 'CANADA', 'CA', 'ca', ' CAN ', 'Германия', 'США', 'USA', 'Великобритания', 'UK', 'Türkiye', 'Turkey', 'Турция', 'Кот-д’Ивуар', "Cote d'Ivoire"];
    expect(texts.map(code)).toEqual(['CA', 'CA', 'CA', 'CA', 'CA', 'CA', 'CA', 'DE', 'US', 'US', 'GB', 'GB', 'TR', 'TR', 'TR', 'CI', 'CI']);
  });

  it('refuses unknown, retired and non-country codes, and empty text', () => {
    for (const text of ['XX', 'SU', 'EU', 'ZZ', 'Atlantis', 'Атлантида', 'Ка', 'Ca nada x']) expect(code(text), text).toBe('UNKNOWN_COUNTRY');
    expect(code('  ')).toBe('EMPTY');
  });

  it('refuses Cyrillic look-alikes of a code, naming each letter and the country meant', () => {
    expect(parseCountry('СА')).toEqual({
      ok: false,
      error: 'LOOKALIKE_LETTERS',
      letters: [
        { letter: 'С', script: 'Cyrillic', codePoint: 'U+0421', looksLike: 'C' },
        { letter: 'А', script: 'Cyrillic', codePoint: 'U+0410', looksLike: 'A' },
      ],
      suggestion: 'CA',
    });
  });

  it('names the odd letters of a name typed in two alphabets, whichever is the minority', () => {
    expect(parseCountry('Cаnada')).toMatchObject({ error: 'LOOKALIKE_LETTERS', letters: [{ letter: 'а', script: 'Cyrillic', looksLike: 'a' }], suggestion: 'CA' });
    expect(parseCountry('Kанада')).toMatchObject({ error: 'LOOKALIKE_LETTERS', letters: [{ letter: 'K', script: 'Latin', looksLike: 'К' }], suggestion: 'CA' });
    const mixed = parseCountry('Canadы');
    expect(mixed).toMatchObject({ error: 'LOOKALIKE_LETTERS', letters: [{ letter: 'ы', script: 'Cyrillic' }] });
    expect(mixed).not.toHaveProperty('suggestion');
  });

  it('lists every country once per language, by name', () => {
    for (const language of ['en', 'ru'] as const) {
      const list = countryList(language);
      expect(list.length).toBeGreaterThan(240);
      expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
      // Every listed name reads back as its own code: choosing from the list always works.
      for (const c of list) expect(code(c.name), c.name).toBe(c.code);
    }
    expect(countryName('CA', 'ru')).toBe('Канада');
    expect(countryName('CA', 'en')).toBe('Canada');
  });
});

describe('countryProblemText', () => {
  let en: TFunction;
  let ru: TFunction;
  beforeAll(async () => {
    ({ en, ru } = await translators());
  });

  it('shows the difference a reader cannot see: the script and code point of each letter', () => {
    const problem = parseCountry('СА');
    if (problem.ok) throw new Error('expected a refusal');
    expect(countryProblemText(en, problem, 'en')).toBe(
      'Letters of two alphabets that look the same: “С” is the Cyrillic letter U+0421, not the Latin “C”; “А” is the Cyrillic letter U+0410, not the Latin “A”. ' +
        'Did you mean Canada (CA)? Switch the keyboard layout, or choose the country from the list.',
    );
    expect(countryProblemText(ru, problem, 'ru')).toContain('«С» — кириллическая буква U+0421, а не латинская «C»');
    expect(countryProblemText(ru, problem, 'ru')).toContain('Канада (CA)');
  });
});
