import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../src/core/crypto/bytes';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { dispatch } from '../../../electron/main/ipc';
import { reportsHandlers } from '../../../electron/main/reports';
import { mainTable, scriptedDialogs as scripted, TRUSTED } from './support';

const ctx = TRUSTED;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ws-reports-main-'));
});

const table = (dialogs: FileDialogs) => mainTable(dir, dialogs);

const CSV = 'month,arrivals\r\n2024-03,<5\r\n';

describe('reports.save', () => {
  it('writes the CSV atomically with mode 0600 where the user picked, suggesting the neutral name', async () => {
    const target = path.join(dir, 'out.csv');
    const { dialogs, calls } = scripted({ save: target });
    const result = await dispatch(table(dialogs), 'reports.save', { suggestedName: 'report-2024-01-2024-06.csv', csv: CSV }, ctx);
    expect(result).toEqual({ ok: true, value: { status: 'saved', path: target } });
    expect(calls.save).toEqual([['report-2024-01-2024-06.csv', 'csv']]);
    expect(await readFile(target, 'utf8')).toBe(CSV);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing file whole', async () => {
    const target = path.join(dir, 'out.csv');
    await writeFile(target, 'old content that is longer than the new one');
    const { dialogs } = scripted({ save: target });
    await dispatch(table(dialogs), 'reports.save', { suggestedName: 'r.csv', csv: CSV }, ctx);
    expect(await readFile(target, 'utf8')).toBe(CSV);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const { dialogs } = scripted({});
    const result = await dispatch(table(dialogs), 'reports.save', { suggestedName: 'r.csv', csv: CSV }, ctx);
    expect(result).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a failed write as a refusal with the error code, not a crash', async () => {
    const { dialogs } = scripted({ save: path.join(dir, 'missing-folder', 'r.csv') });
    const result = await dispatch(table(dialogs), 'reports.save', { suggestedName: 'r.csv', csv: CSV }, ctx);
    expect(result).toEqual({ ok: true, value: { status: 'refused', reason: 'write-failed', message: 'the file could not be written (ENOENT)' } });
  });

  it.each(['../evil.csv', 'a/b.csv', 'report.exe', '.hidden.csv', ''])('refuses the suggested name %j before any dialog opens', async (suggestedName) => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.csv') });
    const result = await dispatch(table(dialogs), 'reports.save', { suggestedName, csv: CSV }, ctx);
    expect(result).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(calls.save).toEqual([]);
  });
});

describe('reports.openCsv', () => {
  it('reads the picked file and answers with its bytes and base name only', async () => {
    const source = path.join(dir, 'people.csv');
    const content = 'Alias,Дата прибытия\r\nArtyom,2024-01-08\r\n';
    await writeFile(source, content);
    const { dialogs, calls } = scripted({ open: source });
    const result = await dispatch(table(dialogs), 'reports.openCsv', {}, ctx);
    expect(calls.open).toEqual(['csv']);
    expect(result).toMatchObject({ ok: true, value: { status: 'opened', fileName: 'people.csv' } });
    const { bytes } = (result as { value: { bytes: string } }).value;
    expect(new TextDecoder().decode(fromBase64(bytes))).toBe(content);
  });

  it('answers cancelled when no file is picked', async () => {
    const { dialogs } = scripted({});
    expect(await dispatch(table(dialogs), 'reports.openCsv', {}, ctx)).toEqual({ ok: true, value: { status: 'cancelled' } });
  });

  it('refuses a file over the cap without reading it, and a folder', async () => {
    const big = path.join(dir, 'big.csv');
    await writeFile(big, 'x'.repeat(101));
    const capped = reportsHandlers({ dialogs: scripted({ open: big }).dialogs, maxCsvBytes: 100 });
    expect(await capped['reports.openCsv']({})).toEqual({ status: 'refused', reason: 'too-large', message: 'the file is 101 bytes; the limit is 100' });

    const folder = path.join(dir, 'folder.csv');
    await mkdir(folder);
    const result = await dispatch(table(scripted({ open: folder }).dialogs), 'reports.openCsv', {}, ctx);
    expect(result).toMatchObject({ ok: true, value: { status: 'refused', reason: 'unreadable' } });
  });
});
