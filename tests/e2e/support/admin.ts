import { expect, type Page } from '@playwright/test';
import { expectUnlocked, unlockButton } from './unlock';

/** Focused UI steps for the administration screens; each goes through the real forms. */

/** Opens an administration section from the main navigation (a click, not a reload: a reload locks). */
export async function openAdmin(page: Page, section = 'Users'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: section, exact: true }).click();
}

/** Adds a user on the Users screen; returns the one-time passphrase shown once, then hides it. */
export async function addUserThroughUi(page: Page, name: string, role: 'operator' | 'staff' | 'admin'): Promise<string> {
  const form = page.getByRole('form', { name: 'Add a user' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Add user' }).click();
  return takeOneTime(page);
}

/** Reads the one-time passphrase just shown, then hides it as the admin does after handing it over. */
export async function takeOneTime(page: Page): Promise<string> {
  const shown = page.getByTestId('one-time-passphrase');
  await expect(shown).toBeVisible({ timeout: 60_000 });
  const passphrase = (await shown.textContent())!.trim();
  await page.getByRole('button', { name: /I have handed it over/ }).click();
  await expect(shown).toHaveCount(0);
  return passphrase;
}

/** From the unlock form: a one-time passphrase opens nothing but "choose your own"; returns once unlocked with it. */
export async function firstUnlock(page: Page, oneTime: string, own: string): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(oneTime);
  await unlockButton(page).click();
  await expect(page.getByRole('heading', { name: 'Set a new passphrase' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await page.getByLabel('Passphrase', { exact: true }).fill(own);
  await page.getByLabel('Repeat the passphrase').fill(own);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expectUnlocked(page, 60_000);
}

/** Recovery > Split into shares: returns the codes of the printed sheets, in order. */
export async function splitIntoShares(page: Page, n: number, k: number): Promise<string[]> {
  await openAdmin(page, 'Recovery');
  await page.getByLabel('Number of shares').fill(String(n));
  await page.getByLabel('Shares needed to unlock').fill(String(k));
  await page.getByRole('button', { name: 'Make the shares' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Make it' }).click();
  const codes = page.getByTestId('share-code');
  await expect(codes).toHaveCount(n, { timeout: 30_000 });
  return (await codes.allTextContents()).map((c) => c.trim());
}

/**
 * As staff: a partner with the given age recipient, marked as checked out of band, then one resident
 * sent to it (consent recorded on the way). Returns the bundle's path as main saved it.
 */
export async function staffExport(page: Page, options: { partner: string; recipient: string; alias: string }): Promise<string> {
  const nav = page.getByRole('navigation', { name: 'Main', exact: true });
  await nav.getByRole('link', { name: 'Handoffs' }).click();
  await page.getByRole('button', { name: 'Add a partner' }).click();
  await page.getByLabel('Name', { exact: true }).fill(options.partner);
  await page.getByLabel('Their age recipients (to encrypt bundles for them)').fill(options.recipient);
  await page.getByRole('button', { name: 'Save partner' }).click();
  await page.getByLabel(`I compared these with ${options.partner} over a second channel, and they match.`).check();
  await page.getByRole('button', { name: 'Mark as checked' }).click();
  await expect(page.getByText(/^Checked out of band on /)).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: 'Send' }).click();
  await expect(page.getByRole('heading', { name: 'Send a handoff', level: 1 })).toBeVisible();
  await page.getByLabel('Partner', { exact: true }).selectOption({ label: options.partner });
  await page.getByRole('button', { name: `Record the consent of ${options.alias}` }).click();
  await page.getByRole('button', { name: 'Yes, record it' }).click();
  await page.getByRole('checkbox', { name: `Send ${options.alias}` }).check();
  await page.getByLabel('Our name as the partner knows it').fill('Shelter One');
  await page.getByRole('button', { name: 'Preview what will leave' }).click();
  await page.getByRole('button', { name: 'Sign and save…' }).click();
  const saved = page.getByRole('main').getByRole('status');
  await expect(saved).toContainText('Saved a bundle (people: 1)');
  return /to (.+\.age)/.exec((await saved.textContent())!)![1]!;
}
