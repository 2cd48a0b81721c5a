/** The vault's refusals, each a class the UI tells apart with instanceof. */

export class LockedError extends Error {
  constructor() {
    super('The vault is locked.');
    this.name = 'LockedError';
  }
}

/** Opened with a one-time passphrase: nothing but choosing one's own passphrase is allowed. */
export class PassphraseChangeRequiredError extends Error {
  constructor() {
    super('Choose your own passphrase first.');
    this.name = 'PassphraseChangeRequiredError';
  }
}

/** Key rotation re-seals what it can read; damaged items would be lost, so it refuses. */
export class DamagedVaultError extends Error {
  constructor() {
    super('Some items of this vault are damaged. Run the health check before rotating the vault key.');
    this.name = 'DamagedVaultError';
  }
}

/** The unlocking user's own record sits in a damaged page: only the recovery key can open the vault. */
export class UserUnreadableError extends Error {
  constructor() {
    super('Your user record is damaged. Unlock with the recovery key and run the health check.');
    this.name = 'UserUnreadableError';
  }
}

export class NoVaultError extends Error {
  constructor() {
    super('There is no vault on this device yet.');
    this.name = 'NoVaultError';
  }
}

export class PassphraseInUseError extends Error {
  constructor() {
    super('This passphrase cannot be used. Choose another one.');
    this.name = 'PassphraseInUseError';
  }
}

/** Refused so nobody locks the organisation out of its own administration; `reason` is for the UI to translate. */
export class AdminChangeError extends Error {
  constructor(
    readonly reason: 'own-account' | 'last-admin' | 'not-active' | 'recovery-session',
    message: string,
  ) {
    super(message);
    this.name = 'AdminChangeError';
  }
}

export class RestoreTargetNotEmptyError extends Error {
  constructor() {
    super('This device already has a vault. Restore into a new, empty installation (or wipe this one first).');
    this.name = 'RestoreTargetNotEmptyError';
  }
}
