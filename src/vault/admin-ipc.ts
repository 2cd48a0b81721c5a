import { call } from '../bridge';
import { fromBase64, toBase64 } from '../core/crypto/bytes';
import type { Language } from '../core/language';
import { backupFileName } from './services/backup';

/**
 * The app's transports for administration through main: saving and opening backup files (native
 * dialogs, atomic 0600 writes, size-capped reads, all in main) and the last step of a wipe.
 */
export type BackupSaveResult = { status: 'saved'; path: string; sha256: string } | { status: 'cancelled' } | { status: 'refused'; message: string };
export type BackupOpenResult = { status: 'opened'; bytes: Uint8Array } | { status: 'cancelled' } | { status: 'refused'; message: string };

/** `language`: main words its save dialog in it. */
export async function saveBackupFile(bytes: Uint8Array, now: Date, language: Language): Promise<BackupSaveResult> {
  const result = await call('backupSave', { suggestedName: backupFileName(now), content: toBase64(bytes), language });
  return result.status === 'refused' ? { status: 'refused', message: result.message } : result;
}

export async function openBackupFile(): Promise<BackupOpenResult> {
  const result = await call('backupOpen', {});
  if (result.status === 'opened') return { status: 'opened', bytes: fromBase64(result.bytes) };
  return result.status === 'refused' ? { status: 'refused', message: result.message } : result;
}

/** VaultDeps.wipeStorage in the app. */
export async function ipcWipeStorage(): Promise<void> {
  await call('vaultWipeStorage', {});
}

/** Practice reset and a wipe in practice, last step: main destroys the practice key files only. */
export async function ipcResetPractice(): Promise<void> {
  await call('practiceReset', {});
}
