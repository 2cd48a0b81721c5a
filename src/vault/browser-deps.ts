import { systemClock } from '../core/clock';
import { loadSodium } from '../core/crypto/sodium';
import type { Profile } from '../core/practice/profile';
import { vaultDbOf } from './db';
import { workerKdfRunner } from './kdf-runner';
import { ipcResetPractice, ipcWipeStorage } from './admin-ipc';
import { ipcKeyFileBytes, keyFileAccess } from './keyfile-access';
import type { VaultDeps } from './services/deps';

/**
 * The vault's dependencies in the app: IndexedDB, Argon2id in a worker, the key file and storage wipe
 * in main. Each profile has its own database and key-file folder; a wipe in practice resets practice
 * only (vault/practice.ts), never the real vault.
 */
export async function browserVaultDeps(profile: Profile = 'real'): Promise<VaultDeps> {
  return {
    db: vaultDbOf(profile),
    sodium: await loadSodium(),
    kdf: workerKdfRunner(() => new Worker(new URL('./kdf.worker.ts', import.meta.url), { type: 'module', name: 'kdf' })),
    keyFiles: keyFileAccess(ipcKeyFileBytes(profile)),
    now: systemClock,
    wipeStorage: profile === 'practice' ? ipcResetPractice : ipcWipeStorage,
    profile,
  };
}
