import { expect, type Locator, type Page } from '@playwright/test';

/**
 * With UPDATE_SCREENSHOTS=1, the e2e scenarios write the pictures of docs/operators.md: each screen
 * as the test left it, once in English (docs/img/en/) and once in Russian (docs/img/ru/). The page is
 * switched back to English afterwards, so the scenario's English locators keep working.
 */
export async function docScreenshot(page: Page, name: string, focus?: Locator): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const language = page.locator('.app-header .language-select select');
  // The element itself, since a locator by English name would not find it in Russian.
  const target = focus && (await focus.elementHandle());
  for (const lang of ['en', 'ru'] as const) {
    await language.selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    // No focus ring or open picker in the picture.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    if (target) await target.scrollIntoViewIfNeeded();
    else await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `docs/img/${lang}/${name}.png` });
  }
  await language.selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}
