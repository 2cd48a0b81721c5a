import { systemClock } from '../core/clock';
import { loadSodium } from '../core/crypto/sodium';
import { VaultDb } from './db';
import { workerKdfRunner } from './kdf-runner';
import { ipcWipeStorage } from './admin-ipc';
import { ipcKeyFileBytes, keyFileAccess } from './keyfile-access';
import type { VaultDeps } from './services/deps';

/** The vault's dependencies in the app: IndexedDB, Argon2id in a worker, the key file and storage wipe in main. */
export async function browserVaultDeps(): Promise<VaultDeps> {
  return {
    db: new VaultDb(),
    sodium: await loadSodium(),
    kdf: workerKdfRunner(() => new Worker(new URL('./kdf.worker.ts', import.meta.url), { type: 'module', name: 'kdf' })),
    keyFiles: keyFileAccess(ipcKeyFileBytes()),
    now: systemClock,
    wipeStorage: ipcWipeStorage,
  };
}
