import { fromBase64, toBase64 } from '../../src/core/crypto/bytes';
import { KeyFileError } from '../../src/core/crypto/keyfile';
import { RefusedError, type HandlerTable } from './ipc';
import type { KeyFileStore } from './keyfile';

/**
 * `keyfile.*`: the renderer reads and replaces the erasable secret of its vault; main checks the
 * format, and raises the rollback witness only forward (keyfile.ts).
 */
export function keyFileHandlers(store: KeyFileStore): Pick<HandlerTable, 'keyfile.read' | 'keyfile.write' | 'keyfile.advance' | 'keyfile.destroy'> {
  return {
    'keyfile.read': async ({ vaultId }) => {
      const content = await store.read(vaultId);
      return { content: content ? toBase64(content) : null };
    },
    'keyfile.write': async ({ vaultId, content }) => {
      try {
        await store.write(vaultId, fromBase64(content));
      } catch (error) {
        if (error instanceof KeyFileError) throw new RefusedError('The key file content is not valid.');
        throw error;
      }
      return {};
    },
    'keyfile.advance': async ({ vaultId, lastSeq }) => {
      try {
        await store.advance(vaultId, lastSeq);
      } catch (error) {
        if (error instanceof KeyFileError) throw new RefusedError('The rollback witness only moves forward.');
        throw error;
      }
      return {};
    },
    'keyfile.destroy': async ({ vaultId }) => {
      await store.destroy(vaultId);
      return {};
    },
  };
}
