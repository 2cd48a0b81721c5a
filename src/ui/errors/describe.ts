import type { TFunction } from 'i18next';
import { AppError, errorKey } from '../../core/errors';

/**
 * The one way the UI words an error: the translation of its code (locales/<lang>/errors.json),
 * filled with its safe details. Never `error.message`: that is English for developers, and for an
 * error that is not an AppError it may hold anything. A share at fault is named by its position
 * (the `_numbered` variant of the text).
 */
export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof AppError)) return t(errorKey('failed'));
  const { details } = error;
  return t(error.i18nKey, { ...details, ...(typeof details.share === 'number' && { context: 'numbered' }) });
}
