import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every translation key the code uses exists in English and in Russian. The keys are read from the
 * source: each call of `t(…)` or `i18n.t(…)`, every string its first argument can be (both sides of a
 * `?:`), and for a template like t(`handoff.refusal.${reason}`) the fixed part before the first `${`,
 * which must be a group of keys in both languages. Keys kept in tables (`{ label: 'nav.houses' }`,
 * passed on as t(r.label)) are found as dotted string literals under a translation area: in src/ui
 * any such literal, elsewhere three parts or more (two-part names there are IPC channels).
 */

const LOCALES = 'src/ui/i18n/locales';
const LANGS = ['en', 'ru'] as const;

type Tree = { [key: string]: string | Tree };

/** One language as the app loads it (src/ui/i18n/index.ts): app.json at the top, each other file under its name. */
function bundle(lang: string): Tree {
  const out: Tree = {};
  for (const file of readdirSync(path.join(LOCALES, lang))) {
    const content = JSON.parse(readFileSync(path.join(LOCALES, lang, file), 'utf8')) as Tree;
    if (file === 'app.json') Object.assign(out, content);
    else out[file.replace(/\.json$/, '')] = content;
  }
  return out;
}

function lookup(tree: Tree, key: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return node;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [file] : [];
  });
}

interface Use {
  key: string;
  /** A template's fixed part: a group of keys rather than one key. */
  prefix: boolean;
  where: string;
}

/** The strings an argument can be: literals, both branches of `?:`, and templates (as a prefix). */
function possibleKeys(node: ts.Expression, where: string): Use[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ key: node.text, prefix: false, where }];
  if (ts.isConditionalExpression(node)) return [...possibleKeys(node.whenTrue, where), ...possibleKeys(node.whenFalse, where)];
  if (ts.isParenthesizedExpression(node)) return possibleKeys(node.expression, where);
  if (ts.isTemplateExpression(node)) return [{ key: node.head.text.replace(/\.$/, ''), prefix: true, where }];
  return [];
}

function isTranslateCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  return (ts.isIdentifier(callee) && callee.text === 't') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 't');
}

/** Every key the code in `files` uses, with where it is used. */
function usedKeys(files: { name: string; text: string }[], areas: string[]): Use[] {
  const uses: Use[] = [];
  for (const { name, text } of files) {
    const keyLike = new RegExp(`^(${areas.join('|')})(\\.[A-Za-z0-9_-]+){${name.startsWith('src/ui/') ? 1 : 2},}$`);
    const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, name.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const where = (node: ts.Node) => `${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTranslateCall(node) && node.arguments[0]) {
        uses.push(...possibleKeys(node.arguments[0], where(node)));
        node.arguments.slice(1).forEach(visit);
        return;
      }
      // A literal type such as ResponseOf<'app.info'> names an IPC channel, not a key.
      if (ts.isStringLiteral(node) && !ts.isLiteralTypeNode(node.parent) && keyLike.test(node.text)) {
        uses.push({ key: node.text, prefix: false, where: where(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

/** The uses whose key (or group, for a template) is missing in `tree`. */
function missing(uses: Use[], tree: Tree): string[] {
  return uses
    .filter(({ key, prefix }) => {
      const found = lookup(tree, key);
      return prefix ? typeof found !== 'object' : typeof found !== 'string';
    })
    .map(({ key, prefix, where }) => `${where}: ${prefix ? `${key}.*` : key}`);
}

function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

const trees = Object.fromEntries(LANGS.map((lang) => [lang, bundle(lang)])) as Record<(typeof LANGS)[number], Tree>;
const areas = Object.keys(trees.en);
const code = ['src/ui', 'src/vault', 'src/core'].flatMap(sourceFiles).map((name) => ({ name, text: readFileSync(name, 'utf8') }));
const uses = usedKeys(code, areas);

describe('translation keys used in the code', () => {
  it('finds the keys of the app (a scan that finds nothing proves nothing)', () => {
    expect(uses.filter((u) => !u.prefix).length).toBeGreaterThan(300);
    expect(uses.filter((u) => u.prefix).length).toBeGreaterThan(20);
  });

  for (const lang of LANGS) {
    it(`each exists in ${lang}: a key as text, a template's fixed part as a group of keys`, () => {
      expect(missing(uses, trees[lang])).toEqual([]);
    });
  }

  it('English and Russian have the same keys', () => {
    expect(leaves(trees.ru).sort()).toEqual(leaves(trees.en).sort());
  });

  it('the scan sees keys in t(), i18n.t(), both sides of ?:, templates and tables, and reports what is missing', () => {
    const sample = {
      name: 'src/ui/sample.tsx',
      text: [
        "t('app.name');",
        "i18n.t(ok ? 'app.lock' : 'app.nope');",
        't(`errors.${code}`);',
        't(`admin.nowhere.${reason}.title`);',
        "const nav = [{ label: 'nav.missing' }, { label: 'admin.nav.users' }];",
      ].join('\n'),
    };
    const found = usedKeys([sample], areas);
    expect(found.map((u) => u.key)).toEqual(['app.name', 'app.lock', 'app.nope', 'errors', 'admin.nowhere', 'nav.missing', 'admin.nav.users']);
    expect(missing(found, trees.en)).toEqual(['src/ui/sample.tsx:2: app.nope', 'src/ui/sample.tsx:4: admin.nowhere.*', 'src/ui/sample.tsx:5: nav.missing']);
  });
});
