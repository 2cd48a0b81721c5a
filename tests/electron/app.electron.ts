import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { CHANNELS } from '../../src/core/channels';

const require = createRequire(import.meta.url);

function electronBinary(): string | undefined {
  try {
    return require('electron') as string;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const SKIP_REASON =
  'no Electron binary in node_modules/electron (npm install runs no scripts and its download is unreachable here); `node scripts/ensure-electron.mjs` fetches it';
if (!binary) console.warn(`\n*** tests/electron SKIPPED: ${SKIP_REASON} ***\n`);

test.describe('real Electron', () => {
  test.skip(!binary, SKIP_REASON);
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    app = await electron.launch({ executablePath: binary, args: ['.', '--no-sandbox'], env: { ...process.env, NODE_ENV: 'production' } });
    page = await app.firstWindow();
  });
  test.afterAll(async () => app?.close());

  test('the window is isolated and sandboxed', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows()[0]!;
      // getLastWebPreferences exists at run time but is missing from Electron's typings.
      const contents = win.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> };
      return { ...contents.getLastWebPreferences(), title: win.getTitle() };
    });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, title: 'Waystation' });
  });

  test('the page has no require or process, only window.waystation', async () => {
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys(window.waystation ?? {}).sort())).toEqual([...Object.keys(CHANNELS), 'onLockRequest'].sort());
    expect(page.url()).toBe('app://waystation/index.html');
  });

  test("main trusts the app window's page as a sender", async () => {
    expect(await page.evaluate(() => window.waystation!.appInfo({}))).toMatchObject({ ok: true, value: { name: 'Waystation' } });
  });

  test('outside requests are cancelled', async () => {
    const result = await page.evaluate(() => fetch('https://example.org/').then(() => 'sent', () => 'blocked'));
    expect(result).toBe('blocked');
  });
});
