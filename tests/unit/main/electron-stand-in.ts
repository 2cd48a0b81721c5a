import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * A recording stand-in for the `electron` module, so the *built* main bundle can run under plain
 * Node (no Electron binary exists here). Every property is another recorder, every call and
 * construction is recorded with its arguments, and nothing needs listing in advance: code that
 * starts using a new Electron API is recorded too. Only the few answers main depends on (a promise
 * for whenReady, strings for names and paths) are given by the test.
 */

/** One use of the Electron API: `path` is e.g. 'app.on', 'new BrowserWindow', 'BrowserWindow#1.loadURL'. */
export interface Call {
  path: string;
  args: unknown[];
}

export interface StandIn {
  /** What `import … from 'electron'` gives the code under test. */
  readonly module: Record<string, unknown>;
  /** Every call, construction and assignment, in order. */
  readonly calls: Call[];
  callsTo(path: string): Call[];
  /** Runs every listener registered at `target` with `.on(event, fn)` or `.once(event, fn)`. */
  emit(target: string, event: string, ...args: unknown[]): unknown[];
  /** The recorder at a path, e.g. the WebContents of a constructed window: 'BrowserWindow#1.webContents'. */
  at(path: string): Record<string, unknown>;
}

/**
 * `answers` maps a path to what main gets there: a function answers calls (and is recorded), any
 * other value is returned as the property itself (e.g. 'app.isPackaged': true).
 */
export function electronStandIn(answers: Record<string, unknown> = {}): StandIn {
  const calls: Call[] = [];
  const nodes = new Map<string, Record<string, unknown>>();
  let constructed = 0;

  const node = (path: string): Record<string, unknown> => {
    const existing = nodes.get(path);
    if (existing) return existing;
    const recorder = new Proxy(function standIn() {}, {
      get(_target, prop) {
        // Not a promise, not a primitive: `await` and string conversion see a plain object.
        if (typeof prop === 'symbol' || prop === 'then') return undefined;
        const child = `${path}.${prop}`;
        if (child in answers) {
          const answer = answers[child];
          if (typeof answer !== 'function') return answer;
          return (...args: unknown[]) => {
            calls.push({ path: child, args });
            return (answer as (...a: unknown[]) => unknown)(...args);
          };
        }
        return node(child);
      },
      set(_target, prop, value) {
        calls.push({ path: `${path}.${String(prop)}=`, args: [value] });
        return true;
      },
      apply(_target, _this, args) {
        calls.push({ path, args });
        return node(`${path}()`);
      },
      construct(_target, args) {
        calls.push({ path: `new ${path}`, args });
        return node(`${path}#${++constructed}`);
      },
    }) as unknown as Record<string, unknown>;
    nodes.set(path, recorder);
    return recorder;
  };

  const module = new Proxy({} as Record<string, unknown>, {
    get: (_target, prop) => (typeof prop === 'symbol' ? undefined : node(prop)),
  });
  const callsTo = (path: string) => calls.filter((call) => call.path === path);
  return {
    module,
    calls,
    callsTo,
    at: node,
    emit: (target, event, ...args) =>
      [...callsTo(`${target}.on`), ...callsTo(`${target}.once`)]
        .filter((call) => call.args[0] === event)
        .map((call) => (call.args[1] as (...a: unknown[]) => unknown)(...args)),
  };
}

const GLOBAL_KEY = Symbol.for('waystation.electron-stand-in');

/**
 * Imports a built ESM file natively (not through vitest's transform) with `electron` resolved to
 * `standIn`. The stand-in module exports every name the file imports from 'electron'. Each call
 * evaluates the file afresh (a query string defeats the module cache).
 */
export async function importWithStandIn(file: string, source: string, standIn: StandIn, run: string): Promise<void> {
  const names = new Set<string>();
  for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']electron["']/g)) {
    for (const part of match[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0];
      if (name) names.add(name);
    }
  }
  (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = standIn.module;
  const standInSource = [
    `// run ${run}: a distinct URL, so Node does not hand back an earlier run's stand-in`,
    `const e = globalThis[Symbol.for('waystation.electron-stand-in')];`,
    'export default e;',
    ...[...names].map((name) => `export const ${name} = e.${name};`),
  ].join('\n');
  const standInUrl = `data:text/javascript,${encodeURIComponent(standInSource)}`;
  const target = pathToFileURL(file).href;
  // Loader hooks run on their own thread; this one only redirects `electron` for the built file.
  const hooks = `
    export async function resolve(specifier, context, next) {
      if (specifier === 'electron' && context.parentURL && context.parentURL.split('?')[0] === ${JSON.stringify(target)}) {
        return { url: ${JSON.stringify(standInUrl)}, shortCircuit: true };
      }
      return next(specifier, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  // A plain dynamic import would go through vitest's module runner; one made inside a data: module is Node's own.
  const nativeLoader = 'data:text/javascript,export default (url) => import(url)';
  const { default: nativeImport } = (await import(/* @vite-ignore */ nativeLoader)) as { default: (url: string) => Promise<unknown> };
  await nativeImport(`${target}?run=${encodeURIComponent(run)}`);
}
