import { z } from 'zod';

/** The UI's languages. Main writes the text of its save dialogs in one of them (electron/main/handoff/dialog-text.ts). */
export const LANGUAGES = ['en', 'ru'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

/** The language of a UI language tag (i18next's `language`): Russian for ru, English otherwise. */
export const languageOf = (tag: string): Language => (tag.toLowerCase().startsWith('ru') ? 'ru' : 'en');
