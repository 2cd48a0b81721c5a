import { link, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileCapped, writeFileAtomic, WriteRefusedError } from '../../../electron/main/files';

/** What the writer did, in order: opens, writes, fsyncs, closes and renames (temp names shortened to "temp"). */
const steps: string[] = [];
let failRename = false;

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const short = (file: string) => (path.basename(file).endsWith('.tmp') ? 'temp' : path.basename(file));
  return {
    ...fs,
    open: async (file: string, ...rest: Parameters<typeof fs.open> extends [unknown, ...infer R] ? R : never) => {
      const handle = await fs.open(file, ...rest);
      steps.push(`open ${short(file)}`);
      return new Proxy(handle, {
        get(target, key) {
          const value = Reflect.get(target, key, target) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (key === 'writeFile' || key === 'sync' || key === 'close') steps.push(`${key} ${short(file)}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
    rename: async (from: string, to: string) => {
      if (failRename) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      steps.push(`rename ${short(from)} ${short(to)}`);
      return fs.rename(from, to);
    },
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ws-files-'));
  steps.length = 0;
  failRename = false;
});

describe('writeFileAtomic', () => {
  it('never writes into the target: the old file stays whole until a complete new one is renamed over it', async () => {
    const target = path.join(dir, 'bundle.age');
    const witness = path.join(dir, 'witness');
    const old = Buffer.alloc(1024, 1);
    const next = Buffer.alloc(4 * 1024 * 1024, 2);
    await writeFile(target, old);
    // A second name for the old inode: an in-place (truncate, then write) implementation would change it.
    await link(target, witness);
    const before = await stat(target);
    await writeFileAtomic(target, next);
    expect((await readFile(witness)).equals(old)).toBe(true);
    expect((await stat(target)).ino).not.toBe(before.ino);
    expect((await readFile(target)).equals(next)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['bundle.age', 'witness']);
  });

  it('writes a temp file in the same folder, fsyncs it, renames it over the target, then fsyncs the folder', async () => {
    const target = path.join(dir, 'report.csv');
    await writeFileAtomic(target, new TextEncoder().encode('a,b\n'));
    expect(steps).toEqual([
      'open temp',
      'writeFile temp',
      'sync temp',
      'close temp',
      'rename temp report.csv',
      `open ${path.basename(dir)}`,
      `sync ${path.basename(dir)}`,
      `close ${path.basename(dir)}`,
    ]);
    expect(await readFile(target, 'utf8')).toBe('a,b\n');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('refuses a path it cannot write with a WriteRefusedError naming the code, leaving nothing behind', async () => {
    await mkdir(path.join(dir, 'a-folder'));
    await writeFile(path.join(dir, 'a-folder', 'inside'), 'x');
    for (const [target, code] of [
      [path.join(dir, 'a-folder'), 'EISDIR'],
      [path.join(dir, 'missing', 'x.age'), 'ENOENT'],
    ] as const) {
      const error = await writeFileAtomic(target, new Uint8Array([1])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WriteRefusedError);
      expect(error).toMatchObject({ code: 'write-failed', systemCode: code, message: `the file could not be written (${code})` });
    }
    expect(await readdir(dir)).toEqual(['a-folder']);
    expect(await readdir(path.join(dir, 'a-folder'))).toEqual(['inside']);
  });

  it('a failure after the temp file is written removes it and leaves the old target as it was', async () => {
    const target = path.join(dir, 'backup.age');
    await writeFile(target, 'old');
    failRename = true;
    await expect(writeFileAtomic(target, new TextEncoder().encode('new'))).rejects.toMatchObject({ code: 'write-failed', systemCode: 'ENOSPC' });
    expect(await readdir(dir)).toEqual(['backup.age']);
    expect(await readFile(target, 'utf8')).toBe('old');
  });
});

describe('readFileCapped', () => {
  it('reads exactly the file', async () => {
    const file = path.join(dir, 'f');
    await writeFile(file, 'abc');
    expect(new TextDecoder().decode(await readFileCapped(file, 3))).toBe('abc');
    await writeFile(file, '');
    expect(await readFileCapped(file, 3)).toEqual(new Uint8Array());
  });
});
