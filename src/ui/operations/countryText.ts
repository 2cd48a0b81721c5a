import type { TFunction } from 'i18next';
import { countryName, type CountryLanguage, type CountryProblem } from '../../core/countries';

/** The UI language as the country names know it. */
export function countryLanguage(language: string): CountryLanguage {
  return language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/**
 * Why a typed country was not taken, in the reader's language. Look-alike letters are named one by
 * one with their code points, since on screen "СА" and "CA" cannot be told apart.
 */
export function countryProblemText(t: TFunction, problem: CountryProblem, language: string): string {
  if (problem.error !== 'LOOKALIKE_LETTERS') return t('operations.country.unknown');
  const letters = problem.letters
    .map((l) => {
      const script = t(`operations.country.script.${l.script}`);
      const other = t(`operations.country.script.${l.script === 'Cyrillic' ? 'Latin' : 'Cyrillic'}`);
      const values = { letter: l.letter, script, codePoint: l.codePoint, other, twin: l.looksLike };
      return l.looksLike === undefined ? t('operations.country.letter', values) : t('operations.country.letterTwin', values);
    })
    .join('; ');
  const text = t('operations.country.lookalike', { letters });
  if (problem.suggestion === undefined) return text;
  return `${text} ${t('operations.country.suggestion', { name: countryName(problem.suggestion, countryLanguage(language)), code: problem.suggestion })}`;
}
