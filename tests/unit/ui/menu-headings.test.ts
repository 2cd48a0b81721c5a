import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every entry of the main menu leads to a page whose heading says the same thing (docs/glossary.md):
 * the page's first <h1> equals the menu label or starts with it ("Houses" → "Houses and beds"); an
 * area with its own section tabs (handoffs, administration) is named by those tabs' navigation, which
 * must carry the menu label. Read from the source, so the check covers what the screens render.
 */

const ROUTES_FILE = 'src/ui/routes.tsx';
const source = (file: string) => readFileSync(file, 'utf8');

interface NavEntry {
  path: string;
  label: string;
  component: string;
}

function navEntries(): NavEntry[] {
  const text = source(ROUTES_FILE);
  const entries = [...text.matchAll(/\{ path: '([^']+)', label: '([^']+)',[^}]*element: \(\) => <(\w+)[^}]*nav: (true|false) \}/g)];
  return entries.filter((m) => m[4] === 'true').map((m) => ({ path: m[1]!, label: m[2]!, component: m[3]! }));
}

/** The file a component of routes.tsx is imported from. */
function componentFile(component: string): string {
  const imported = new RegExp(`import \\{[^}]*\\b${component}\\b[^}]*\\} from '([^']+)'`).exec(source(ROUTES_FILE));
  if (!imported) throw new Error(`${component} is not imported in ${ROUTES_FILE}`);
  return `${path.join(path.dirname(ROUTES_FILE), imported[1]!)}.tsx`;
}

/** The body of `function name(...)` up to the next top-level function. */
function functionBody(file: string, name: string): string {
  const text = source(file);
  const start = text.search(new RegExp(`(export )?function ${name}\\(`));
  if (start < 0) throw new Error(`function ${name} not found in ${file}`);
  const next = text.slice(start + 1).search(/\n(export )?function /);
  return next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
}

/** What names the page: the section tabs' label key when it shows them, else its first <h1>'s key. */
function headingKey(entry: NavEntry): string {
  const file = componentFile(entry.component);
  const body = functionBody(file, entry.component);
  const sections = /<(\w+Nav) \/>/.exec(body);
  if (sections) {
    const navFile = path.join(path.dirname(file), 'common.tsx');
    const key = /aria-label=\{t\('([^']+)'\)\}/.exec(functionBody(navFile, sections[1]!));
    if (!key) throw new Error(`${sections[1]} has no translated aria-label`);
    return key[1]!;
  }
  const h1 = /<h1[^>]*>\{t\('([^']+)'/.exec(body);
  if (!h1) throw new Error(`${entry.component} shows no translated <h1>`);
  return h1[1]!;
}

const lookup = (lang: string, key: string): string => {
  const [area, ...rest] = key.split('.');
  const fileArea = ['app', 'nav', 'about', 'unlock', 'roles', 'notFound'].includes(area!) ? 'app' : area!;
  const json = JSON.parse(source(`src/ui/i18n/locales/${lang}/${fileArea}.json`)) as Record<string, unknown>;
  const parts = fileArea === 'app' ? [area!, ...rest] : rest;
  const value = parts.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], json);
  if (typeof value !== 'string') throw new Error(`${lang} ${key} is missing`);
  return value;
};

/** The heading repeats the label, perhaps followed by more words. */
function matches(label: string, heading: string): boolean {
  return heading === label || heading.startsWith(`${label} `);
}

describe('menu labels and page headings', () => {
  const entries = navEntries();

  it('reads every menu entry of routes.tsx', () => {
    expect(entries.map((e) => e.path)).toEqual(expect.arrayContaining(['/', '/residents', '/houses', '/handoff', '/admin', '/about']));
  });

  for (const lang of ['en', 'ru']) {
    it(`${lang}: every menu label is the heading of the page it opens`, () => {
      const mismatched = entries
        .map((e) => ({ path: e.path, label: lookup(lang, e.label), heading: lookup(lang, headingKey(e)) }))
        .filter((e) => !matches(e.label, e.heading));
      expect(mismatched).toEqual([]);
    });
  }

  it('a label that differs from its heading is caught', () => {
    expect(matches('Сводка', 'Обзор')).toBe(false);
    expect(matches('Дом', 'Дома и кровати')).toBe(false);
  });
});
