import { AppError } from '../errors';
/** Why a bundle was refused. The list is part of the format's contract (docs/bundle-format.md). */
export const BUNDLE_ERROR_REASONS = [
  'too-large',
  'wrong-recipient',
  'damaged',
  'unknown-signer',
  'bad-signature',
  'expired',
  'replayed',
  'unsupported-version',
  'invalid-content',
] as const;

export type BundleErrorReason = (typeof BUNDLE_ERROR_REASONS)[number];

/** The only error opening or inspecting a bundle throws for anything wrong with its bytes. */
export class BundleError extends AppError {
  constructor(
    readonly reason: BundleErrorReason,
    message: string,
    /** The payload field a profile refused (set by assertPayloadAllowed), so callers can point at it. */
    readonly field?: string,
  ) {
    super(`bundle-${reason}`, message, field === undefined ? {} : { field });
    this.name = 'BundleError';
  }
}

/** A sender-side mistake (recipients, manifest settings): nothing to do with a received file. */
export class SealError extends AppError {
  constructor(message: string) {
    super('seal-recipients', message);
    this.name = 'SealError';
  }
}
