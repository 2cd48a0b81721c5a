import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { toBase64, toBase64Url } from '../../../src/core/crypto/bytes';
import { addSlotSecret, KEY_FILE_BYTES, KeyFileError, newKeyFile, parseKeyFile, removeAllSlotSecrets, serializeKeyFile } from '../../../src/core/crypto/keyfile';
import { newSlotId } from '../../../src/core/crypto/slots';
import { dispatch } from '../../../electron/main/ipc';
import { createHandlers } from '../../../electron/main/handlers';
import { createKeyFileStore, KeyFileStoreError } from '../../../electron/main/keyfile';

const vaultId = toBase64Url(new Uint8Array(16).fill(7));
let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'ws-keys-')), 'keys');
});

describe('key file store (main process)', () => {
  it('creates the file with mode 0600 in a 0700 folder, and reads it back', async () => {
    const store = createKeyFileStore(dir);
    expect(await store.read(vaultId)).toBeNull();
    const content = serializeKeyFile(addSlotSecret(newKeyFile(), newSlotId()));
    await store.write(vaultId, content);
    const file = path.join(dir, `${vaultId}.key`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await store.read(vaultId)).toEqual(content);
    expect(await readdir(dir)).toEqual([`${vaultId}.key`]);
  });

  it('overwrites in place: same inode, same size, old secrets gone from the file', async () => {
    const store = createKeyFileStore(dir);
    const first = addSlotSecret(newKeyFile(), newSlotId());
    await store.write(vaultId, serializeKeyFile(first));
    const file = path.join(dir, `${vaultId}.key`);
    const before = await stat(file);
    await store.write(vaultId, serializeKeyFile(removeAllSlotSecrets(first)));
    const after = await stat(file);
    expect(after.ino).toBe(before.ino);
    expect(after.size).toBe(KEY_FILE_BYTES);
    const text = new TextDecoder().decode((await store.read(vaultId))!);
    for (const secret of Object.values(first.slotSecrets)) expect(text).not.toContain(secret);
    expect(parseKeyFile((await store.read(vaultId))!).slotSecrets).toEqual({});
  });

  it('refuses malformed content and vault ids, and changes nothing', async () => {
    const store = createKeyFileStore(dir);
    const good = serializeKeyFile(newKeyFile());
    await store.write(vaultId, good);
    await expect(store.write(vaultId, new Uint8Array(KEY_FILE_BYTES))).rejects.toThrow();
    await expect(store.write(vaultId, new Uint8Array(10))).rejects.toThrow();
    expect(await store.read(vaultId)).toEqual(good);
    await expect(store.read('../../etc/passwd')).rejects.toThrow(KeyFileStoreError);
    await expect(store.write('a/b', good)).rejects.toThrow(KeyFileStoreError);
  });

  it('destroy overwrites then removes the file', async () => {
    const store = createKeyFileStore(dir);
    await store.write(vaultId, serializeKeyFile(newKeyFile()));
    await store.destroy(vaultId);
    expect(await store.read(vaultId)).toBeNull();
    await store.destroy(vaultId); // idempotent
  });

  it('is reachable only through validated IPC', async () => {
    const store = createKeyFileStore(dir);
    const table = createHandlers({ app: { name: 'W', version: '1', platform: 'linux', packaged: false }, keyFiles: store, clipboard: { writeText: () => undefined, readText: () => '' }, handoff: { dialogs: { save: async () => undefined, open: async () => undefined }, now: () => new Date() } });
    const ctx = { senderTrusted: true };
    const content = toBase64(serializeKeyFile(newKeyFile()));
    expect(await dispatch(table, 'keyfile.write', { profile: 'real', vaultId, content }, ctx)).toEqual({ ok: true, value: {} });
    expect(await dispatch(table, 'keyfile.read', { profile: 'real', vaultId }, ctx)).toEqual({ ok: true, value: { content } });
    expect(await dispatch(table, 'keyfile.read', { profile: 'real', vaultId: '../x' }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    expect(await dispatch(table, 'keyfile.read', { vaultId }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    expect(await dispatch(table, 'keyfile.read', { profile: 'demo', vaultId }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    // Without a practice folder, practice is refused rather than served from the real one.
    expect(await dispatch(table, 'keyfile.read', { profile: 'practice', vaultId }, ctx)).toMatchObject({ ok: false, code: 'practice-unavailable' });
    const garbage = toBase64(new Uint8Array(KEY_FILE_BYTES));
    expect(await dispatch(table, 'keyfile.write', { profile: 'real', vaultId, content: garbage }, ctx)).toEqual({ ok: false, code: 'keyfile-invalid' });
    await writeFile(path.join(dir, 'unrelated'), 'x');
    expect(await dispatch(table, 'keyfile.destroy', { profile: 'real', vaultId }, ctx)).toEqual({ ok: true, value: {} });
    expect(await dispatch(table, 'keyfile.read', { profile: 'real', vaultId }, ctx)).toEqual({ ok: true, value: { content: null } });
  });

  it('keeps practice key files in their own folder: practice reads, writes, destroys and resets only there', async () => {
    const practiceDir = path.join(path.dirname(dir), 'practice-keys');
    const real = createKeyFileStore(dir);
    const table = createHandlers({
      app: { name: 'W', version: '1', platform: 'linux', packaged: false },
      keyFiles: real,
      practiceKeys: { store: createKeyFileStore(practiceDir), dir: practiceDir },
      clipboard: { writeText: () => undefined, readText: () => '' },
      handoff: { dialogs: { save: async () => undefined, open: async () => undefined }, now: () => new Date(0) },
    });
    const ctx = { senderTrusted: true };
    const realContent = toBase64(serializeKeyFile(newKeyFile()));
    const practiceContent = toBase64(serializeKeyFile(newKeyFile()));
    const otherId = toBase64Url(new Uint8Array(16).fill(9));
    await dispatch(table, 'keyfile.write', { profile: 'real', vaultId, content: realContent }, ctx);
    await dispatch(table, 'keyfile.write', { profile: 'practice', vaultId: otherId, content: practiceContent }, ctx);
    // The same vault id in the other profile is another file, so practice cannot reach a real one.
    expect(await dispatch(table, 'keyfile.read', { profile: 'practice', vaultId }, ctx)).toEqual({ ok: true, value: { content: null } });
    expect(await dispatch(table, 'keyfile.read', { profile: 'real', vaultId: otherId }, ctx)).toEqual({ ok: true, value: { content: null } });
    expect(await dispatch(table, 'keyfile.destroy', { profile: 'practice', vaultId }, ctx)).toEqual({ ok: true, value: {} });
    expect(await dispatch(table, 'keyfile.read', { profile: 'real', vaultId }, ctx)).toEqual({ ok: true, value: { content: realContent } });
    expect(await readdir(practiceDir)).toEqual([`${otherId}.key`]);

    expect(await dispatch(table, 'practice.reset', {}, ctx)).toEqual({ ok: true, value: {} });
    expect(await readdir(practiceDir)).toEqual([]);
    expect(await readdir(dir)).toEqual([`${vaultId}.key`]);
    expect(await dispatch(table, 'keyfile.read', { profile: 'real', vaultId }, ctx)).toEqual({ ok: true, value: { content: realContent } });
    expect(await dispatch(table, 'practice.reset', { all: true }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
  });

  it('keeps the rollback witness: advance only raises it, and a write with an older copy keeps the stored one', async () => {
    const store = createKeyFileStore(dir);
    const first = newKeyFile();
    await store.write(vaultId, serializeKeyFile(first));
    const witness = async () => parseKeyFile((await store.read(vaultId))!).lastSeq;
    await store.advance(vaultId, 7);
    expect(await witness()).toBe(7);
    await store.advance(vaultId, 7);
    await expect(store.advance(vaultId, 6)).rejects.toThrow(KeyFileError);
    expect(await witness()).toBe(7);
    // The renderer's copy from before the advance (witness 0), e.g. when it removes a slot.
    await store.write(vaultId, serializeKeyFile(removeAllSlotSecrets(first)));
    expect(await witness()).toBe(7);
    // A copy that drops the field altogether keeps it too.
    const { lastSeq: _dropped, ...withoutWitness } = first;
    await store.write(vaultId, serializeKeyFile(withoutWitness));
    expect(await witness()).toBe(7);
    await expect(store.advance(toBase64Url(new Uint8Array(16).fill(9)), 1)).rejects.toThrow(KeyFileError);
  });

  it('runs changes to one vault one after another: a slot secret written while the witness rises keeps both', async () => {
    const store = createKeyFileStore(dir);
    const first = newKeyFile();
    await store.write(vaultId, serializeKeyFile(first));
    const slotId = newSlotId();
    // A user added (a slot secret) while a page write raises the witness, and a stale raise refused in between.
    await Promise.all([store.write(vaultId, serializeKeyFile(addSlotSecret(first, slotId))), store.advance(vaultId, 3), store.advance(vaultId, 9)]);
    const stored = parseKeyFile((await store.read(vaultId))!);
    expect(stored.lastSeq).toBe(9);
    expect(Object.keys(stored.slotSecrets)).toEqual([slotId]);
  });

  it('reads a key file after every change asked for before it (a page write does not wait for its witness raise)', async () => {
    const store = createKeyFileStore(dir);
    await store.write(vaultId, serializeKeyFile(newKeyFile()));
    const raised = store.advance(vaultId, 11);
    expect(parseKeyFile((await store.read(vaultId))!).lastSeq).toBe(11);
    await raised;
  });

  it('advances the witness only through validated IPC, and refuses a lower number', async () => {
    const store = createKeyFileStore(dir);
    const table = createHandlers({ app: { name: 'W', version: '1', platform: 'linux', packaged: false }, keyFiles: store, clipboard: { writeText: () => undefined, readText: () => '' }, handoff: { dialogs: { save: async () => undefined, open: async () => undefined }, now: () => new Date() } });
    const ctx = { senderTrusted: true };
    await store.write(vaultId, serializeKeyFile(newKeyFile()));
    expect(await dispatch(table, 'keyfile.advance', { profile: 'real', vaultId, lastSeq: 5 }, ctx)).toEqual({ ok: true, value: {} });
    expect(await dispatch(table, 'keyfile.advance', { profile: 'real', vaultId, lastSeq: 4 }, ctx)).toEqual({ ok: false, code: 'keyfile-invalid' });
    for (const lastSeq of [-1, 1.5, '9', Number.MAX_SAFE_INTEGER + 2]) {
      expect(await dispatch(table, 'keyfile.advance', { profile: 'real', vaultId, lastSeq }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    }
    expect(await dispatch(table, 'keyfile.advance', { profile: 'real', vaultId, lastSeq: 6, extra: 1 }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    expect(parseKeyFile((await store.read(vaultId))!).lastSeq).toBe(5);
  });
});
