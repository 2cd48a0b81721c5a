import path from 'node:path';
import { MAX_IMPORT_CSV_BYTES } from '../../src/core/api';
import { toBase64 } from '../../src/core/crypto/bytes';
import { toCsv } from '../../src/core/csv';
// Not core/reports' index: it also exports the importer, whose country data (JSON modules) the built main cannot load.
import { parseCsv } from '../../src/core/reports/csv';
import {
  BELOW_THRESHOLD,
  funderReportTable,
  OTHER_COUNTRIES,
  SUPPRESSION_THRESHOLD,
  WITHHELD,
  type MonthRow,
  type ReportCell,
} from '../../src/core/reports/funder-report';
import { saveDialogText } from './handoff/dialog-text';
import type { FileDialogs } from './handoff/dialogs';
import { readFileCapped, writeFileAtomic } from './files';
import { AppError } from '../../src/core/errors';
import type { HandlerTable } from './ipc';

export interface ReportsDeps {
  dialogs: FileDialogs;
  /** Size cap of a spreadsheet read for import; the contract's by default. */
  maxCsvBytes?: number;
}

/**
 * `reports.*`: main writes the funder report and reads a spreadsheet for import, only at paths picked
 * in a native dialog (docs/threat-model.md §11), with the same atomic 0600 write and size-capped read as
 * handoff bundles. The report is de-identified in the renderer; main writes only text that is exactly
 * such a report (checkFunderReport), and says in the save dialog which months it covers.
 */
export function reportsHandlers(deps: ReportsDeps): Pick<HandlerTable, 'reports.save' | 'reports.openCsv'> {
  const maxBytes = deps.maxCsvBytes ?? MAX_IMPORT_CSV_BYTES;
  return {
    'reports.save': async ({ suggestedName, csv, language }) => {
      const report = checkFunderReport(csv);
      if (report === undefined) throw new AppError('not-a-report', 'the text is not a funder report');
      const target = await deps.dialogs.save(suggestedName, 'csv', saveDialogText({ kind: 'report', ...report }, language));
      if (target === undefined) return { status: 'cancelled' as const };
      await writeFileAtomic(target, new TextEncoder().encode(csv));
      return { status: 'saved' as const, path: target };
    },

    'reports.openCsv': async () => {
      const source = await deps.dialogs.open('csv');
      if (source === undefined) return { status: 'cancelled' as const };
      const bytes = await readFileCapped(source, maxBytes);
      return { status: 'opened' as const, fileName: path.basename(source).slice(0, 255), bytes: toBase64(bytes) };
    },
  };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const COUNTRY_COLUMN = /^departures_to_([A-Z]{2}|other)$/;

function reportCell(text: string, isCount: boolean): ReportCell | undefined {
  if (text === BELOW_THRESHOLD || text === WITHHELD) return text;
  if (!/^(0|[1-9]\d{0,8})$/.test(text)) return undefined;
  const n = Number(text);
  return isCount && n < SUPPRESSION_THRESHOLD ? undefined : n;
}

/**
 * The funder report's months if `csv` is exactly what funderReportTable and toCsv write for some report
 * (core/reports/funder-report.ts): months in order, country codes, and every count withheld or at least
 * the suppression threshold. So this channel writes a de-identified table of numbers, never text the
 * renderer chose (docs/security.md, "What main lets out").
 */
export function checkFunderReport(csv: string): { from: string; to: string; months: number } | undefined {
  let rows: string[][];
  try {
    rows = parseCsv(csv, ',');
  } catch {
    return undefined;
  }
  const [header, ...body] = rows;
  const countries = (header ?? []).slice(5).map((column) => COUNTRY_COLUMN.exec(column)?.[1]);
  if (body.length === 0 || countries.at(-1) !== OTHER_COUNTRIES || countries.includes(undefined)) return undefined;
  const months: MonthRow[] = [];
  for (const [month = '', ...texts] of body) {
    const cells = texts.map((text, i) => reportCell(text, i !== 3));
    const [arrivals, departures, bedNights, occupancyRatePct, ...to] = cells;
    if (!MONTH.test(month) || month <= (months.at(-1)?.month ?? '') || cells.includes(undefined) || to.length !== countries.length) return undefined;
    months.push({
      month,
      arrivals: arrivals!,
      departures: departures!,
      bedNights: bedNights!,
      occupancyRatePct: occupancyRatePct!,
      departuresTo: Object.fromEntries(countries.map((c, i) => [c, to[i]!])),
    });
  }
  if (toCsv(funderReportTable({ countries: countries as string[], months })) !== csv) return undefined;
  return { from: months[0]!.month, to: months.at(-1)!.month, months: months.length };
}
