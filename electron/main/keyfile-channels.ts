import { fromBase64, toBase64 } from '../../src/core/crypto/bytes';
import { AppError } from '../../src/core/errors';
import type { Profile } from '../../src/core/practice/profile';
import type { HandlerTable } from './ipc';
import { destroyKeyFolder, type KeyFileStore } from './keyfile';

/** The practice vault's key files: a folder of their own (userData/practice-keys), never the real one. */
export interface PracticeKeys {
  store: KeyFileStore;
  dir: string;
}

/**
 * `keyfile.*`: the renderer reads and replaces the erasable secret of its vault; main checks the
 * format, and raises the rollback witness only forward (keyfile.ts).
 * Each request names its profile, and each profile has its own folder, so practice can neither read
 * nor destroy a real key file (docs/threat-model.md, "Practice isolation"). `practice.reset` destroys
 * every practice key file and nothing else.
 */
export function keyFileHandlers(
  real: KeyFileStore,
  practice: PracticeKeys | undefined,
): Pick<HandlerTable, 'keyfile.read' | 'keyfile.write' | 'keyfile.advance' | 'keyfile.destroy' | 'practice.reset'> {
  const storeOf = (profile: Profile): KeyFileStore => {
    if (profile === 'real') return real;
    if (!practice) throw new AppError('practice-unavailable', 'Practice is not available here.');
    return practice.store;
  };
  return {
    'keyfile.read': async ({ profile, vaultId }) => {
      const content = await storeOf(profile).read(vaultId);
      return { content: content ? toBase64(content) : null };
    },
    'keyfile.write': async ({ profile, vaultId, content }) => {
      // A malformed content throws KeyFileError, an AppError: dispatch sends its code ('keyfile-invalid').
      await storeOf(profile).write(vaultId, fromBase64(content));
      return {};
    },
    'keyfile.advance': async ({ profile, vaultId, lastSeq }) => {
      // Going back throws KeyFileError, an AppError: dispatch sends its code ('keyfile-invalid').
      await storeOf(profile).advance(vaultId, lastSeq);
      return {};
    },
    'keyfile.destroy': async ({ profile, vaultId }) => {
      await storeOf(profile).destroy(vaultId);
      return {};
    },
    'practice.reset': async () => {
      if (!practice) throw new AppError('practice-unavailable', 'Practice is not available here.');
      await destroyKeyFolder(practice.store, practice.dir);
      return {};
    },
  };
}
