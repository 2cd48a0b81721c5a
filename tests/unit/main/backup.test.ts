import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fromBase64, randomBytes, toBase64 } from '../../../src/core/crypto/bytes';
import { backupHandlers } from '../../../electron/main/backup';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { dispatch } from '../../../electron/main/ipc';
import { mainTable, scriptedDialogs as scripted, TRUSTED } from './support';

const ctx = TRUSTED;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ws-backup-main-'));
});

const table = (dialogs: FileDialogs) => mainTable(dir, dialogs);

describe('backup.save', () => {
  it('writes the file atomically with mode 0600 where the admin picked, and returns its SHA-256', async () => {
    const target = path.join(dir, 'picked.age');
    const { dialogs, calls } = scripted({ save: target });
    const bytes = randomBytes(100_000);
    const result = await dispatch(table(dialogs), 'backup.save', { suggestedName: 'waystation-2026-11-20.age', content: toBase64(bytes) }, ctx);
    expect(result).toEqual({ ok: true, value: { status: 'saved', path: target, sha256: createHash('sha256').update(bytes).digest('hex') } });
    expect(calls.save).toEqual([['waystation-2026-11-20.age', 'bundle']]);
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when the dialog is cancelled, and reports a failed write without detail', async () => {
    const { dialogs } = scripted({});
    expect(await dispatch(table(dialogs), 'backup.save', { suggestedName: 'b.age', content: 'AAAA' }, ctx)).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(await readdir(dir)).toEqual([]);
    const missing = scripted({ save: path.join(dir, 'no-such-folder', 'b.age') });
    expect(await dispatch(table(missing.dialogs), 'backup.save', { suggestedName: 'b.age', content: 'AAAA' }, ctx)).toEqual({
      ok: true,
      value: { status: 'refused', reason: 'write-failed', message: 'the file could not be written (ENOENT)' },
    });
  });

  it('refuses names that are not a neutral .age file name, and content that is not base64', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.age') });
    for (const suggestedName of ['../x.age', 'x.txt', '.age', 'a/b.age']) {
      expect(await dispatch(table(dialogs), 'backup.save', { suggestedName, content: 'AAAA' }, ctx)).toMatchObject({ ok: false, code: 'invalid-request' });
    }
    expect(await dispatch(table(dialogs), 'backup.save', { suggestedName: 'x.age', content: 'not base64!' }, ctx)).toMatchObject({ code: 'invalid-request' });
    expect(calls.save).toEqual([]);
  });
});

describe('backup.open', () => {
  it('reads the picked file back as base64', async () => {
    const source = path.join(dir, 'in.age');
    const bytes = randomBytes(5000);
    await writeFile(source, bytes);
    const { dialogs, calls } = scripted({ open: source });
    const result = await dispatch(table(dialogs), 'backup.open', {}, ctx);
    expect(result.ok && fromBase64((result.value as { bytes: string }).bytes)).toEqual(bytes);
    expect(calls.open).toEqual(['bundle']);
    expect(await dispatch(table(scripted({}).dialogs), 'backup.open', {}, ctx)).toEqual({ ok: true, value: { status: 'cancelled' } });
  });

  it('refuses a file over the size cap without reading it, and a folder', async () => {
    const source = path.join(dir, 'big.age');
    await writeFile(source, new Uint8Array(2048));
    const handlers = backupHandlers({ dialogs: scripted({ open: source }).dialogs, maxBytes: 1024 });
    expect(await handlers['backup.open']({})).toEqual({ status: 'refused', reason: 'too-large', message: 'the file is 2048 bytes; the limit is 1024' });
    const folder = backupHandlers({ dialogs: scripted({ open: dir }).dialogs });
    expect(await folder['backup.open']({})).toMatchObject({ status: 'refused', reason: 'unreadable' });
  });
});
