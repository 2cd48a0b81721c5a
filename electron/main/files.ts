import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src/core/errors';

/**
 * The only ways main touches a user-picked file (docs/threat-model.md §11, 14): a write that is atomic and
 * private, and a read with a size cap.
 */

/** A failed write, as the AppError 'write-failed'; the system's code (ENOENT, ENOSPC…) stays in the message. */
export class WriteRefusedError extends AppError {
  constructor(readonly systemCode: string) {
    super('write-failed', `the file could not be written (${systemCode})`);
    this.name = 'WriteRefusedError';
  }
}

/**
 * Writes `data` to `target` so that `target` is never seen half-written: a temp file in the same folder
 * (same filesystem, so rename is atomic), mode 0600, fsynced, renamed over the target, then the folder
 * fsynced so the rename itself survives a crash. On any failure the temp file is removed, the target
 * is as it was, and the error is a WriteRefusedError naming the system's code (ENOENT, EISDIR, ENOSPC…).
 */
export async function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw refusal(error);
  }
  await syncDir(dir).catch((error: unknown) => {
    throw refusal(error);
  });
}

function refusal(error: unknown): WriteRefusedError {
  return new WriteRefusedError((error as NodeJS.ErrnoException).code ?? 'error');
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class ReadRefusedError extends AppError {
  constructor(
    readonly reason: 'too-large' | 'unreadable',
    message: string,
  ) {
    super(`file-${reason}`, message);
    this.name = 'ReadRefusedError';
  }
}

/**
 * Reads a regular file of at most `maxBytes`. The size is checked before reading (a huge file is
 * refused without being read), and a file that grows while it is read is refused too.
 */
export async function readFileCapped(file: string, maxBytes: number): Promise<Uint8Array> {
  // O_NONBLOCK: opening a named pipe must not hang main; it is then refused as not a regular file.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw new ReadRefusedError('unreadable', `the file cannot be opened (${error.code ?? 'error'})`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ReadRefusedError('unreadable', 'not a regular file');
    if (info.size > maxBytes) throw new ReadRefusedError('too-large', `the file is ${info.size} bytes; the limit is ${maxBytes}`);
    // One byte more than announced, to notice growth after the stat.
    const buffer = new Uint8Array(info.size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > info.size) throw new ReadRefusedError('unreadable', 'the file changed while it was being read');
    }
    if (filled !== info.size) throw new ReadRefusedError('unreadable', 'the file changed while it was being read');
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
