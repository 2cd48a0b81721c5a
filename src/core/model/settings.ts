import { z } from 'zod';
import { isBackupRecipient } from '../crypto/backup';
import { isTimeZone } from '../time/zone';

/** When a departed person's record becomes due for forgetting (core/reports/retention). */
export const retentionRuleSchema = z.strictObject({
  daysAfterDeparture: z.int().min(1).max(3650),
  /** Only forget people whose departure names the partner they were handed to. */
  requireConfirmedHandoff: z.boolean(),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

/** The archive's age limit, unless the admin chose otherwise (vaults made before the setting have none). */
export const DEFAULT_ARCHIVE_AFTER_DAYS = 400;
/** Above a year: today's screens (the dashboard's charts reach 12 months back) never need the archive. */
export const MIN_ARCHIVE_AFTER_DAYS = 370;
export const MAX_ARCHIVE_AFTER_DAYS = 3650;

export const settingsSchema = z.strictObject({
  locale: z.enum(['en', 'ru']),
  idleLockMinutes: z.int().min(1).max(60),
  clipboardClearSeconds: z.int().min(5).max(300),
  retention: retentionRuleSchema,
  /**
   * The organisation's IANA time zone ("Europe/Moscow"): the days, weeks and months the app shows
   * and counts. Absent: the system's zone (vaults made before the setting existed have none).
   */
  timeZone: z.string().max(64).refine(isTimeZone, 'must be a time zone such as Europe/Moscow').optional(),
  /** Days after which a bundle sent without a receipt is flagged on the Handoffs screen; absent: 7. */
  receiptOverdueDays: z.int().min(1).max(365).optional(),
  /** How many hours a draft sealed at a lock is offered back. Absent: 24 (vaults made before drafts). */
  draftHours: z.int().min(1).max(168).optional(),
  /** Hours after which a sibling's availability report is marked stale on the Network screen; absent: 24. */
  networkStaleHours: z.int().min(1).max(720).optional(),
  /**
   * Days after which a person with no open stay and no newer event moves to the sealed archive, read
   * only for views of earlier dates (core/occupancy/archive-split.ts). Absent: DEFAULT_ARCHIVE_AFTER_DAYS.
   */
  archiveAfterDays: z.int().min(MIN_ARCHIVE_AFTER_DAYS).max(MAX_ARCHIVE_AFTER_DAYS).optional(),
  /**
   * The organisation's off-site age recipient (X25519, `age1…`): Evacuate encrypts its backup to it
   * (services/evacuate.ts). Absent: Evacuate offers the wipe alone.
   */
  offsiteRecipient: z.string().trim().toLowerCase().refine(isBackupRecipient, 'must be an X25519 age recipient (age1…)').optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  locale: 'en',
  idleLockMinutes: 5,
  clipboardClearSeconds: 30,
  retention: Object.freeze({ daysAfterDeparture: 365, requireConfirmedHandoff: true }),
});
