import countries from 'i18n-iso-countries';
// The attribute lets plain Node ESM (the built main, which keeps packages external) load the JSON too.
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ru from 'i18n-iso-countries/langs/ru.json' with { type: 'json' };

/**
 * Destination countries by name or code, in English or Russian, from the ISO 3166 data of
 * i18n-iso-countries (only the two locales the app speaks are registered, so the bundle carries no
 * others). One parser for every way a country is typed in: the departure form and the spreadsheet
 * import (docs/operators.md, "Departures").
 */
countries.registerLocale(en);
countries.registerLocale(ru);

export type CountryLanguage = 'en' | 'ru';

export type CountryProblem =
  /** Nothing but spaces. */
  | { readonly ok: false; readonly error: 'EMPTY' }
  /** Not a code, nor a name in either language. */
  | { readonly ok: false; readonly error: 'UNKNOWN_COUNTRY' }
  /**
   * Letters of one script typed in another that look the same (Cyrillic "СА" for Latin "CA", a
   * keyboard left in the wrong layout). Refused rather than guessed, since the stored code would differ
   * from what was typed; `letters` names each foreign letter and `suggestion` is the country meant
   * when the look-alikes swapped back spell one.
   */
  | { readonly ok: false; readonly error: 'LOOKALIKE_LETTERS'; readonly letters: readonly LookalikeLetter[]; readonly suggestion?: string };

export type CountryParse = { readonly ok: true; readonly code: string } | CountryProblem;

export interface LookalikeLetter {
  readonly letter: string;
  readonly script: 'Cyrillic' | 'Latin';
  /** "U+0421". */
  readonly codePoint: string;
  /** The letter of the other script it looks like, if there is one. */
  readonly looksLike?: string;
}

/** Upper- and lower-case pairs that are drawn alike, Latin then Cyrillic. */
const LOOKALIKES = 'AА BВ CС EЕ HН IІ JЈ KК MМ OО PР SЅ TТ XХ YУ aа cс eе iі jј oо pр sѕ xх yу';
const LATIN_OF = new Map<string, string>();
const CYRILLIC_OF = new Map<string, string>();
for (const pair of LOOKALIKES.split(' ')) {
  const [latin, cyrillic] = [...pair] as [string, string];
  LATIN_OF.set(cyrillic, latin);
  CYRILLIC_OF.set(latin, cyrillic);
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** Case, accents, ё/е and punctuation do not matter: "Côte d’Ivoire" = "cote d ivoire". */
function key(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Names people use that the ISO data does not list. */
const EXTRA_NAMES: Readonly<Record<string, readonly string[]>> = {
  GB: ['England', 'Англия', 'Британия'],
  US: ['America', 'Америка', 'Соединённые Штаты'],
  RU: ['РФ'],
  NL: ['Holland', 'Голландия'],
};

let names: Map<string, string> | undefined;

function nameIndex(): Map<string, string> {
  if (names) return names;
  names = new Map();
  for (const language of ['en', 'ru'] as const) {
    for (const [code, all] of Object.entries(countries.getNames(language, { select: 'all' }))) {
      for (const name of all) names.set(key(name), code);
    }
  }
  for (const [code, extra] of Object.entries(EXTRA_NAMES)) for (const name of extra) names.set(key(name), code);
  return names;
}

/** A code or a name, as typed; undefined if it is neither. */
function lookup(text: string): string | undefined {
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t) && countries.isValid(t.toUpperCase())) return t.toUpperCase();
  if (/^[A-Z]{3}$/.test(t)) {
    const code = countries.alpha3ToAlpha2(t);
    if (code) return code;
  }
  return nameIndex().get(key(t));
}

/**
 * "Канада", "Canada", "canada", "CA" or "CAN" -> { ok, code: 'CA' }. Anything else is a problem
 * code for the caller to put in the reader's words.
 */
export function parseCountry(text: string): CountryParse {
  if (text.trim() === '') return { ok: false, error: 'EMPTY' };
  const code = lookup(text);
  if (code) return { ok: true, code };
  return lookalikes(text) ?? { ok: false, error: 'UNKNOWN_COUNTRY' };
}

/**
 * Look-alike letters are reported when the text mixes Latin and Cyrillic, or when swapping them for
 * their twins spells a country (Cyrillic "СА"). The letters reported are those of the script that
 * is not the text's own: the minority one, or Cyrillic in a would-be code.
 */
function lookalikes(text: string): CountryProblem | undefined {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  const cyrillic = letters.filter((c) => CYRILLIC.test(c)).length;
  const latin = letters.filter((c) => LATIN.test(c)).length;
  if (cyrillic === 0) return undefined;
  const toLatin = [...text].map((c) => LATIN_OF.get(c) ?? c).join('');
  const toCyrillic = [...text].map((c) => CYRILLIC_OF.get(c) ?? c).join('');
  const asLatin = lookup(toLatin);
  const suggestion = asLatin ?? (latin > 0 ? lookup(toCyrillic) : undefined);
  if (latin === 0 && suggestion === undefined) return undefined;
  const foreign = asLatin !== undefined || latin > cyrillic ? CYRILLIC : LATIN;
  const twin = foreign === CYRILLIC ? LATIN_OF : CYRILLIC_OF;
  const found = [...new Set(letters.filter((c) => foreign.test(c)))].map((letter) => ({
    letter,
    script: foreign === CYRILLIC ? ('Cyrillic' as const) : ('Latin' as const),
    codePoint: `U+${letter.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    ...(twin.has(letter) && { looksLike: twin.get(letter) }),
  }));
  return { ok: false, error: 'LOOKALIKE_LETTERS', letters: found, ...(suggestion !== undefined && { suggestion }) };
}

/** The country's everyday name in `language` ("CA" -> "Canada" / "Канада"); the code itself if unknown. */
export function countryName(code: string, language: CountryLanguage): string {
  return countries.getName(code, language) ?? code;
}

/** Every country, { code, name } in `language`, sorted by name in that language. */
export function countryList(language: CountryLanguage): { code: string; name: string }[] {
  const collator = new Intl.Collator(language);
  return Object.keys(countries.getAlpha2Codes())
    .map((code) => ({ code, name: countryName(code, language) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
