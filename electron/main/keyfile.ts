import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isBase64UrlOf } from '../../src/core/crypto/bytes';
import { KEY_FILE_BYTES, KeyFileError, parseKeyFile, serializeKeyFile, withLastSeq, type KeyFile } from '../../src/core/crypto/keyfile';
import { AppError } from '../../src/core/errors';

/**
 * The erasable secret (docs/threat-model.md §5a). IndexedDB cannot forget, so every destruction (remove a
 * user, forget a person, duress, wipe) is a change to this small file, which main owns:
 * one fixed-size file per vault in userData/keys, mode 0600, overwritten *in place* (same inode,
 * same length, fsynced) so the previous content is not left behind in a renamed-away inode.
 * Limit, stated honestly: SSD wear-levelling and filesystem journals may keep old blocks.
 * A 4 KiB write at offset 0 is a single block on common filesystems, so a crash leaves the old or
 * the new content; a torn write is detected by parseKeyFile and reported, never "repaired".
 *
 * The file also holds the page log's rollback witness, `lastSeq` (docs/threat-model.md, "Rollback
 * and replay"). Main only ever raises it: `advance` refuses a lower number, and `write` keeps the
 * stored witness when the renderer's copy is older, so a renderer that lies low cannot roll it back.
 */
export interface KeyFileStore {
  read(vaultId: string): Promise<Uint8Array | null>;
  write(vaultId: string, content: Uint8Array): Promise<void>;
  /** Raises the witness to `lastSeq`; the same number is a no-op, a lower one a KeyFileError. */
  advance(vaultId: string, lastSeq: number): Promise<void>;
  destroy(vaultId: string): Promise<void>;
}

export class KeyFileStoreError extends AppError {
  constructor(message: string) {
    super('keyfile-store', message);
    this.name = 'KeyFileStoreError';
  }
}

const VAULT_ID_BYTES = 16;

export function createKeyFileStore(dir: string): KeyFileStore {
  const fileFor = (vaultId: string): string => {
    if (!isBase64UrlOf(vaultId, VAULT_ID_BYTES)) throw new KeyFileStoreError('malformed vault id');
    return path.join(dir, `${vaultId}.key`);
  };

  /**
   * `durable: false` only for the witness: a raise lost in a crash leaves it behind the head, which
   * hides at most those last writes from the rollback check and never reports false damage, while an
   * fsync per page write cost the operator 3-10 ms on every save.
   */
  async function overwriteInPlace(file: string, content: Uint8Array, durable = true): Promise<void> {
    const handle = await open(file, 'r+');
    try {
      await handle.write(content, 0, content.length, 0);
      await handle.truncate(content.length);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
  }

  // Every change is read, modify, write: two at once on one vault (a slot secret added while a page
  // write raises the witness) would lose one of them, so they run one after another per vault.
  const queues = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(vaultId: string, work: () => Promise<T>): Promise<T> {
    const run = (queues.get(vaultId) ?? Promise.resolve()).then(work);
    const settled = run.catch(() => undefined);
    queues.set(vaultId, settled);
    void settled.then(() => {
      if (queues.get(vaultId) === settled) queues.delete(vaultId);
    });
    return run;
  }

  async function createNew(file: string, content: Uint8Array): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.write(content, 0, content.length, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  async function readNow(vaultId: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(fileFor(vaultId)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** The stored file, or undefined when there is none or it is torn (then nothing is carried over). */
  async function stored(vaultId: string): Promise<KeyFile | undefined> {
    const content = await readNow(vaultId);
    if (!content) return undefined;
    try {
      return parseKeyFile(content);
    } catch {
      return undefined;
    }
  }

  return {
    // After every change asked for before it: a page write does not wait for its witness raise
    // (src/vault/witness-raiser.ts), so a read sent after it must still see it, and never a half-written file.
    read: (vaultId) => oneAtATime(vaultId, () => readNow(vaultId)),

    async write(vaultId, content) {
      // Only a well-formed key file is ever written: a bad renderer cannot plant arbitrary bytes.
      const next = parseKeyFile(content);
      const file = fileFor(vaultId);
      await oneAtATime(vaultId, async () => {
        const witness = (await stored(vaultId))?.lastSeq;
        const kept = withLastSeq(next, witness);
        const bytes = kept === next ? content : serializeKeyFile(kept);
        try {
          await overwriteInPlace(file, bytes);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          await createNew(file, bytes);
        }
      });
    },

    async advance(vaultId, lastSeq) {
      const file = fileFor(vaultId);
      await oneAtATime(vaultId, async () => {
        const current = await stored(vaultId);
        if (!current) throw new KeyFileError('there is no key file to advance');
        if (current.lastSeq !== undefined && lastSeq < current.lastSeq) throw new KeyFileError('the rollback witness never goes back');
        const next = withLastSeq(current, lastSeq);
        if (next !== current) await overwriteInPlace(file, serializeKeyFile(next), false);
      });
    },

    async destroy(vaultId) {
      const file = fileFor(vaultId);
      await oneAtATime(vaultId, async () => {
        try {
          await overwriteInPlace(file, new Uint8Array(randomBytes(KEY_FILE_BYTES)));
          await overwriteInPlace(file, new Uint8Array(KEY_FILE_BYTES));
          await unlink(file);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      });
    },
  };
}

/**
 * Destroys every key file in a store's folder (overwritten, then removed), also of vaults the
 * renderer no longer knows, and removes stray temp files: the last step of a wipe, or of a practice
 * reset on the practice folder. A folder never made is already empty.
 */
export async function destroyKeyFolder(store: KeyFileStore, dir: string): Promise<void> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const name of names) {
    if (name.endsWith('.key')) await store.destroy(name.slice(0, -'.key'.length));
    else await unlink(path.join(dir, name));
  }
}
