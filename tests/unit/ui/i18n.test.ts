import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = 'src/ui/i18n/locales';
const load = (lang: string, file: string) => JSON.parse(readFileSync(`${DIR}/${lang}/${file}`, 'utf8')) as object;

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}
function lookup(obj: object, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj);
}

describe('translations', () => {
  it('English and Russian have the same files', () => {
    expect(readdirSync(`${DIR}/ru`).sort()).toEqual(readdirSync(`${DIR}/en`).sort());
  });

  for (const file of readdirSync(`${DIR}/en`)) {
    it(`${file}: both languages have exactly the same keys, non-empty, with the same placeholders`, () => {
      const en = load('en', file);
      const ru = load('ru', file);
      expect(keys(ru).sort()).toEqual(keys(en).sort());
      for (const key of keys(en)) {
        const e = lookup(en, key) as string;
        const r = lookup(ru, key) as string;
        expect(typeof e === 'string' && e.trim() !== '', `en ${key}`).toBe(true);
        expect(typeof r === 'string' && r.trim() !== '', `ru ${key}`).toBe(true);
        expect(placeholders(r), key).toEqual(placeholders(e));
      }
    });
  }
});
