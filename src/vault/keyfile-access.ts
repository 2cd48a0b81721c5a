import { fromBase64, toBase64 } from '../core/crypto/bytes';
import { call } from '../bridge';
import { parseKeyFile, serializeKeyFile, type KeyFile } from '../core/crypto/keyfile';
import type { Profile } from '../core/practice/profile';

/** The vault's view of main's key file (docs/threat-model.md §5a): parsed on the way in, serialised on the way out. */
export interface KeyFileAccess {
  read(vaultId: string): Promise<KeyFile | null>;
  write(vaultId: string, keyFile: KeyFile): Promise<void>;
  /** Raises main's rollback witness to the page log's last sequence number (main never lowers it). */
  advance(vaultId: string, lastSeq: number): Promise<void>;
  destroy(vaultId: string): Promise<void>;
}

/** The byte-level transport: main's KeyFileStore directly (Node tests) or the IPC bridge (app). */
export interface KeyFileBytes {
  read(vaultId: string): Promise<Uint8Array | null>;
  write(vaultId: string, content: Uint8Array): Promise<void>;
  advance(vaultId: string, lastSeq: number): Promise<void>;
  destroy(vaultId: string): Promise<void>;
}

export function keyFileAccess(bytes: KeyFileBytes): KeyFileAccess {
  return {
    async read(vaultId) {
      const content = await bytes.read(vaultId);
      return content ? parseKeyFile(content) : null;
    },
    write: (vaultId, keyFile) => bytes.write(vaultId, serializeKeyFile(keyFile)),
    advance: (vaultId, lastSeq) => bytes.advance(vaultId, lastSeq),
    destroy: (vaultId) => bytes.destroy(vaultId),
  };
}

/** The app's transport: base64 over the typed IPC channels, to the key-file folder of `profile` in main. */
export function ipcKeyFileBytes(profile: Profile): KeyFileBytes {
  return {
    async read(vaultId) {
      const { content } = await call('keyFileRead', { profile, vaultId });
      return content === null ? null : fromBase64(content);
    },
    async write(vaultId, content) {
      await call('keyFileWrite', { profile, vaultId, content: toBase64(content) });
    },
    async advance(vaultId, lastSeq) {
      await call('keyFileAdvance', { profile, vaultId, lastSeq });
    },
    async destroy(vaultId) {
      await call('keyFileDestroy', { profile, vaultId });
    },
  };
}
