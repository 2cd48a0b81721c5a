import { AppError } from '../core/errors';

/** The vault's refusals: each an AppError with its own code (src/core/errors.ts), told apart with instanceof. */

export class LockedError extends AppError {
  constructor() {
    super('locked', 'The vault is locked.');
    this.name = 'LockedError';
  }
}

/** Opened with a one-time passphrase: nothing but choosing one's own passphrase is allowed. */
export class PassphraseChangeRequiredError extends AppError {
  constructor() {
    super('passphrase-change-required', 'Choose your own passphrase first.');
    this.name = 'PassphraseChangeRequiredError';
  }
}

/**
 * A user was removed, suspended or demoted and the vault key has not been rotated since: anything
 * written now would open with keys that user may have copied (docs/threat-model.md §24).
 */
export class RotationPendingError extends AppError {
  constructor() {
    super('rotation-pending', 'An admin must rotate the vault key before anything new is saved.');
    this.name = 'RotationPendingError';
  }
}

/** Key rotation re-seals what it can read; damaged items would be lost, so it refuses. */
export class DamagedVaultError extends AppError {
  constructor() {
    super('vault-damaged', 'Some items of this vault are damaged. Run the health check before rotating the vault key.');
    this.name = 'DamagedVaultError';
  }
}

/** The unlocking user's own record sits in a damaged page: only the recovery key can open the vault. */
export class UserUnreadableError extends AppError {
  constructor() {
    super('user-unreadable', 'Your user record is damaged. Unlock with the recovery key and run the health check.');
    this.name = 'UserUnreadableError';
  }
}

export class NoVaultError extends AppError {
  constructor() {
    super('no-vault', 'There is no vault on this device yet.');
    this.name = 'NoVaultError';
  }
}

export class PassphraseInUseError extends AppError {
  constructor() {
    super('passphrase-in-use', 'This passphrase cannot be used. Choose another one.');
    this.name = 'PassphraseInUseError';
  }
}

/** Refused so nobody locks the organisation out of its own administration. */
export class AdminChangeError extends AppError {
  constructor(
    readonly reason: 'own-account' | 'last-admin' | 'not-active' | 'recovery-session',
    message: string,
  ) {
    super(`admin-${reason}`, message);
    this.name = 'AdminChangeError';
  }
}

export class RestoreTargetNotEmptyError extends AppError {
  constructor() {
    super('restore-target-not-empty', 'This device already has a vault. Restore into a new, empty installation (or wipe this one first).');
    this.name = 'RestoreTargetNotEmptyError';
  }
}

/** Evacuate wipes nothing unless main read back, from the disk, exactly the backup it was given. */
export class EvacuationUnverifiedError extends AppError {
  constructor() {
    super('evacuation-unverified', 'The backup file on disk is not the backup that was written. Nothing was wiped.');
    this.name = 'EvacuationUnverifiedError';
  }
}
