import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHANNELS, LOCK_EVENT } from '../../src/core/channels';
import { createHandlers, type MainDeps } from '../../electron/main/handlers';
import type { ClipboardLike } from '../../electron/main/clipboard';
import type { FileDialogs } from '../../electron/main/handoff/dialogs';
import { dispatch } from '../../electron/main/ipc';
import { createKeyFileStore } from '../../electron/main/keyfile';
import { APP_ORIGIN, APP_RESPONSE_HEADERS, serveAppRequest } from '../../electron/main/protocol';

/**
 * The e2e harness: Debian Chromium loads the *built* renderer over loopback with the production
 * headers (served by main's own protocol code), and window.waystation is bound to the real
 * main-process handler table through exposeBinding, with main's own dispatch (sender check,
 * schema validation) in between. Only the Electron transport is replaced.
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
 * under the suggested name; an open answers with the next path a test queued in `toOpen`, and with
 * "cancelled" when there is none.
 */
export interface FakeDialogs extends FileDialogs {
  readonly dir: string;
  readonly saved: string[];
  readonly toOpen: string[];
}

export function fakeDialogs(dir: string): FakeDialogs {
  const dialogs: FakeDialogs = {
    dir,
    saved: [],
    toOpen: [],
    async save(suggestedName) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, suggestedName);
      dialogs.saved.push(file);
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
    clipboard: memoryClipboard(),
    handoff: { dialogs: fakeDialogs(path.join(userData, 'dialog-files')), now: () => new Date() },
    // Key files are destroyed for real; a test that checks the profile after a wipe overrides
    // clearStorageData with its browser context's own clearing (there is no Electron session here).
    wipe: { keyDir: path.join(userData, 'keys'), clearStorageData: async () => undefined },
    ...overrides,
  };
}

/** Binds window.waystation in every page of the context to the real handlers. */
export async function bindBridge(context: BrowserContext, origin: string, deps: MainDeps): Promise<void> {
  const table = createHandlers(deps);
  await context.exposeBinding('__waystationInvoke', ({ frame, page }, channel: unknown, request: unknown) =>
    dispatch(table, channel, request, {
      senderUrl: frame.url(),
      isTrustedSender: (url) => frame === page.mainFrame() && new URL(url).origin === origin,
    }),
  );
  // Same shape as electron/preload/index.ts: one function per channel plus onLockRequest.
  await context.addInitScript(
    ({ channels, lockEvent }) => {
      const w = window as unknown as Record<string, unknown> & { __waystationInvoke: (c: string, r: unknown) => Promise<unknown> };
      const bridge: Record<string, unknown> = {};
      for (const [name, channel] of Object.entries(channels)) bridge[name] = (request: unknown) => w.__waystationInvoke(channel, request);
      const listeners = new Set<() => void>();
      bridge.onLockRequest = (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      };
      // Stand-in for main's webContents.send(LOCK_EVENT): tests call it as main would.
      Object.defineProperty(window, `__emit_${lockEvent}`, { value: () => listeners.forEach((l) => l()) });
      Object.defineProperty(window, 'waystation', { value: Object.freeze(bridge) });
    },
    { channels: CHANNELS, lockEvent: LOCK_EVENT },
  );
}

export async function emitLockFromMain(page: Page): Promise<void> {
  await page.evaluate((name) => (window as unknown as Record<string, () => void>)[name]!(), `__emit_${LOCK_EVENT}`);
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

/** Debian Chromium on a persistent profile (so at-rest tests can read its files), bridge bound. */
export async function launchContext(profileDir: string, origin: string, deps: MainDeps): Promise<BrowserContext> {
  await disablePasswordManager(profileDir);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  await bindBridge(context, origin, deps);
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
  page: async ({ context, requests }, use) => {
    void requests;
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
});

export { expect, APP_RESPONSE_HEADERS };
