import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, LOCK_EVENT } from '../../../src/core/channels';
import { electronStandIn, importWithStandIn, type StandIn } from './electron-stand-in';

/**
 * Boot check without an Electron binary: the *built* main bundle (out/main/index.js) runs under
 * Node against a recording stand-in for `electron`, and the test drives `ready` as Electron would.
 * What main does with the real Electron objects is then read off the recording.
 */
const repo = path.resolve(__dirname, '../../..');
const mainFile = path.join(repo, 'out/main/index.js');
const userData = mkdtempSync(path.join(tmpdir(), 'waystation-boot-'));
const APP_PAGE = 'app://waystation/index.html';
const APP_CONTENTS = 1;

/** Builds main and preload exactly as `npm run build` does (the renderer is not needed here). */
function buildMainAndPreload(): void {
  const script = `
    import { resolveConfig } from 'electron-vite';
    import { build } from 'vite';
    const { config } = await resolveConfig({ logLevel: 'error' }, 'build', 'production');
    for (const target of ['main', 'preload']) await build(config[target]);`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repo, stdio: 'pipe' });
}

let electron: StandIn;
let releaseReady: () => void;
/** The system clipboard as the stand-in's clipboard.readText/writeText see it. */
const board = { text: '' };
let beforeReady: string[];

beforeAll(async () => {
  buildMainAndPreload();
  const ready = new Promise<void>((resolve) => (releaseReady = resolve));
  electron = electronStandIn({
    'app.isPackaged': true,
    'app.requestSingleInstanceLock': () => true,
    'app.whenReady': () => ready,
    'app.getName': () => 'Waystation',
    'app.getVersion': () => '0.1.0',
    'app.getPath': () => userData,
    'app.getLocale': () => 'en-US',
    'clipboard.readText': () => board.text,
    'clipboard.writeText': (text: string) => void (board.text = text),
    'BrowserWindow#1.webContents.id': APP_CONTENTS,
  });
  await importWithStandIn(mainFile, readFileSync(mainFile, 'utf8'), electron, 'production');
  beforeReady = electron.calls.map((call) => call.path);
  releaseReady();
  electron.emit('app', 'ready');
  await vi.waitFor(() => expect(electron.callsTo('BrowserWindow#1.loadURL')).toHaveLength(1));
}, 60_000);
afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('the built main process boots', () => {
  it('registers app: as a privileged scheme and enables the sandbox before ready', () => {
    expect(beforeReady).toContain('app.enableSandbox');
    const [registration, ...more] = electron.callsTo('protocol.registerSchemesAsPrivileged');
    expect(more).toEqual([]);
    expect(beforeReady).toContain('protocol.registerSchemesAsPrivileged');
    expect(registration!.args).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
    expect(beforeReady).not.toContain('new BrowserWindow');
  });

  it('creates one window: the built preload, sandboxed and isolated, no devtools', () => {
    const windows = electron.callsTo('new BrowserWindow');
    expect(windows).toHaveLength(1);
    const { webPreferences } = windows[0]!.args[0] as { webPreferences: Record<string, unknown> };
    expect(webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect(webPreferences.preload).toBe(path.join(repo, 'out/preload/index.cjs'));
    expect(existsSync(webPreferences.preload as string)).toBe(true);
  });

  it('loads the renderer from app:// and serves it through the app: protocol handler', () => {
    expect(electron.callsTo('BrowserWindow#1.loadURL').map((call) => call.args)).toEqual([[APP_PAGE]]);
    expect(electron.callsTo('protocol.handle').map((call) => call.args[0])).toEqual(['app']);
  });

  it('registers one IPC handler for every channel, each checking its sender', async () => {
    const handles = electron.callsTo('ipcMain.handle');
    expect(handles.map((call) => call.args[0]).sort()).toEqual(Object.values(CHANNELS).sort());
    const handlerOf = (channel: string) => handles.find((call) => call.args[0] === channel)!.args[1] as (event: unknown, request: unknown) => Promise<unknown>;
    const untrusted = {
      'another origin': { sender: { id: APP_CONTENTS }, senderFrame: { url: 'https://evil.example/', parent: null } },
      'a subframe': { sender: { id: APP_CONTENTS }, senderFrame: { url: APP_PAGE, parent: {} } },
      'another webContents (DevTools)': { sender: { id: APP_CONTENTS + 1 }, senderFrame: { url: APP_PAGE, parent: null } },
      'a frame already gone': { sender: { id: APP_CONTENTS }, senderFrame: null },
    };
    for (const call of handles) {
      for (const [who, event] of Object.entries(untrusted)) {
        expect(await handlerOf(call.args[0] as string)(event, {}), `${String(call.args[0])} from ${who}`).toMatchObject({ ok: false, code: 'ipc-untrusted-sender' });
      }
    }
    const appWindow = { sender: { id: APP_CONTENTS }, senderFrame: { url: APP_PAGE, parent: null } };
    expect(await handlerOf(CHANNELS.appInfo)(appWindow, {})).toMatchObject({ ok: true, value: { name: 'Waystation', version: '0.1.0', packaged: true } });
  });

  it('refuses navigation, redirects, webviews and new windows in every web contents', () => {
    const contents = electron.at('contents');
    electron.emit('app', 'web-contents-created', {}, contents);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const navigation = { preventDefault: vi.fn() };
      expect(electron.emit('contents', event, navigation), event).toHaveLength(1);
      expect(navigation.preventDefault, event).toHaveBeenCalledOnce();
    }
    const [openHandler] = electron.callsTo('contents.setWindowOpenHandler');
    expect((openHandler!.args[0] as (details: unknown) => unknown)({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it('refuses every permission request and check, and cancels requests off the app scheme', () => {
    const [request] = electron.callsTo('session.defaultSession.setPermissionRequestHandler');
    const granted = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) (request!.args[0] as (...a: unknown[]) => void)({}, permission, granted);
    expect(granted.mock.calls).toEqual([[false], [false], [false], [false]]);
    const [check] = electron.callsTo('session.defaultSession.setPermissionCheckHandler');
    expect((check!.args[0] as (...a: unknown[]) => unknown)({}, 'media', APP_PAGE, {})).toBe(false);
    const [filter] = electron.callsTo('session.defaultSession.webRequest.onBeforeRequest');
    const answer = vi.fn();
    (filter!.args[0] as (...a: unknown[]) => void)({ url: 'https://telemetry.example/' }, answer);
    (filter!.args[0] as (...a: unknown[]) => void)({ url: `${APP_PAGE}` }, answer);
    expect(answer.mock.calls).toEqual([[{ cancel: true }], [{ cancel: false }]]);
  });

  it('replaces the default menu with one without reload, developer tools or links', () => {
    const [built] = electron.callsTo('Menu.buildFromTemplate');
    const roles = JSON.stringify(built!.args[0]);
    for (const role of ['reload', 'forceReload', 'toggleDevTools', 'help', 'services']) expect(roles).not.toContain(`"${role}"`);
    expect(roles).toContain('"copy"');
    expect(electron.callsTo('Menu.setApplicationMenu')).toHaveLength(1);
  });

  it('turns the spellchecker off with no languages and a dead dictionary address', () => {
    expect(electron.callsTo('session.defaultSession.setSpellCheckerEnabled').map((call) => call.args)).toEqual([[false]]);
    expect(electron.callsTo('session.defaultSession.setSpellCheckerLanguages').map((call) => call.args)).toEqual([[[]]]);
    expect(electron.callsTo('session.defaultSession.setSpellCheckerDictionaryDownloadURL').map((call) => call.args)).toEqual([['https://0.0.0.0/']]);
  });

  it("main's lock signal clears the app's copy from the clipboard and asks the page to lock; quitting clears it too", async () => {
    const copy = electron.callsTo('ipcMain.handle').find((call) => call.args[0] === CHANNELS.clipboardCopy)!.args[1] as (event: unknown, request: unknown) => Promise<unknown>;
    const fromPage = { sender: { id: APP_CONTENTS }, senderFrame: { url: APP_PAGE, parent: null } };
    expect(await copy(fromPage, { text: 'Anna, room 3', clearAfterSeconds: 300 })).toMatchObject({ ok: true });
    expect(board.text).toBe('Anna, room 3');
    electron.emit('powerMonitor', 'suspend');
    expect(board.text).toBe('');
    expect(electron.callsTo('BrowserWindow#1.webContents.send').map((call) => call.args)).toContainEqual([LOCK_EVENT]);

    await copy(fromPage, { text: 'Anna, room 3', clearAfterSeconds: 300 });
    electron.emit('app', 'will-quit');
    expect(board.text).toBe('');
  });

  it("every lock the page reports clears the app's copy from the clipboard as main replaces the renderer", async () => {
    const handler = (channel: string) =>
      electron.callsTo('ipcMain.handle').find((call) => call.args[0] === channel)!.args[1] as (event: unknown, request: unknown) => Promise<unknown>;
    const fromPage = { sender: { id: APP_CONTENTS }, senderFrame: { url: APP_PAGE, parent: null } };
    await handler(CHANNELS.clipboardCopy)(fromPage, { text: 'Anna, room 3', clearAfterSeconds: 300 });
    expect(board.text).toBe('Anna, room 3');
    // The Lock button, the panic shortcut and the idle timer all end in this answer.
    expect(await handler(CHANNELS.sessionLocked)(fromPage, { answer: 'locked' })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(electron.callsTo('BrowserWindow#1.destroy')).toHaveLength(1));
    expect(board.text).toBe('');
  });

  it('a packaged build started with --inspect writes one line and exits before touching Electron', async () => {
    // process.exit is only recorded here, so the rest of the file runs on: it then stops at the single-instance check.
    const standIn = electronStandIn({ 'app.isPackaged': true, 'app.requestSingleInstanceLock': () => false });
    let callsAtExit: number | undefined;
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => void (callsAtExit ??= standIn.calls.length)) as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.argv.push('--inspect=9229');
    try {
      await importWithStandIn(mainFile, readFileSync(mainFile, 'utf8'), standIn, 'refused-switch');
      expect(exit).toHaveBeenCalledWith(1);
      expect(callsAtExit).toBe(0);
      expect(stderr.mock.calls.map((call) => call[0])).toContain('Waystation does not start with --inspect.\n');
    } finally {
      process.argv.pop();
      exit.mockRestore();
      stderr.mockRestore();
    }
  });
});
