import AxeBuilder from '@axe-core/playwright';
import { expect, outsideRequests, test } from './harness';
import { openAdmin } from './support/admin';
import { ADMIN_PASSPHRASE, createVaultThroughUi, expectLockedWithoutData, expectUnlocked, lockButton, pressPanic, unlockButton, unlockThroughUi } from './support/unlock';

test.describe('vault in real Chromium', () => {
  test('first run, lock, wrong passphrase, unlock — with no outside request and no axe violation', async ({ app, page: first, served, requests }) => {
    let page = first;
    await page.goto(`${served.origin}/index.html`);
    await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await createVaultThroughUi(page, served.origin, 'Ada Lovelace-Admin');
    await expect(page.getByText('Signed in as Ada Lovelace-Admin')).toBeVisible();

    await lockButton(page).click();
    page = await app.afterLock(page);
    await expectLockedWithoutData(page, ['Ada Lovelace-Admin']);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
    await unlockButton(page).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong passphrase.', { timeout: 30_000 });
    await expectLockedWithoutData(page, ['Ada Lovelace-Admin']);

    await unlockThroughUi(page);
    await expect(page.getByText('Signed in as Ada Lovelace-Admin')).toBeVisible();
    expect(outsideRequests(requests, served.origin)).toEqual([]);
  });

  test('when the wipe guard fires, first run follows at once and nothing says why', async ({ app, page: first, served }) => {
    let page = first;
    await createVaultThroughUi(page, served.origin, 'Ada Admin');
    await openAdmin(page, 'Settings');
    const locking = page.getByRole('form', { name: 'Locking and wipe' });
    await locking.getByLabel('Destroy the vault after too many failed unlocks').check();
    await locking.getByLabel('Failed unlocks in a row before destroying').fill('3');
    await locking.getByRole('button', { name: 'Save' }).click();
    await expect(locking.getByText('Saved.')).toBeVisible();
    await lockButton(page).click();
    page = await app.afterLock(page);

    for (const left of [2, 1]) {
      await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
      await unlockButton(page).click();
      await expect(page.getByTestId('attempts-left')).toHaveText(`After ${left} more failed attempts this device destroys the vault.`, { timeout: 30_000 });
    }
    await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
    await unlockButton(page).click();
    await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('main')).not.toContainText(/wrong|destroy|wipe|attempt/i);
  });

  test('weak passphrases are refused with a reason', async ({ page, served }) => {
    await page.goto(`${served.origin}/index.html`);
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel('Passphrase', { exact: true }).fill('password1234');
    await expect(page.getByText('Too easy to guess')).toBeVisible();
    await page.getByLabel('Repeat the passphrase').fill('password1234');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect(page.getByRole('alert')).toContainText('Too easy to guess');
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await expect(page.getByText('Too short')).toBeVisible();
  });

  test('the recovery key unlocks and forces a new passphrase', async ({ app, page: first, served }) => {
    let page = first;
    const code = await createVaultThroughUi(page, served.origin);
    await lockButton(page).click();
    page = await app.afterLock(page);
    await page.getByRole('button', { name: 'Use the recovery key' }).click();
    await page.getByLabel('Recovery key', { exact: true }).fill(code.replaceAll('-', ' ').toLowerCase());
    await unlockButton(page).click();
    await expect(page.getByRole('heading', { name: 'Set a new passphrase' })).toBeVisible({ timeout: 60_000 });
    await page.getByLabel('Passphrase', { exact: true }).fill('copper lantern whistle orchard');
    await page.getByLabel('Repeat the passphrase').fill('copper lantern whistle orchard');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expectUnlocked(page, 60_000);
    await lockButton(page).click();
    page = await app.afterLock(page);
    await page.getByLabel('Passphrase', { exact: true }).fill(ADMIN_PASSPHRASE);
    await unlockButton(page).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong passphrase.', { timeout: 30_000 });
    await unlockThroughUi(page, 'copper lantern whistle orchard');
  });

  test('the panic shortcut clears the clipboard; activity resets the idle timer', async ({ app, page: first, served, deps }) => {
    let page = first;
    await createVaultThroughUi(page, served.origin, 'Panic Tester');

    // Panic: Ctrl+Shift+L locks at once and clears what we copied.
    expect(await page.evaluate(() => window.waystation!.clipboardCopy({ text: 'copied secret', clearAfterSeconds: 30 }))).toEqual({ ok: true, value: {} });
    expect(deps.clipboard.readText()).toBe('copied secret');
    await pressPanic(page);
    page = await app.afterLock(page);
    await expectLockedWithoutData(page, ['Panic Tester']);
    await expect.poll(() => deps.clipboard.readText()).toBe('');

    // Idle: 5 minutes by default; activity resets the timer (tests/e2e/lock.e2e.ts locks from every state).
    await unlockThroughUi(page);
    await page.clock.runFor(4 * 60_000);
    await page.mouse.move(10, 10);
    await page.clock.runFor(4 * 60_000);
    await expectUnlocked(page);
    await page.clock.runFor(60_000 + 1000);
    page = await app.afterLock(page);
    await expectLockedWithoutData(page, ['Panic Tester']);
  });
});
