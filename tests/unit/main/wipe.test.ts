import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../src/core/crypto/bytes';
import { newKeyFile, serializeKeyFile } from '../../../src/core/crypto/keyfile';
import { createHandlers } from '../../../electron/main/handlers';
import { dispatch } from '../../../electron/main/ipc';
import { createKeyFileStore } from '../../../electron/main/keyfile';
import type { WipeDeps } from '../../../electron/main/wipe';

const ctx = { senderTrusted: true };

let keyDir: string;
beforeEach(async () => {
  keyDir = path.join(await mkdtemp(path.join(tmpdir(), 'ws-wipe-main-')), 'keys');
});

function table(wipe: WipeDeps | undefined) {
  const practiceDir = path.join(path.dirname(keyDir), 'practice-keys');
  return createHandlers({
    app: { name: 'W', version: '1', platform: 'linux', packaged: false },
    keyFiles: createKeyFileStore(keyDir),
    practiceKeys: { store: createKeyFileStore(practiceDir), dir: practiceDir },
    clipboard: { writeText: () => undefined, readText: () => '' },
    handoff: { dialogs: { save: async () => undefined, open: async () => undefined }, now: () => new Date() },
    ...(wipe && { wipe }),
  });
}

describe('vault.wipe-storage', () => {
  it("destroys every key file (also of vaults the renderer forgot, and the practice vault's), stray temp files and both key folders, then clears storage", async () => {
    const store = createKeyFileStore(keyDir);
    const practiceDir = path.join(path.dirname(keyDir), 'practice-keys');
    const practice = createKeyFileStore(practiceDir);
    const ids = [1, 2, 3].map((n) => toBase64Url(new Uint8Array(16).fill(n)));
    for (const id of ids) await store.write(id, serializeKeyFile(newKeyFile()));
    await practice.write(ids[0]!, serializeKeyFile(newKeyFile()));
    await writeFile(path.join(keyDir, `${ids[0]}.key.abcdef.tmp`), 'partial');
    const events: string[] = [];
    const wipe: WipeDeps = { keyDir, clearStorageData: async () => void events.push(`cleared with ${(await readdir(path.dirname(keyDir))).length} folders left`) };

    expect(await dispatch(table(wipe), 'vault.wipe-storage', {}, ctx)).toEqual({ ok: true, value: {} });
    expect(await readdir(path.dirname(keyDir))).toEqual([]);
    for (const id of ids) expect(await store.read(id)).toBeNull();
    expect(await practice.read(ids[0]!)).toBeNull();
    expect(events).toEqual(['cleared with 0 folders left']);
    // Nothing left to do is fine too (a second wipe, or no vault ever made).
    expect(await dispatch(table(wipe), 'vault.wipe-storage', {}, ctx)).toEqual({ ok: true, value: {} });
    expect(await dispatch(table({ ...wipe, keyDir: path.join(keyDir, 'never-made') }), 'vault.wipe-storage', {}, ctx)).toEqual({ ok: true, value: {} });
  });

  it('is refused, not half done, where there is no storage to clear', async () => {
    expect(await dispatch(table(undefined), 'vault.wipe-storage', {}, ctx)).toEqual({ ok: false, code: 'wipe-unavailable' });
    expect(await dispatch(table(undefined), 'vault.wipe-storage', { all: true }, ctx)).toMatchObject({ code: 'ipc-invalid-request' });
  });
});
