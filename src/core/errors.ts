import { z } from 'zod';

/**
 * The app's one error model (docs/architecture.md, "Errors"). Every refusal is an AppError with a
 * stable `code` from this list; the UI shows the translation `errors.<code>`, never `message`, and
 * only `code` and `details` cross IPC. `message` is English for developers, tests and the CLI.
 */
export const ERROR_CODES = [
  // Anything not foreseen: the caller learns only that it failed.
  'failed',
  // The bridge between the page and main.
  'shell-unavailable',
  'ipc-unknown-channel',
  'ipc-untrusted-sender',
  'ipc-invalid-request',
  'ipc-invalid-response',
  // Vault and session.
  'no-vault',
  'locked',
  'forbidden',
  'passphrase-change-required',
  'wrong-passphrase',
  'wrong-recovery-key',
  'recovery-key-mistyped',
  'code-mistyped',
  'passphrase-too-short',
  'passphrase-too-guessable',
  'passphrase-in-use',
  'user-unreadable',
  'vault-damaged',
  'integrity',
  'kdf-params',
  'crypto-unavailable',
  'admin-own-account',
  'admin-last-admin',
  'admin-not-active',
  'admin-recovery-session',
  'share-length',
  'share-character',
  'share-checksum',
  'share-duplicate',
  'share-mixed',
  'share-too-few',
  'event-refused',
  'rotation-pending',
  // Backup and restore.
  'backup-unreadable',
  'not-a-backup',
  'restore-target-not-empty',
  'evacuation-unverified',
  // Files main reads and writes.
  'file-too-large',
  'file-unreadable',
  'write-failed',
  'not-a-report',
  'csv-malformed',
  'keyfile-invalid',
  'keyfile-store',
  'wipe-unavailable',
  'practice-unavailable',
  // Handoff: bundles refused, signatures, and sender-side mistakes.
  'bundle-too-large',
  'bundle-wrong-recipient',
  'bundle-damaged',
  'bundle-unknown-signer',
  'bundle-bad-signature',
  'bundle-expired',
  'bundle-replayed',
  'bundle-unsupported-version',
  'bundle-invalid-content',
  'minisign-malformed',
  'minisign-unknown-key',
  'minisign-bad-signature',
  'seal-recipients',
  'invalid-public-key',
  'handoff-sender-key',
  'handoff-bad-recipients',
  'handoff-bad-signing-key',
  'handoff-no-keys',
  'handoff-unknown-partner',
  'handoff-not-verified',
  'handoff-no-recipients',
  'handoff-profile',
  'handoff-no-people',
  'handoff-no-consent',
  'handoff-no-stay',
  'handoff-expiry',
  'handoff-sender-name',
  'handoff-practice-partner',
  // Receipts: a partner's signed acknowledgement of a bundle.
  'receipt-malformed',
  'receipt-unknown-bundle',
  'receipt-no-partner-key',
  'receipt-wrong-signer',
  'receipt-bad-signature',
  'receipt-wrong-hash',
  'receipt-wrong-count',
  'receipt-duplicate',
  'receipt-no-signature',
  'not-a-receipt',
  // Availability reports between sibling houses.
  'network-replayed',
  'network-unknown-signer',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/**
 * What may travel with a code: counts, positions and tokens from the app's own vocabularies (a
 * permission, a field name). Never a secret, a name, an alias, a path or a message: the classes
 * below choose their details, and the schema keeps free text out at the IPC boundary.
 */
export const ErrorDetailsSchema = z
  .record(
    z.string().regex(/^[a-zA-Z]{1,24}$/),
    z.union([z.number().finite(), z.string().regex(/^[A-Za-z0-9._-]{1,40}$/)]),
  )
  .refine((details) => Object.keys(details).length <= 4, 'too many details');
export type ErrorDetails = z.infer<typeof ErrorDetailsSchema>;

/** The one refusal shape: what an AppError becomes over IPC. */
export const RefusalSchema = z.strictObject({ code: ErrorCodeSchema, details: ErrorDetailsSchema.optional() });
export type Refusal = z.infer<typeof RefusalSchema>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The translation key the UI shows (src/ui/i18n/locales/<lang>/errors.json). */
  get i18nKey(): `errors.${ErrorCode}` {
    return errorKey(this.code);
  }
}

export function errorKey(code: ErrorCode): `errors.${ErrorCode}` {
  return `errors.${code}`;
}

/** What may leave the process for any thrown value: an AppError's code and details, else 'failed'. */
export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof AppError)) return { code: 'failed' };
  return Object.keys(error.details).length === 0 ? { code: error.code } : { code: error.code, details: error.details };
}
