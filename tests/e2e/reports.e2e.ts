import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './harness';
import { createVaultThroughUi } from './support/unlock';

/**
 * Collects CSP violations from the first script on, so a blocked chart style or script is caught.
 * zod probes once whether `new Function` works (and falls back when it does not); that probe is the
 * one expected report, so "script-src eval" is left out and everything else must be empty.
 */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  return async () => (await page.evaluate(() => [...(window as unknown as { __cspViolations: string[] }).__cspViolations])).filter((v) => !v.startsWith('script-src eval '));
}

async function expectAxeClean(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('dashboard, import, reports and retention', () => {
  test('empty vault: every screen renders under the CSP, axe-clean in English and Russian', async ({ page, served }) => {
    const cspViolations = await watchCsp(page);
    await createVaultThroughUi(page, served.origin);
    for (const [path, heading] of [
      ['/', 'Dashboard'],
      ['/reports', 'Reports for funders'],
      ['/import', 'Import from a spreadsheet'],
      ['/retention', 'Retention'],
    ] as const) {
      await page.goto(`${served.origin}/index.html#${path}`);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expectAxeClean(page);
    }
    await page.getByLabel('Language').selectOption('ru');
    await expect(page.getByRole('heading', { level: 1, name: 'Хранение данных' })).toBeVisible();
    await expectAxeClean(page);
    expect(await cspViolations()).toEqual([]);
  });
});
