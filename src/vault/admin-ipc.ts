import { call } from '../bridge';
import { MAX_BACKUP_BYTES } from '../core/api';
import { AppError } from '../core/errors';
import { fromBase64, toBase64 } from '../core/crypto/bytes';
import type { Language } from '../core/language';
import { backupFileName } from './services/backup';

/**
 * The app's transports for administration through main: saving and opening backup files (native
 * dialogs, atomic 0600 writes, size-capped reads, all in main) and the last step of a wipe.
 */
export type BackupSaveResult = { status: 'saved'; path: string; sha256: string } | { status: 'cancelled' };
export type BackupOpenResult = { status: 'opened'; bytes: Uint8Array } | { status: 'cancelled' };

/** `language`: main words its save dialog in it. A refusal (not a backup, write failed) throws main's AppError. */
export async function saveBackupFile(bytes: Uint8Array, now: Date, language: Language): Promise<BackupSaveResult> {
  // Main refuses a larger message as invalid; this says what is wrong.
  if (bytes.length > MAX_BACKUP_BYTES) throw new AppError('file-too-large', 'backup larger than main accepts');
  return call('backupSave', { suggestedName: backupFileName(now), content: toBase64(bytes), language });
}

/** A refusal (too large, unreadable) throws main's AppError. */
export async function openBackupFile(): Promise<BackupOpenResult> {
  const result = await call('backupOpen', {});
  return result.status === 'opened' ? { status: 'opened', bytes: fromBase64(result.bytes) } : result;
}

/** VaultDeps.wipeStorage in the app. */
export async function ipcWipeStorage(): Promise<void> {
  await call('vaultWipeStorage', {});
}

/** Practice reset and a wipe in practice, last step: main destroys the practice key files only. */
export async function ipcResetPractice(): Promise<void> {
  await call('practiceReset', {});
}
