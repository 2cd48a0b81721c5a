import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from './errors';

/**
 * Passphrase policy for vault slots. A seized disk allows an offline attack limited only by
 * Argon2id, so the passphrase must be long and not guessable: at least 12 characters and a zxcvbn
 * score of 3 (of 4). Refusals carry a reason code the UI translates.
 */
export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_SCORE = 3;

export type PassphraseVerdict =
  | { ok: true; score: number }
  | { ok: false; score: number; reason: 'too-short' | 'too-guessable' };

/**
 * The strength meter's scale (an HTML <meter>, 0-4): its good region starts at MIN_SCORE, so the
 * meter is green exactly when the passphrase would be accepted.
 */
export const METER = { min: 0, max: 4, low: MIN_SCORE, high: MIN_SCORE, optimum: 4 } as const;

/** What the meter shows: the score, held below the good region while the rule refuses the passphrase. */
export function meterValue(verdict: PassphraseVerdict): number {
  return verdict.ok ? verdict.score : Math.min(verdict.score, MIN_SCORE - 1);
}

let factory: ZxcvbnFactory | undefined;

export function assessPassphrase(passphrase: string, userInputs: string[] = []): PassphraseVerdict {
  const p = passphrase.normalize('NFC');
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const score = p.length === 0 ? 0 : factory.check(p.slice(0, 100), userInputs).score;
  if ([...p].length < MIN_PASSPHRASE_LENGTH) return { ok: false, score, reason: 'too-short' };
  if (score < MIN_SCORE) return { ok: false, score, reason: 'too-guessable' };
  return { ok: true, score };
}

export class WeakPassphraseError extends AppError {
  constructor(readonly reason: 'too-short' | 'too-guessable') {
    super(
      `passphrase-${reason}`,
      reason === 'too-short' ? `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.` : 'The passphrase is too easy to guess.',
      reason === 'too-short' ? { min: MIN_PASSPHRASE_LENGTH } : {},
    );
    this.name = 'WeakPassphraseError';
  }
}

export function assertStrongPassphrase(passphrase: string, userInputs: string[] = []): void {
  const verdict = assessPassphrase(passphrase, userInputs);
  if (!verdict.ok) throw new WeakPassphraseError(verdict.reason);
}
