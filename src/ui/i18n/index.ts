import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../core/language';

/**
 * Translations, one file per area and language (locales/<lang>/<area>.json), so each screen's
 * strings live together. Every area becomes a top-level key prefix: t('operations.dashboard.title').
 * tests/unit/ui/i18n.test.ts fails when a key exists in one language only.
 */
const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { eager: true, import: 'default' });

export { LANGUAGES, type Language } from '../../core/language';

function bundle(lang: Language): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [file, content] of Object.entries(files)) {
    const match = /\.\/locales\/(\w+)\/([\w-]+)\.json$/.exec(file);
    if (!match || match[1] !== lang) continue;
    // app.json holds the shell's keys at the top level (app.*, nav.*, unlock.*).
    if (match[2] === 'app') Object.assign(out, content);
    else out[match[2]!] = content;
  }
  return out;
}

export const resources = Object.fromEntries(LANGUAGES.map((lang) => [lang, { translation: bundle(lang) }]));

const STORAGE_KEY = 'waystation.language';

function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'ru') return stored;
  return globalThis.navigator?.language?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function initI18n(): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources,
    lng: initialLanguage(),
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18n.language;
  return i18n;
}

export function setLanguage(lang: Language): void {
  void i18n.changeLanguage(lang);
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}
