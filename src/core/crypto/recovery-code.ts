/**
 * The recovery key (docs/threat-model.md §5, 8): 20 random bytes (160 bits), shown once and kept offline.
 * Printed as 36 Crockford base32 characters in 9 groups of 4: 32 carry the key, the last group is a
 * check group (see checked-code.ts), e.g. `7K3M-Q0ZD-...-W4XP`.
 *
 *   RECOVERY_KEY_BYTES
 *   newRecoveryKey() -> 20 random bytes
 *   formatRecoveryKey(key) -> grouped text
 *   parseRecoveryKey(text) -> key; tolerant of case, spaces, dashes, O/0 and I/L/1;
 *                              throws RecoveryKeyError (reason 'length' | 'character' | 'checksum')
 */
import { randomBytes } from './bytes';
import { CodeError, type CodeErrorReason, decodeCheckedCode, encodeCheckedCode } from './checked-code';
import { AppError } from '../errors';

export const RECOVERY_KEY_BYTES = 20;
// Unprinted domain of the check group: a share code or other code never parses as a recovery key.
const DOMAIN = 'RK';

export class RecoveryKeyError extends AppError {
  readonly reason: CodeErrorReason;
  constructor(cause: CodeError) {
    super('recovery-key-mistyped', `Recovery key: ${cause.message}`);
    this.name = 'RecoveryKeyError';
    this.reason = cause.reason;
  }
}

export function newRecoveryKey(): Uint8Array {
  return randomBytes(RECOVERY_KEY_BYTES);
}

export function formatRecoveryKey(key: Uint8Array): string {
  if (key.length !== RECOVERY_KEY_BYTES) throw new TypeError(`recovery key must be ${RECOVERY_KEY_BYTES} bytes`);
  return encodeCheckedCode(key, DOMAIN);
}

export function parseRecoveryKey(text: string): Uint8Array {
  try {
    return decodeCheckedCode(text, DOMAIN, RECOVERY_KEY_BYTES);
  } catch (e) {
    if (e instanceof CodeError) throw new RecoveryKeyError(e);
    throw e;
  }
}
