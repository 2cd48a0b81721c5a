import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHandlers, type MainDeps } from '../../electron/main/handlers';
import type { ClipboardLike } from '../../electron/main/clipboard';
import type { SaveText } from '../../electron/main/handoff/dialog-text';
import type { FileDialogs } from '../../electron/main/handoff/dialogs';
import { dispatch } from '../../electron/main/ipc';
import { createKeyFileStore } from '../../electron/main/keyfile';
import { createLockController, type LockController } from '../../electron/main/lock';
import { initializeLockSignals } from '../../electron/main/lock-signals';
import { APP_ORIGIN, APP_RESPONSE_HEADERS, serveAppRequest } from '../../electron/main/protocol';
import { isTrustedSender } from '../../electron/main/window';
import { e2eNow } from './support/clock';

/**
 * The e2e harness: Debian Chromium loads the *built* renderer over loopback with the production
 * headers (served by main's own protocol code), the *built* preload makes window.waystation, and
 * its messages reach the real main-process handler table through exposeBinding, with main's own
 * dispatch and sender check in between. Only the Electron transport is replaced.
 */
export const RENDERER_ROOT = path.resolve('out/renderer');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/** Serves out/renderer through main's serveAppRequest, so CSP and path rules are the shipped ones. */
export async function serveRenderer(root = RENDERER_ROOT): Promise<Served> {
  const server = http.createServer((req, res) => {
    void serveAppRequest(`${APP_ORIGIN}${req.url ?? '/'}`, root).then(async (response) => {
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Stands in for the OS clipboard (headless Chromium has none); tests read it through deps. */
export function memoryClipboard(): ClipboardLike & { text: string } {
  const board = {
    text: '',
    writeText(text: string) {
      board.text = text;
    },
    readText: () => board.text,
  };
  return board;
}

/**
 * Stands in for the native file dialogs (a headless page cannot click them): a save lands in `dir`
 * under the suggested name, and the text main wrote for its dialog is kept in `texts`; an open answers
 * with the next path a test queued in `toOpen`, and with "cancelled" when there is none.
 */
export interface FakeDialogs extends FileDialogs {
  readonly dir: string;
  readonly saved: string[];
  readonly texts: SaveText[];
  readonly toOpen: string[];
}

export function fakeDialogs(dir: string): FakeDialogs {
  const dialogs: FakeDialogs = {
    dir,
    saved: [],
    texts: [],
    toOpen: [],
    async save(suggestedName, _kind, text) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, suggestedName);
      dialogs.saved.push(file);
      dialogs.texts.push(text);
      return file;
    },
    open: async () => dialogs.toOpen.shift(),
  };
  return dialogs;
}

/** Main's dependencies as the app builds them, with userData = the Chromium profile directory. */
export function defaultDeps(userData: string, overrides: Partial<MainDeps> = {}): MainDeps {
  return {
    app: { name: 'Waystation', version: '0.1.0', platform: 'linux', packaged: false },
    keyFiles: createKeyFileStore(path.join(userData, 'keys')),
    practiceKeys: { store: createKeyFileStore(path.join(userData, 'practice-keys')), dir: path.join(userData, 'practice-keys') },
    clipboard: memoryClipboard(),
    handoff: { dialogs: fakeDialogs(path.join(userData, 'dialog-files')), now: e2eNow },
    // Key files are destroyed for real; a test that checks the profile after a wipe overrides
    // clearStorageData with its browser context's own clearing (there is no Electron session here).
    wipe: { keyDir: path.join(userData, 'keys'), clearStorageData: async () => undefined },
    ...overrides,
  };
}

/** The preload as `npm run build` ships it. */
export const PRELOAD_FILE = path.resolve('out/preload/index.cjs');

/**
 * Runs the built preload in the top frame of every page (Electron runs it in no subframe) with a
 * stand-in for the one module a sandboxed preload may require: contextBridge defines a frozen
 * window property as Electron's copy does, ipcRenderer.invoke goes to the Playwright binding, and
 * `__waystationSend(channel)` plays main's webContents.send to the ipcRenderer.on listeners.
 */
function preloadInitScript(preload: string): string {
  return `(() => {
  if (window !== window.top) return;
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, request) => window.__waystationInvoke(channel, request),
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const contextBridge = { exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: Object.freeze(api) }) };
  Object.defineProperty(window, '__waystationSend', {
    value: (channel) => [...(listeners.get(channel) ?? [])].forEach((listener) => listener({ sender: ipcRenderer })),
  });
  const require = (name) => {
    if (name !== 'electron') throw new Error('the sandboxed preload required ' + name);
    return { contextBridge, ipcRenderer };
  };
  const module = { exports: {} };
  const exports = module.exports;
${preload}
})();`;
}

/**
 * Main's window handling, run by main's own lock controller (electron/main/lock.ts) with a window
 * factory for pages: a window is a page of the context, and replacing it closes the page (ending
 * its renderer process) and opens a new page at the app, in a new renderer process.
 */
export interface AppWindows {
  readonly controller: LockController<Page>;
  /** Stands in for Electron's powerMonitor: `power.emit('suspend')` is a suspend as main sees it. */
  readonly power: EventEmitter;
  /** The page main shows now. */
  page(): Page;
  /** After a lock: waits until main has replaced `old`, and returns the new page. */
  afterLock(old: Page): Promise<Page>;
}

const windows = new WeakMap<BrowserContext, AppWindows>();

export function appWindows(context: BrowserContext): AppWindows {
  const app = windows.get(context);
  if (!app) throw new Error('no bridge bound to this context');
  return app;
}

function windowsFor(context: BrowserContext, origin: string): AppWindows {
  let failure: unknown;
  const controller = createLockController<Page>({
    createWindow: async () => {
      const page = await context.newPage();
      await page.goto(`${origin}/index.html`);
      return page;
    },
    closeWindow: (page) => page.close(),
    // What webContents.send does: the preload's ipcRenderer listeners hear it.
    send: (page, channel) =>
      void page.evaluate((name) => (window as unknown as { __waystationSend(channel: string): void }).__waystationSend(name), channel).catch(() => undefined),
    timers: { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) },
    graceMs: 1500,
    failed: (error) => (failure = error),
  });
  const power = new EventEmitter();
  // No D-Bus here: the buses are missing, as on a machine without one (main skips them).
  const noBus = () => {
    throw new Error('no D-Bus in the e2e harness');
  };
  initializeLockSignals({ powerMonitor: power, platform: 'linux', buses: { system: noBus, session: noBus } }, () => controller.lockFromMain());
  return {
    controller,
    power,
    page: () => {
      const page = controller.current();
      if (!page) throw new Error('main is replacing the window');
      return page;
    },
    afterLock: async (old) => {
      const done = () => failure !== undefined || (controller.current() !== undefined && controller.current() !== old && !controller.replacing());
      await expect.poll(done, { timeout: 20_000 }).toBe(true);
      if (failure) throw failure;
      expect(old.isClosed(), 'the locked renderer is gone').toBe(true);
      return controller.current()!;
    },
  };
}

/**
 * Binds window.waystation in every page of the context: the shipped preload, wired to the real
 * handler table through main's dispatch. Playwright says which frame sent a message; main's
 * isTrustedSender decides whether to trust it (every page of the context is an app window here).
 * Main's window handling (the lock controller) is bound to the context too.
 */
export async function bindBridge(context: BrowserContext, origin: string, deps: MainDeps): Promise<void> {
  const app = windowsFor(context, origin);
  windows.set(context, app);
  const table = createHandlers({ ...deps, lock: app.controller });
  await context.exposeBinding('__waystationInvoke', ({ frame, page }, channel: unknown, request: unknown) =>
    dispatch(table, channel, request, {
      senderTrusted: isTrustedSender({ url: frame.url(), isAppMainFrame: frame === page.mainFrame() }, origin),
    }),
  );
  await context.addInitScript(preloadInitScript(await readFile(PRELOAD_FILE, 'utf8')));
}

/**
 * Chromium's password manager would save the unlock form's passphrase into "Login Data"; Electron
 * has no password manager, so the harness turns it off to test what ships (the at-rest scan
 * found it there before this was added).
 */
async function disablePasswordManager(profileDir: string): Promise<void> {
  const file = path.join(profileDir, 'Default', 'Preferences');
  if (existsSync(file)) return;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ credentials_enable_service: false, profile: { password_manager_enabled: false }, autofill: { profile_enabled: false } }));
}

/**
 * Debian Chromium on a persistent profile (so at-rest tests can read its files), bridge bound.
 * The browser's time zone (the organisation's default) is UTC, so the scenarios' days do not
 * depend on the machine's; `options` sets what a test emulates, e.g. `{ timezoneId: 'Europe/Moscow' }`.
 */
export async function launchContext(profileDir: string, origin: string, deps: MainDeps, options: { timezoneId?: string } = {}): Promise<BrowserContext> {
  await disablePasswordManager(profileDir);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    timezoneId: 'UTC',
    ...options,
  });
  // Every page's Date and timers follow the e2e clock; timers still run at real speed.
  await context.clock.install({ time: e2eNow() });
  await bindBridge(context, origin, deps);
  appWindows(context).controller.attach(context.pages()[0] ?? (await context.newPage()));
  return context;
}

/** Records every request the context makes, so a test can prove none left the app's origin. */
export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

export function outsideRequests(urls: string[], origin: string): string[] {
  return urls.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== origin;
  });
}

interface Fixtures {
  served: Served;
  profileDir: string;
  context: BrowserContext;
  app: AppWindows;
  /** The page main shows at the start; after a lock, `app.afterLock(page)` gives the new one. */
  page: Page;
  requests: string[];
  deps: MainDeps;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  served: async ({}, use) => {
    const served = await serveRenderer();
    await use(served);
    await served.close();
  },
  // eslint-disable-next-line no-empty-pattern
  profileDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'waystation-profile-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  deps: async ({ profileDir }, use) => use(defaultDeps(profileDir)),
  context: async ({ served, profileDir, deps }, use) => {
    const context = await launchContext(profileDir, served.origin, deps);
    await use(context);
    await context.close();
  },
  requests: async ({ context }, use) => use(recordRequests(context)),
  app: async ({ context }, use) => use(appWindows(context)),
  page: async ({ app, requests }, use) => {
    void requests;
    await use(app.page());
  },
});

export { expect, APP_RESPONSE_HEADERS };
