import { z } from 'zod';

/**
 * Which vault the app works on: the real one, or the practice vault of invented people. Each has its
 * own IndexedDB database and its own key-file folder in main, so neither can read or destroy the
 * other's data (docs/threat-model.md, "Practice isolation").
 */
export const PROFILES = ['real', 'practice'] as const;
export const profileSchema = z.enum(PROFILES);
export type Profile = z.infer<typeof profileSchema>;

/** The IndexedDB database of each profile. */
export const DB_NAMES: Readonly<Record<Profile, string>> = Object.freeze({ real: 'waystation', practice: 'waystation-practice' });

/**
 * The practice vault's passphrase. Practice holds only invented people, so its passphrase is no
 * secret: the app types it for the volunteer, and the practice screens show it.
 */
export const PRACTICE_PASSPHRASE = 'practice invented people only';
