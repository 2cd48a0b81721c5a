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
  return createHandlers({
    app: { name: 'W', version: '1', platform: 'linux', packaged: false },
    keyFiles: createKeyFileStore(keyDir),
    clipboard: { writeText: () => undefined, readText: () => '' },
    handoff: { dialogs: { save: async () => undefined, open: async () => undefined }, now: () => new Date() },
    ...(wipe && { wipe }),
  });
}

describe('vault.wipe-storage', () => {
  it('destroys every key file in the folder (also of vaults the renderer forgot), stray temp files, then clears storage', async () => {
    const store = createKeyFileStore(keyDir);
    const ids = [1, 2, 3].map((n) => toBase64Url(new Uint8Array(16).fill(n)));
    for (const id of ids) await store.write(id, serializeKeyFile(newKeyFile()));
    await writeFile(path.join(keyDir, `${ids[0]}.key.abcdef.tmp`), 'partial');
    const events: string[] = [];
    const wipe: WipeDeps = { keyDir, clearStorageData: async () => void events.push(`cleared with ${(await readdir(keyDir)).length} files left`) };

    expect(await dispatch(table(wipe), 'vault.wipe-storage', {}, ctx)).toEqual({ ok: true, value: {} });
    expect(await readdir(keyDir)).toEqual([]);
    for (const id of ids) expect(await store.read(id)).toBeNull();
    expect(events).toEqual(['cleared with 0 files left']);
    // Nothing left to do is fine too (a second wipe, or no vault ever made).
    expect(await dispatch(table(wipe), 'vault.wipe-storage', {}, ctx)).toEqual({ ok: true, value: {} });
    expect(await dispatch(table({ ...wipe, keyDir: path.join(keyDir, 'never-made') }), 'vault.wipe-storage', {}, ctx)).toEqual({ ok: true, value: {} });
  });

  it('is refused, not half done, where there is no storage to clear', async () => {
    expect(await dispatch(table(undefined), 'vault.wipe-storage', {}, ctx)).toEqual({ ok: false, code: 'wipe-unavailable' });
    expect(await dispatch(table(undefined), 'vault.wipe-storage', { all: true }, ctx)).toMatchObject({ code: 'ipc-invalid-request' });
  });
});
