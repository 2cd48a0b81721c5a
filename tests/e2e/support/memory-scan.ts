import { open, readdir, readFile } from 'node:fs/promises';

/**
 * Reads the memory of Chromium's renderer processes (docs/security.md, "Locking"): every process
 * of the browser started on `profileDir` whose command line says `--type=renderer`, each
 * readable mapping from /proc/PID/maps read through /proc/PID/mem (needs root, or ptrace rights
 * over the browser's processes), searched for each needle in UTF-8 (= Latin-1 for ASCII, V8's
 * one-byte strings) and UTF-16LE (V8's two-byte strings).
 */
export interface MemoryScan {
  pids: number[];
  bytesScanned: number;
  /** needle -> occurrences over all processes and both encodings */
  hits: Map<string, number>;
}

/** The command line as one string: Chromium rewrites its processes' titles, so arguments may be joined by spaces rather than NULs. */
async function cmdline(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * The renderer processes of the Chromium running on `profileDir`: Chromium hands its user data
 * directory to every child, so this tells them from other browsers' renderers on the machine.
 */
export async function rendererPids(profileDir: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const profile = `--user-data-dir=${profileDir} `;
  const lines = await Promise.all(pids.map(async (pid) => [pid, `${await cmdline(pid)} `] as const));
  return lines.filter(([, line]) => line.includes(' --type=renderer ') && line.includes(profile)).map(([pid]) => pid);
}

/** Libraries and fonts mapped from disk hold no page data; everything else readable is read. */
function worthReading(line: string): { start: bigint; end: bigint } | undefined {
  const [range, perms, , , , path = ''] = line.trim().split(/\s+/);
  if (!range || !perms?.startsWith('r')) return undefined;
  if (path === '[vvar]' || path === '[vsyscall]' || path === '[vdso]') return undefined;
  if (path.startsWith('/') && !path.startsWith('/dev/shm') && !path.startsWith('/memfd:')) return undefined;
  const [start, end] = range.split('-').map((hex) => BigInt(`0x${hex}`));
  return { start: start!, end: end! };
}

function count(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
}

const CHUNK = 16 * 1024 * 1024;

export async function scanRenderers(profileDir: string, needles: string[]): Promise<MemoryScan> {
  const pids = await rendererPids(profileDir);
  const encoded = needles.map((needle) => ({ needle, forms: [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')] }));
  const overlap = Math.max(...encoded.flatMap((e) => e.forms.map((f) => f.length)));
  const hits = new Map(needles.map((n) => [n, 0]));
  let bytesScanned = 0;
  for (const pid of pids) {
    let maps: string;
    try {
      maps = await readFile(`/proc/${pid}/maps`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const mem = await open(`/proc/${pid}/mem`, 'r').catch(() => undefined);
    if (!mem) continue;
    try {
      for (const region of maps.split('\n').map(worthReading)) {
        if (!region) continue;
        // Chunks overlap by the longest needle, so a needle across a chunk border is found (and counted once).
        for (let at = region.start; at < region.end; at += BigInt(CHUNK)) {
          const length = Number(region.end - at < BigInt(CHUNK + overlap) ? region.end - at : BigInt(CHUNK + overlap));
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await mem.read(buffer, 0, length, Number(at)).catch(() => ({ bytesRead: 0 }));
          const data = buffer.subarray(0, bytesRead);
          bytesScanned += Math.min(bytesRead, CHUNK);
          for (const { needle, forms } of encoded) {
            for (const form of forms) {
              const inChunk = count(data, form);
              // Drop matches that start in the overlap: the next chunk counts them.
              const inOverlap = data.length > CHUNK ? count(data.subarray(CHUNK), form) : 0;
              hits.set(needle, hits.get(needle)! + inChunk - inOverlap);
            }
          }
        }
      }
    } finally {
      await mem.close();
    }
  }
  return { pids, bytesScanned, hits };
}

/** Waits until none of `pids` is alive (a closed page's renderer exits shortly after). */
export async function waitUntilGone(pids: number[], timeoutMs = 10_000): Promise<number[]> {
  // A zombie has an empty command line: it holds no memory any more.
  const alive = async () => (await Promise.all(pids.map(async (pid) => ((await cmdline(pid)) !== '' ? pid : undefined)))).filter((p) => p !== undefined);
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if ((await alive()).length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return alive();
}
