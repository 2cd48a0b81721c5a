import { z } from 'zod';

/** When a departed person's record becomes due for forgetting (core/reports/retention). */
export const retentionRuleSchema = z.strictObject({
  daysAfterDeparture: z.int().min(1).max(3650),
  /** Only forget people whose departure names the partner they were handed to. */
  requireConfirmedHandoff: z.boolean(),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

export const settingsSchema = z.strictObject({
  locale: z.enum(['en', 'ru']),
  idleLockMinutes: z.int().min(1).max(60),
  clipboardClearSeconds: z.int().min(5).max(300),
  retention: retentionRuleSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  locale: 'en',
  idleLockMinutes: 5,
  clipboardClearSeconds: 30,
  retention: Object.freeze({ daysAfterDeparture: 365, requireConfirmedHandoff: true }),
});
