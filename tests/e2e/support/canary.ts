import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * At-rest scanning (docs/threat-model.md §1). Chromium snappy-compresses IndexedDB values, so a plain grep
 * can miss plaintext that is there. What works: canaries whose bigrams are unique across the whole
 * set (so compression cannot fold one into a back-reference to another), searched by their interior
 * (first and last character dropped) in UTF-8, Latin-1 and UTF-16LE; and a control canary written in
 * clear to a plain IndexedDB store of the same profile, which the scan must find.
 */
const LATIN = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const CYRILLIC = 'АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯабвгдежзиклмнопрстуфхцчшщэюя';

export class CanarySet {
  private readonly bigrams = new Set<string>();
  readonly all: string[] = [];

  /** A fresh canary of the given length whose bigrams appear nowhere else in the set. */
  make(length: number, alphabet: 'latin' | 'cyrillic' = 'latin', prefix = ''): string {
    const chars = [...(alphabet === 'latin' ? LATIN : CYRILLIC)];
    for (let attempt = 0; attempt < 10_000; attempt++) {
      let s = prefix;
      while ([...s].length < length) s += chars[Math.floor(Math.random() * chars.length)];
      const grams = bigramsOf(s);
      if (grams.length !== new Set(grams).size || grams.some((g) => this.bigrams.has(g))) continue;
      grams.forEach((g) => this.bigrams.add(g));
      this.all.push(s);
      return s;
    }
    throw new Error('could not make a canary with unique bigrams');
  }
}

function bigramsOf(s: string): string[] {
  const cs = [...s];
  return cs.slice(1).map((c, i) => cs[i]! + c);
}

function encodings(canary: string): Buffer[] {
  const interior = [...canary].slice(1, -1).join('');
  const out = [Buffer.from(interior, 'utf8'), Buffer.from(interior, 'utf16le')];
  if ([...interior].every((c) => c.charCodeAt(0) <= 0xff)) out.push(Buffer.from(interior, 'latin1'));
  return out;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return filesUnder(full);
      return Promise.resolve(e.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}

export interface ScanResult {
  filesScanned: number;
  bytesScanned: number;
  /** canary -> files it was found in */
  found: Map<string, string[]>;
}

export async function scanProfile(dir: string, canaries: string[]): Promise<ScanResult> {
  const files = await filesUnder(dir);
  const found = new Map<string, string[]>();
  let bytes = 0;
  for (const file of files) {
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      continue;
    }
    bytes += content.length;
    for (const canary of canaries) {
      if (encodings(canary).some((needle) => content.includes(needle))) found.set(canary, [...(found.get(canary) ?? []), path.relative(dir, file)]);
    }
  }
  return { filesScanned: files.length, bytesScanned: bytes, found };
}

/** Writes the control canary in clear into a plain IndexedDB database of the same origin and profile. */
export async function writeControlCanary(page: Page, control: string): Promise<void> {
  await page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('at-rest-control', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('plain');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const tx = request.result.transaction('plain', 'readwrite');
          tx.objectStore('plain').put({ note: value }, 'control');
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    control,
  );
}
