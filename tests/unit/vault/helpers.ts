import { mkdtemp, writeFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSodium } from '../../../src/core/crypto/sodium';
import type { KdfCost } from '../../../src/core/crypto/kdf';
import { getRecoverySecret, getSlotSecret, parseKeyFile, serializeKeyFile } from '../../../src/core/crypto/keyfile';
import { type KeySlot, unwrapWithKek, WrongPassphraseError, WrongRecoveryKeyError } from '../../../src/core/crypto/slots';
import { newId } from '../../../src/core/model/ids';
import type { Person } from '../../../src/core/model/person';
import { VaultDb } from '../../../src/vault/db';
import { inlineKdfRunner } from '../../../src/vault/kdf-runner';
import { keyFileAccess } from '../../../src/vault/keyfile-access';
import type { Session } from '../../../src/vault/session';
import { replacePassphrase } from '../../../src/vault/services/passphrase';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { type VaultDeps } from '../../../src/vault/services/deps';
import { createKeyFileStore, type KeyFileStore } from '../../../electron/main/keyfile';
import { createHandlers } from '../../../electron/main/handlers';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { dispatch } from '../../../electron/main/ipc';
import type { PracticeKeys } from '../../../electron/main/keyfile-channels';
import { toBase64 } from '../../../src/core/crypto/bytes';
import type { BackupSaveResult } from '../../../src/vault/admin-ipc';

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

/**
 * Rewrites a vault's key file on disk as versions before the rollback witness wrote it (no
 * `lastSeq`), behind main's back: main itself never lowers or drops the witness.
 */
export async function keyFileWithoutWitness(t: TestVault, vaultId: string): Promise<void> {
  const { lastSeq: _dropped, ...before } = parseKeyFile((await t.store.read(vaultId))!);
  await writeFile(path.join(t.keyDir, `${vaultId}.key`), serializeKeyFile(before));
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

/** Counts Argon2id runs (the unlock-timing property is "same number of derivations"). */
export function countDerivations(deps: VaultDeps): { count: number } {
  const counter = { count: 0 };
  const inner = deps.kdf;
  deps.kdf = {
    derive: (secret, params) => {
      counter.count += 1;
      return inner.derive(secret, params);
    },
    warm: () => inner.warm(),
    dispose: () => inner.dispose(),
  };
  return counter;
}

/**
 * Tries a slot as an attacker with a disk image would: the slot as it was once stored (LevelDB keeps
 * it), the key file as it is now, and the passphrase or recovery key. True when it opens.
 */
export async function slotOpensFromImage(deps: VaultDeps, vaultId: string, slot: KeySlot, secret: string | Uint8Array): Promise<boolean> {
  const keyFile = await deps.keyFiles.read(vaultId);
  const slotSecret = keyFile ? (slot.kind === 'recovery' ? getRecoverySecret(keyFile) : getSlotSecret(keyFile, slot.id)) : undefined;
  const kek = await deps.kdf.derive(secret, slot.kdf);
  try {
    unwrapWithKek(deps.sodium, { vaultId, slot, kek, slotSecret });
    return true;
  } catch (error) {
    if (error instanceof WrongPassphraseError || error instanceof WrongRecoveryKeyError) return false;
    throw error;
  }
}

/** A user's first unlock with a one-time passphrase: they must choose their own, then unlock with it. */
export async function firstUnlock(deps: VaultDeps, oneTime: string, own: string): Promise<Session> {
  const { session } = await unlockWithPassphrase(deps, oneTime);
  expect(session.mustSetPassphrase).toBe(true);
  await replacePassphrase(deps, session, session.user.id, own);
  session.lock();
  return (await unlockWithPassphrase(deps, own)).session;
}

/** Main's handlers as the app wires them (wipe and backup channels), with the practice key folder beside the real one. */
export interface WiredMain {
  /** 'storage' once main cleared the window's storage. */
  cleared: string[];
  practice: PracticeKeys;
  /** backup.save through main's real handler: the dialog answers `dialogs.save`, main writes and reads back. */
  saveBackup(bytes: Uint8Array): Promise<BackupSaveResult>;
}

/** Connects deps.wipeStorage to main's real handler, as the app does through IPC. */
export function wireMainWipe(t: TestVault, dialogs: FileDialogs = { save: async () => undefined, open: async () => undefined }): WiredMain {
  const cleared: string[] = [];
  const practiceDir = path.join(path.dirname(t.keyDir), 'practice-keys');
  const practice = { store: createKeyFileStore(practiceDir), dir: practiceDir };
  const table = createHandlers({
    app: { name: 'W', version: '1', platform: 'linux', packaged: false },
    keyFiles: t.store,
    practiceKeys: practice,
    clipboard: { writeText: () => undefined, readText: () => '' },
    handoff: { dialogs, now: () => new Date('2026-11-20T10:00:00Z') },
    wipe: { keyDir: t.keyDir, clearStorageData: async () => void cleared.push('storage') },
  });
  const send = async (channel: string, request: unknown): Promise<unknown> => {
    const result = await dispatch(table, channel, request, { senderTrusted: true });
    if (!result.ok) throw new Error(result.code);
    return result.value;
  };
  t.deps.wipeStorage = async () => void (await send('vault.wipe-storage', {}));
  return {
    cleared,
    practice,
    saveBackup: async (bytes) => (await send('backup.save', { suggestedName: 'waystation-2026-11-20.age', content: toBase64(bytes), language: 'en' })) as BackupSaveResult,
  };
}
