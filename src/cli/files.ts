import { randomBytes } from 'node:crypto';
import { lstat, mkdtemp, open, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/* The partner CLI's file handling: capped reads of regular files, and writes that never leave half a result. */

/** A problem on this machine (files, keys), as opposed to a refused bundle. */
export class LocalError extends Error {}

export async function readText(path: string): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await readRegularFile(path, 1024 * 1024));
}

export async function readRegularFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch(() => {
    throw new LocalError(`cannot read ${path}`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new LocalError(`${path} is not a regular file`);
    if (info.size > maxBytes) throw new LocalError(`${path} is larger than ${maxBytes} bytes`);
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

export async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Temp files beside the targets, fsynced, then renamed; on any failure nothing new is left behind. */
export async function writeFilesAtomically(files: readonly (readonly [string, Uint8Array])[]): Promise<void> {
  const staged: [string, string][] = [];
  const placed: string[] = [];
  try {
    for (const [target, data] of files) {
      const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      staged.push([temp, target]);
      await writeNewFile(temp, data);
    }
    for (const [temp, target] of staged) {
      if (await exists(target)) throw new LocalError(`${target} already exists; refusing to overwrite it`);
      await rename(temp, target);
      placed.push(target);
    }
    await syncDir(dirname(staged[0]?.[1] ?? '.'));
  } catch (error) {
    await Promise.all([...staged.map(([temp]) => unlink(temp).catch(() => undefined)), ...placed.map((p) => unlink(p).catch(() => undefined))]);
    throw error;
  }
}

/** Builds the whole folder under a temp name in the same parent (0700), then renames it into place. */
export async function writeDirAtomically(out: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const temp = await mkdtemp(join(dirname(out), `.${basename(out)}.tmp-`));
  try {
    for (const [name, data] of files) await writeNewFile(join(temp, name), data);
    await syncDir(temp);
    if (await exists(out)) throw new LocalError(`${out} already exists; refusing to write into it`);
    await rename(temp, out);
    await syncDir(dirname(out));
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function writeNewFile(path: string, data: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
