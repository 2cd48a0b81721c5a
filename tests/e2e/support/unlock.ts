import { expect, type Locator, type Page } from '@playwright/test';

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
  await expectUnlocked(page);
  return code;
}

/*
 * Names are matched exactly: "Lock" is part of "Unlock", and "Unlock" of "Unlock with the recovery
 * key", so a loose name finds a button or heading of the other state and a wait returns at once.
 */

/** The header's Lock button (unlocked app only). */
export function lockButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Lock', exact: true });
}

/** The unlock form's submit button. */
export function unlockButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Unlock', exact: true });
}

/** The unlocked app: its main navigation, which no locked, first-run or new-passphrase screen has. */
export async function expectUnlocked(page: Page, timeout?: number): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Main', exact: true })).toBeVisible({ timeout });
  await expect(page.getByRole('heading', { name: 'Unlock', exact: true })).toHaveCount(0);
}

/** The locked app: the unlock form's heading and no navigation. */
export async function expectLocked(page: Page, timeout?: number): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Unlock', exact: true })).toBeVisible({ timeout });
  await expect(page.getByRole('navigation')).toHaveCount(0);
}

export async function unlockThroughUi(page: Page, passphrase = ADMIN_PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await unlockButton(page).click();
  await expectUnlocked(page, 120_000);
}

/** After a lock, the page shows the unlock form and nothing else of the vault. */
export async function expectLockedWithoutData(page: Page, secrets: string[]): Promise<void> {
  await expectLocked(page);
  const html = await page.content();
  for (const secret of secrets) expect(html, `DOM after lock contains "${secret}"`).not.toContain(secret);
}

/** The panic shortcut. Main may close the page before the keys come up again: that is the lock working. */
export async function pressPanic(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+L').catch((error: unknown) => {
    if (!page.isClosed()) throw error;
  });
}
