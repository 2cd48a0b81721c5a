import { z } from 'zod';

// Control characters and lone surrogates are refused in all text (terminal escapes, CSV and display
// tricks; lone surrogates cannot round-trip through UTF-8); bidi overrides too, so a name cannot
// visually reorder the text around it.
const FORBIDDEN_IN_LINE = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;
const FORBIDDEN_IN_TEXT = /[^\P{Cc}\n\t]|[\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

/** One line of user text: trimmed, non-empty, at most `max` UTF-16 units. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !FORBIDDEN_IN_LINE.test(s), 'must be one line of text without control characters');

/** Free text (notes, reasons): newlines and tabs allowed. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !FORBIDDEN_IN_TEXT.test(s), 'must be text without control characters');

/**
 * An instant in UTC ("2024-03-01T12:00:00Z"); offsets are refused so stored values compare and sort
 * alike. Day-level figures use the days of the organisation's time zone (core/time/zone); a date
 * entered without a time (in a form or the import) is stored at local noon there.
 */
export const instant = () => z.iso.datetime();

/** ISO 3166-1 alpha-2, upper-cased. */
export const countryCode = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code (ISO 3166-1)');

/** An array with no repeated element. */
export const uniqueArray = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((a) => new Set(a).size === a.length, 'must not repeat an item');
