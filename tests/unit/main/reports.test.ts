import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../src/core/crypto/bytes';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { dispatch } from '../../../electron/main/ipc';
import { checkFunderReport, reportsHandlers } from '../../../electron/main/reports';
import { funderReportTable, toCsv, type FunderReport } from '../../../src/core/reports';
import { mainTable, scriptedDialogs as scripted, TRUSTED } from './support';

const ctx = TRUSTED;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ws-reports-main-'));
});

const table = (dialogs: FileDialogs) => mainTable(dir, dialogs);

/** A funder report as the Reports screen writes it (core/reports). */
const REPORT: FunderReport = {
  countries: ['CA', 'other'],
  months: [
    { month: '2024-03', arrivals: '<5', departures: 7, bedNights: 83, occupancyRatePct: 3, departuresTo: { CA: 5, other: '<5' } },
    { month: '2024-04', arrivals: 12, departures: '<5', bedNights: 'suppressed', occupancyRatePct: 'suppressed', departuresTo: { CA: '<5', other: 'suppressed' } },
  ],
};
const CSV = toCsv(funderReportTable(REPORT));
const save = (csv: string, suggestedName = 'report-2024-03-2024-04.csv', language = 'en') => ({ suggestedName, csv, language });

describe('reports.save', () => {
  it('writes the CSV atomically with mode 0600 where the user picked, suggesting the neutral name', async () => {
    const target = path.join(dir, 'out.csv');
    const { dialogs, calls } = scripted({ save: target });
    const result = await dispatch(table(dialogs), 'reports.save', save(CSV), ctx);
    expect(result).toEqual({ ok: true, value: { status: 'saved', path: target } });
    expect(calls.save).toEqual([['report-2024-03-2024-04.csv', 'csv']]);
    expect(await readFile(target, 'utf8')).toBe(CSV);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing file whole', async () => {
    const target = path.join(dir, 'out.csv');
    await writeFile(target, 'old content that is longer than the new one');
    const { dialogs } = scripted({ save: target });
    await dispatch(table(dialogs), 'reports.save', save(CSV, 'r.csv'), ctx);
    expect(await readFile(target, 'utf8')).toBe(CSV);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const { dialogs } = scripted({});
    const result = await dispatch(table(dialogs), 'reports.save', save(CSV, 'r.csv'), ctx);
    expect(result).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a failed write as a refusal with the error code, not a crash', async () => {
    const { dialogs } = scripted({ save: path.join(dir, 'missing-folder', 'r.csv') });
    const result = await dispatch(table(dialogs), 'reports.save', save(CSV, 'r.csv'), ctx);
    expect(result).toEqual({ ok: false, code: 'write-failed' });
  });

  it.each(['../evil.csv', 'a/b.csv', 'report.exe', '.hidden.csv', ''])('refuses the suggested name %j before any dialog opens', async (suggestedName) => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.csv') });
    const result = await dispatch(table(dialogs), 'reports.save', save(CSV, suggestedName), ctx);
    expect(result).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    expect(calls.save).toEqual([]);
  });

  it('names in the save dialog the months the report itself covers (not the suggested name), in the UI language', async () => {
    const { dialogs, calls } = scripted({});
    await dispatch(table(dialogs), 'reports.save', save(CSV, 'report-2030-01-2030-12.csv'), ctx);
    await dispatch(table(dialogs), 'reports.save', save(CSV, 'r.csv', 'ru'), ctx);
    expect(calls.texts[0]).toEqual({
      title: 'Save the funder report',
      message: 'The de-identified funder report for 2024-03 to 2024-04 (2 months).',
      detail: 'Monthly totals of all houses together: no names, ids or dates, and counts under 5 withheld. The file is not encrypted.',
      save: 'Choose where to save…',
      cancel: 'Cancel',
    });
    expect(calls.texts[1]!.message).toBe('Обезличенный отчёт для доноров с 2024-03 по 2024-04 (2 месяца).');
  });

  it('writes only a funder report: free text, a small count or another layout is refused before any dialog', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.csv') });
    const month = REPORT.months[0]!;
    const variants = [
      'alias,notes\r\nAnna,Route via the northern border\r\n',
      toCsv([['month', 'arrivals'], ['2024-03', '<5']]),
      toCsv(funderReportTable({ ...REPORT, months: [{ ...month, arrivals: 3 }] })),
      toCsv(funderReportTable({ ...REPORT, months: [{ ...month, departuresTo: { CA: 2, other: '<5' } }] })),
      toCsv(funderReportTable({ ...REPORT, months: [{ ...month, month: '2024-13' }] })),
      toCsv(funderReportTable({ ...REPORT, months: [...REPORT.months].reverse() })),
      toCsv(funderReportTable({ countries: ['Anna', 'other'], months: [{ ...month, departuresTo: { Anna: 5, other: '<5' } }] })),
      toCsv(funderReportTable({ ...REPORT, months: [] })),
      CSV.replaceAll('"', ''),
      CSV + 'Anna\r\n',
    ];
    for (const csv of variants) {
      expect([csv, await dispatch(table(dialogs), 'reports.save', save(csv), ctx)]).toEqual([
        csv,
        { ok: false, code: 'not-a-report' },
      ]);
    }
    expect(calls.save).toEqual([]);
    expect(checkFunderReport(CSV)).toEqual({ from: '2024-03', to: '2024-04', months: 2 });
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
    await expect(capped['reports.openCsv']({})).rejects.toMatchObject({ code: 'file-too-large', message: 'the file is 101 bytes; the limit is 100' });

    const folder = path.join(dir, 'folder.csv');
    await mkdir(folder);
    const result = await dispatch(table(scripted({ open: folder }).dialogs), 'reports.openCsv', {}, ctx);
    expect(result).toEqual({ ok: false, code: 'file-unreadable' });
  });
});
