import { describe, expect, it } from 'vitest';
import en from '../../../src/ui/i18n/en.json';
import ru from '../../../src/ui/i18n/ru.json';

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
  it('English and Russian have exactly the same keys', () => {
    expect(keys(ru).sort()).toEqual(keys(en).sort());
  });

  it('every string is non-empty and keeps the same placeholders', () => {
    for (const key of keys(en)) {
      const e = lookup(en, key) as string;
      const r = lookup(ru, key) as string;
      expect(e.trim(), key).not.toBe('');
      expect(r.trim(), key).not.toBe('');
      expect(placeholders(r), key).toEqual(placeholders(e));
    }
  });
});
