/**
 * The spellchecker stays off and can fetch nothing (docs/security.md, process isolation): on
 * Windows and Linux Chromium downloads Hunspell dictionaries from Google for the languages set,
 * which tells a network observer the app runs and in which languages. macOS uses the system's
 * checker, has no language list to clear and downloads nothing.
 */
export interface SpellcheckSession {
  setSpellCheckerEnabled(enable: boolean): void;
  setSpellCheckerLanguages(languages: string[]): void;
  setSpellCheckerDictionaryDownloadURL(url: string): void;
}

/** Nothing listens on 0.0.0.0 over HTTPS, and the session's request filter cancels it anyway. */
export const DEAD_DICTIONARY_URL = 'https://0.0.0.0/';

export function disableSpellchecker(session: SpellcheckSession, platform: string): void {
  session.setSpellCheckerEnabled(false);
  session.setSpellCheckerDictionaryDownloadURL(DEAD_DICTIONARY_URL);
  if (platform !== 'darwin') session.setSpellCheckerLanguages([]);
}
