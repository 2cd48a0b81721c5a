import { describe, expect, it } from 'vitest';
import { MAX_BACKUP_BYTES } from '../../../src/core/api';
import { saveBackupFile } from '../../../src/vault/admin-ipc';

describe('saving a backup file', () => {
  it('refuses a backup larger than main accepts with a clear error, before sending it', async () => {
    const tooLarge = new Uint8Array(MAX_BACKUP_BYTES + 1);
    await expect(saveBackupFile(tooLarge, new Date('2026-11-20T10:00:00Z'), 'en')).rejects.toMatchObject({ code: 'file-too-large' });
  });
});
