import path from 'node:path';
import { MAX_IMPORT_CSV_BYTES } from '../../src/core/api';
import { toBase64 } from '../../src/core/crypto/bytes';
import type { FileDialogs } from './handoff/dialogs';
import { readFileCapped, ReadRefusedError, writeFileAtomic } from './handoff/files';
import type { HandlerTable } from './ipc';

export interface ReportsDeps {
  dialogs: FileDialogs;
  /** Size cap of a spreadsheet read for import; the contract's by default. */
  maxCsvBytes?: number;
}

/**
 * `reports.*`: main writes the funder report and reads a spreadsheet for import, only at paths picked
 * in a native dialog (docs/threat-model.md §11), with the same atomic 0600 write and size-capped read as
 * handoff bundles. The report is de-identified in the renderer; main only stores the text it is given.
 */
export function reportsHandlers(deps: ReportsDeps): Pick<HandlerTable, 'reports.save' | 'reports.openCsv'> {
  const maxBytes = deps.maxCsvBytes ?? MAX_IMPORT_CSV_BYTES;
  return {
    'reports.save': async ({ suggestedName, csv }) => {
      const target = await deps.dialogs.save(suggestedName, 'csv');
      if (target === undefined) return { status: 'cancelled' as const };
      try {
        await writeFileAtomic(target, new TextEncoder().encode(csv));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        return { status: 'refused' as const, reason: 'write-failed' as const, message: `the file could not be written (${code})` };
      }
      return { status: 'saved' as const, path: target };
    },

    'reports.openCsv': async () => {
      const source = await deps.dialogs.open('csv');
      if (source === undefined) return { status: 'cancelled' as const };
      try {
        const bytes = await readFileCapped(source, maxBytes);
        return { status: 'opened' as const, fileName: path.basename(source).slice(0, 255), bytes: toBase64(bytes) };
      } catch (error) {
        if (error instanceof ReadRefusedError) return { status: 'refused' as const, reason: error.reason, message: error.message.slice(0, 300) };
        throw error;
      }
    },
  };
}
