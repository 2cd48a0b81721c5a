import AxeBuilder from '@axe-core/playwright';
import { CONTENT_SECURITY_POLICY } from '../../src/core/security/csp';
import { CHANNELS, LOCK_EVENT } from '../../src/core/channels';
import { expect, outsideRequests, test } from './harness';
import { createVaultThroughUi } from './support/unlock';

test.describe('renderer shell', () => {
  test('loads with the production CSP and makes zero outside requests', async ({ page, served, requests }) => {
    const response = await page.goto(`${served.origin}/index.html`);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible();
    // String evaluation is refused by the CSP (no 'unsafe-eval'). DevTools-evaluated code is exempt
    // from CSP, so the string is handed to the page's own timer, which the CSP governs.
    const evalRan = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = true', 0);
      await new Promise((r) => setTimeout(r, 100));
      return { ran: (window as unknown as { __evalRan?: boolean }).__evalRan === true, violations };
    });
    expect(evalRan.ran).toBe(false);
    expect(evalRan.violations).toContain('script-src');
    // An injected inline script does not run (no 'unsafe-inline').
    const inlineRan = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
    // A request to anywhere else is refused by connect-src and never leaves.
    const fetched = await page.evaluate(() => fetch('https://example.org/').then(() => 'sent', () => 'blocked'));
    expect(fetched).toBe('blocked');
    expect(requests.length).toBeGreaterThan(2);
    expect(outsideRequests(requests, served.origin)).toEqual([]);
    console.log(`e2e: ${requests.length} requests recorded, ${outsideRequests(requests, served.origin).length} outside the app's origin`);
  });

  test('the bridge refuses an unknown channel and a malformed request', async ({ page, served }) => {
    await page.goto(`${served.origin}/index.html`);
    const unknown = await page.evaluate(() =>
      (window as unknown as { __waystationInvoke: (c: string, r: unknown) => Promise<unknown> }).__waystationInvoke('fs.readFile', { path: '/etc/passwd' }),
    );
    expect(unknown).toEqual({ ok: false, code: 'ipc-unknown-channel' });
    const malformed = await page.evaluate(() => window.waystation!.appInfo({ extra: 1 } as never));
    expect(malformed).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    const good = await page.evaluate(() => window.waystation!.appInfo({}));
    expect(good).toMatchObject({ ok: true, value: { name: 'Waystation', platform: 'linux' } });
  });

  test('window.waystation is the built preload: one function per channel and onLockRequest, frozen', async ({ page, served }) => {
    await page.goto(`${served.origin}/index.html`);
    const bridge = await page.evaluate(() => ({ keys: Object.keys(window.waystation ?? {}), frozen: Object.isFrozen(window.waystation) }));
    expect(bridge.keys.sort()).toEqual([...Object.keys(CHANNELS), 'onLockRequest'].sort());
    expect(bridge.frozen).toBe(true);
    // A lock request from main reaches the page's listener without Electron's event object.
    await page.evaluate(() => {
      const seen: unknown[][] = [];
      (window as unknown as { __lockCalls: unknown[][] }).__lockCalls = seen;
      window.waystation!.onLockRequest((...args: unknown[]) => seen.push(args));
    });
    // Sent as webContents.send does, and read in the same task: the page then locks and main replaces it.
    const calls = await page.evaluate((channel) => {
      (window as unknown as { __waystationSend(channel: string): void }).__waystationSend(channel);
      return (window as unknown as { __lockCalls: unknown[][] }).__lockCalls;
    }, LOCK_EVENT);
    expect(calls).toEqual([[]]);
  });

  test("main refuses a message from a subframe of the app's page", async ({ page, served }) => {
    await page.goto(`${served.origin}/index.html`);
    // The preload runs in no subframe, so the frame calls the transport itself.
    const result = await page.evaluate(async () => {
      const iframe = document.createElement('iframe');
      document.body.append(iframe);
      const w = iframe.contentWindow as unknown as { __waystationInvoke: (c: string, r: unknown) => Promise<unknown> };
      return w.__waystationInvoke('app.info', {});
    });
    expect(result).toEqual({ ok: false, code: 'ipc-untrusted-sender' });
  });

  test('has no axe violations in English and Russian, and nothing trips the CSP', async ({ page, served }) => {
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await createVaultThroughUi(page, served.origin);
    await page.getByRole('link', { name: 'About' }).click();
    await expect(page.getByTestId('app-info')).toContainText('Version 0.1.0');
    const en = await new AxeBuilder({ page }).analyze();
    expect(en.violations).toEqual([]);
    await page.getByLabel('Language').selectOption('ru');
    await expect(page.getByRole('heading', { name: 'О программе' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    const ru = await new AxeBuilder({ page }).analyze();
    expect(ru.violations).toEqual([]);
    console.log(`e2e: axe violations en=${en.violations.length} ru=${ru.violations.length}`);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  });
});
