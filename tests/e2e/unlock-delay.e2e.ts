import { expect, test } from './harness';
import { createVaultThroughUi, expectLocked, lockButton, unlockButton, unlockThroughUi } from './support/unlock';

test.describe('unlock delay kept by main', () => {
  test('reloading the page does not reset the count of failed unlocks', async ({ app, page: first, served }) => {
    await createVaultThroughUi(first, served.origin);
    await lockButton(first).click();
    // Main replaces the renderer on every lock: the rest runs in the new page.
    const page = await app.afterLock(first);

    const field = page.getByLabel('Passphrase', { exact: true });
    const fail = async () => {
      await field.fill('not the passphrase at all');
      // Waits while the attempt before is busy or a delay keeps the button disabled.
      await unlockButton(page).click({ timeout: 30_000 });
      // The field empties once this attempt has failed.
      await expect(field).toHaveValue('', { timeout: 30_000 });
      await expect(page.getByRole('alert')).toHaveText('Wrong passphrase.');
      // The buttons return once main has counted the failure.
      await expect(unlockButton(page)).toBeVisible();
    };
    await fail();
    await fail();
    await expect(page.getByText(/Too many attempts/)).toHaveCount(0);
    await fail();

    // A fresh page would count from zero (two free mistakes); main remembers this is the fourth.
    await page.reload();
    await expectLocked(page);
    await fail();
    await expect(page.getByText('Too many attempts. Try again in 2 s.')).toBeVisible();

    await unlockThroughUi(page);
  });
});
