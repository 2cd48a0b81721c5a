import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSodium } from '../../../src/core/crypto/sodium';
import type { KdfCost } from '../../../src/core/crypto/kdf';
import { newId } from '../../../src/core/model/ids';
import type { Person } from '../../../src/core/model/person';
import { VaultDb } from '../../../src/vault/db';
import { inlineKdfRunner } from '../../../src/vault/kdf-runner';
import { keyFileAccess } from '../../../src/vault/keyfile-access';
import type { VaultDeps } from '../../../src/vault/vault';
import { createKeyFileStore, type KeyFileStore } from '../../../electron/main/keyfile';

/** Cheap Argon2id so the suite stays fast; the real default is exercised in tests/unit/crypto. */
export const TEST_KDF: KdfCost = { alg: 'argon2id13', opsLimit: 1, memLimitBytes: 8 * 1024 };

export interface TestVault {
  deps: VaultDeps;
  store: KeyFileStore;
  keyDir: string;
}

/** A vault on fake-indexeddb with the real main-process key file store in a temp folder. */
export async function testVault(dbName = `ws-${newId()}`): Promise<TestVault> {
  const sodium = await loadSodium();
  const keyDir = path.join(await mkdtemp(path.join(tmpdir(), 'ws-vault-')), 'keys');
  const store = createKeyFileStore(keyDir);
  const deps: VaultDeps = {
    db: new VaultDb(dbName),
    sodium,
    keyFiles: keyFileAccess(store),
    kdf: inlineKdfRunner(sodium, { allowWeakForTests: true }),
    kdfCost: TEST_KDF,
    now: () => new Date('2026-11-20T10:00:00Z'),
  };
  return { deps, store, keyDir };
}

export function person(overrides: Partial<Person> = {}): Person {
  return {
    id: newId(),
    alias: 'Guest',
    languages: ['ru'],
    needs: [],
    riskLevel: 'medium',
    consentToShare: [],
    ...overrides,
  };
}

/** Every row of every table, for "nothing changed on disk" assertions. */
export async function dumpDb(db: VaultDb): Promise<unknown> {
  return {
    vaults: await db.vaults.toArray(),
    pages: (await db.pages.toArray()).sort((a, b) => (a.id < b.id ? -1 : 1)),
    heads: await db.heads.toArray(),
  };
}

export const PASS = 'correct horse battery staple';
