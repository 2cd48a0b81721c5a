import path from 'node:path';
import { createHandlers, type MainDeps } from '../../../electron/main/handlers';
import type { SaveText } from '../../../electron/main/handoff/dialog-text';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { createKeyFileStore } from '../../../electron/main/keyfile';

/** An IPC context whose sender is the app page. */
export const TRUSTED = { senderTrusted: true };

/** Dialogs that answer like a user would: a fixed path, or cancel (undefined); calls are recorded, and the text each save showed. */
export function scriptedDialogs(answer: { save?: string; open?: string }) {
  const calls: { save: [string, string][]; texts: SaveText[]; open: string[] } = { save: [], texts: [], open: [] };
  const dialogs: FileDialogs = {
    save: async (name, kind, text) => {
      calls.save.push([name, kind]);
      calls.texts.push(text);
      return answer.save;
    },
    open: async (kind) => {
      calls.open.push(kind);
      return answer.open;
    },
  };
  return { dialogs, calls };
}

/** The whole handler table as the app wires it (key files under `dir`), so the contract's schemas are checked too. */
export function mainTable(dir: string, dialogs: FileDialogs, handoff: { now?: () => Date; maxBundleBytes?: number } = {}, lock?: MainDeps['lock']) {
  return createHandlers({
    ...(lock && { lock }),
    app: { name: 'W', version: '1', platform: 'linux', packaged: false },
    keyFiles: createKeyFileStore(path.join(dir, 'keys')),
    clipboard: { writeText: () => undefined, readText: () => '' },
    handoff: { dialogs, now: handoff.now ?? (() => new Date()), ...(handoff.maxBundleBytes !== undefined && { maxBundleBytes: handoff.maxBundleBytes }) },
  });
}
