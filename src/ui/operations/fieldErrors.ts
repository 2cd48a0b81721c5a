import type { TFunction } from 'i18next';
import type { z } from 'zod';

/**
 * The schema's verdict per form field, in the user's language. Zod's issue codes and limits carry the
 * meaning (required, too long, out of range); a format or refinement failure gets the field's own
 * explanation from `formats` (e.g. what a phone number may contain), else a generic one.
 */
export type FieldErrors = Partial<Record<string, string>>;

/** A form's value, or why each field is refused. */
export type Built<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export function builtFrom<T>(result: z.ZodSafeParseResult<T>, t: TFunction, formats?: Partial<Record<string, string>>): Built<T> {
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrors(result.error, t, formats) };
}

export function fieldErrors(error: z.ZodError | undefined, t: TFunction, formats: Partial<Record<string, string>> = {}): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error?.issues ?? []) {
    const field = String(issue.path[0] ?? '');
    if (out[field] !== undefined) continue;
    out[field] = issueText(issue, t, formats[field]);
  }
  return out;
}

function issueText(issue: z.core.$ZodIssue, t: TFunction, format: string | undefined): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return t('operations.field.required');
      if (issue.origin === 'number' || issue.origin === 'int') return t('operations.field.min', { min: Number(issue.minimum) });
      return t('operations.field.required');
    case 'too_big':
      if (issue.origin === 'string') return t('operations.field.tooLong', { max: Number(issue.maximum) });
      if (issue.origin === 'number' || issue.origin === 'int') return t('operations.field.max', { max: Number(issue.maximum) });
      return t('operations.field.tooMany', { max: Number(issue.maximum) });
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int' ? t('operations.field.number') : t('operations.field.required');
    default:
      return format ?? t('operations.field.notAllowed');
  }
}
