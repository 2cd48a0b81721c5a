/**
 * Names of the renderer -> main functions and their IPC channels. Kept free of dependencies so the
 * sandboxed preload bundles nothing but this table (schemas live in api.ts).
 */
export const CHANNELS = {
  appInfo: 'app.info',
  keyFileRead: 'keyfile.read',
  keyFileWrite: 'keyfile.write',
  keyFileAdvance: 'keyfile.advance',
  keyFileDestroy: 'keyfile.destroy',
  clipboardCopy: 'clipboard.copy',
  clipboardClear: 'clipboard.clear',
  handoffExport: 'handoff.export',
  handoffOpen: 'handoff.open',
  handoffSavePublicKey: 'handoff.savePublicKey',
  handoffOpenReceipt: 'handoff.openReceipt',
  handoffSaveReceipt: 'handoff.saveReceipt',
  networkExportReport: 'network.exportReport',
  reportsSave: 'reports.save',
  reportsOpenCsv: 'reports.openCsv',
  backupSave: 'backup.save',
  backupOpen: 'backup.open',
  vaultWipeStorage: 'vault.wipe-storage',
  practiceReset: 'practice.reset',
  unlockDelay: 'unlock.delay',
  unlockFailed: 'unlock.failed',
  unlockSucceeded: 'unlock.succeeded',
  sessionLocked: 'session.locked',
  sessionLocking: 'session.locking',
} as const;

export type BridgeFunction = keyof typeof CHANNELS;
export type Channel = (typeof CHANNELS)[BridgeFunction];

/**
 * Main -> renderer notifications (no payload): system suspend / screen lock asks the page to lock;
 * the page answers on 'session.locked' and main replaces it (electron/main/lock.ts).
 */
export const LOCK_EVENT = 'waystation:lock-now';
