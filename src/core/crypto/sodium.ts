import sodiumModule from 'libsodium-wrappers-sumo';
import { AppError } from '../errors';

export type Sodium = typeof sodiumModule;

/** Thrown when the loaded libsodium lacks Argon2id: the app must refuse to start, never fall back (docs/threat-model.md §5b). */
export class SodiumBuildError extends AppError {
  constructor() {
    super('crypto-unavailable', 'libsodium build without crypto_pwhash (Argon2id): the sumo build is required');
    this.name = 'SodiumBuildError';
  }
}

let ready: Promise<Sodium> | undefined;

/** Loads libsodium once per realm (page, worker or Node process) and checks it is the sumo build. */
export function loadSodium(): Promise<Sodium> {
  ready ??= sodiumModule.ready.then(() => {
    assertSumo(sodiumModule);
    return sodiumModule;
  });
  return ready;
}

export function assertSumo(s: Pick<Sodium, 'crypto_pwhash'> & Partial<Sodium>): void {
  if (typeof s.crypto_pwhash !== 'function' || s.crypto_pwhash_ALG_ARGON2ID13 === undefined) throw new SodiumBuildError();
}
