import { expect, type Page } from '@playwright/test';

export const ADMIN_PASSPHRASE = 'violet harbour kettle mountain';

/** Walks the first-run flow through the UI and returns the recovery code it showed. */
export async function createVaultThroughUi(page: Page, origin: string, adminName = 'Ada Admin', passphrase = ADMIN_PASSPHRASE): Promise<string> {
  await page.goto(`${origin}/index.html`);
  await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible();
  await page.getByLabel('Your name').fill(adminName);
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat the passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  const code = (await page.getByTestId('recovery-code').textContent({ timeout: 120_000 }))!.trim();
  await page.getByLabel('Type the recovery key').fill(code);
  await page.getByRole('button', { name: /I kept it/ }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  return code;
}

export async function unlockThroughUi(page: Page, passphrase = ADMIN_PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 120_000 });
}

/** After a lock, the page shows the unlock form and nothing else of the vault. */
export async function expectLockedWithoutData(page: Page, secrets: string[]): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Unlock' })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  const html = await page.content();
  for (const secret of secrets) expect(html, `DOM after lock contains "${secret}"`).not.toContain(secret);
}

/** The panic shortcut. Main may close the page before the keys come up again: that is the lock working. */
export async function pressPanic(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+L').catch((error: unknown) => {
    if (!page.isClosed()) throw error;
  });
}
