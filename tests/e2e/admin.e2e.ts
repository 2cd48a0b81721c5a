import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type FakeDialogs } from './harness';
import { realWipe } from './support/real-wipe';
import { addUserThroughUi, openAdmin, splitIntoShares, takeOneTime } from './support/admin';
import { ADMIN_PASSPHRASE, createVaultThroughUi, expectLocked, lockButton, unlockButton, unlockThroughUi } from './support/unlock';

/*
 * Administration screens in real Chromium, with main's real handlers behind the bridge: axe in both
 * languages; backup, wipe and restore. The end-to-end administration walk is admin-walk.e2e.ts.
 */

test.describe('administration in real Chromium', () => {
  test('every administration screen, a confirmation, a one-time passphrase and the share sheets are axe-clean in English and Russian', async ({ page, served }) => {
    await createVaultThroughUi(page, served.origin, 'Ada Admin');
    await openAdmin(page);
    await addUserThroughUi(page, 'Oleg Operator', 'operator');
    const screens = ['#/admin', '#/admin/recovery', '#/admin/duress', '#/admin/audit', '#/admin/settings', '#/admin/backup', '#/admin/rotate', '#/admin/wipe'];
    for (const language of ['English', 'Русский']) {
      await page.getByLabel(/^(Language|Язык)$/).selectOption({ label: language });
      for (const hash of screens) {
        await page.evaluate((h) => (window.location.hash = h), hash);
        await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
        expect((await new AxeBuilder({ page }).analyze()).violations, `${language} ${hash}`).toEqual([]);
      }
      await page.evaluate(() => (window.location.hash = '#/admin'));
      await page.getByRole('button', { name: /^(Reset passphrase|Сбросить фразу) Oleg Operator$/ }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect((await new AxeBuilder({ page }).analyze()).violations, `${language} confirmation`).toEqual([]);
      await page.getByRole('dialog').getByRole('button', { name: /^(Reset passphrase|Сбросить фразу)$/ }).click();
      await expect(page.getByTestId('one-time-passphrase')).toBeVisible({ timeout: 30_000 });
      expect((await new AxeBuilder({ page }).analyze()).violations, `${language} one-time passphrase`).toEqual([]);
    }
    await page.getByLabel('Язык').selectOption({ label: 'English' });
    await splitIntoShares(page, 3, 2);
    expect((await new AxeBuilder({ page }).analyze()).violations, 'share sheets').toEqual([]);
  });

  test('users: reset, promotions (each a new one-time passphrase), suspend, reactivate, remove', async ({ app, page, served }) => {
    await createVaultThroughUi(page, served.origin, 'Ada Admin');
    await openAdmin(page);
    await expect(page.getByRole('row', { name: /Ada Admin/ }).getByRole('button')).toHaveCount(0);
    const first = await addUserThroughUi(page, 'Oleg Operator', 'operator');
    let oleg = page.getByRole('row', { name: /Oleg Operator/ });
    let dialog = page.getByRole('dialog');

    await oleg.getByRole('button', { name: 'Reset passphrase Oleg Operator' }).click();
    await expect(dialog).toContainText('The current passphrase of Oleg Operator stops working');
    await dialog.getByRole('button', { name: 'Reset passphrase' }).click();
    const reset = await takeOneTime(page);
    expect(reset).not.toBe(first);

    await oleg.getByRole('button', { name: 'Change role Oleg Operator' }).click();
    await dialog.getByLabel('New role').selectOption('staff');
    await expect(dialog).toContainText('they get a new one-time passphrase from you');
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await takeOneTime(page);
    await expect(oleg).toContainText('staff');
    await oleg.getByRole('button', { name: 'Change role Oleg Operator' }).click();
    await dialog.getByLabel('New role').selectOption('admin');
    await expect(dialog).toContainText('they get a new one-time passphrase from you');
    await dialog.getByLabel('New role').selectOption('operator');
    await expect(dialog).toContainText('nothing new can be saved until you rotate the vault key');
    await dialog.getByLabel('New role').selectOption('admin');
    await dialog.getByRole('button', { name: 'Change role' }).click();
    const asAdmin = await takeOneTime(page);
    await expect(oleg).toContainText('admin');

    await oleg.getByRole('button', { name: 'Suspend Oleg Operator' }).click();
    await expect(dialog).toContainText('stops working at once, even for someone who copied');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await expect(oleg).toContainText('Suspended');
    await expect(page.getByRole('alert')).toContainText('nothing new can be saved until you rotate the vault key');
    await lockButton(page).click();
    page = await app.afterLock(page);
    oleg = page.getByRole('row', { name: /Oleg Operator/ });
    dialog = page.getByRole('dialog');
    await page.getByLabel('Passphrase', { exact: true }).fill(asAdmin);
    await unlockButton(page).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong passphrase.', { timeout: 60_000 });
    await unlockThroughUi(page);

    await openAdmin(page);
    await oleg.getByRole('button', { name: 'Reactivate Oleg Operator' }).click();
    await dialog.getByRole('button', { name: 'Reactivate' }).click();
    await takeOneTime(page);
    await expect(oleg).toContainText('Active');
    await oleg.getByRole('button', { name: 'Remove Oleg Operator' }).click();
    await expect(dialog).toContainText('Their name stays in the audit log');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(oleg).toContainText('Removed');
    await expect(oleg.getByRole('button', { name: 'Remove Oleg Operator' })).toHaveCount(0);

    await openAdmin(page, 'Audit and health');
    const entries = page.getByTestId('audit-entries');
    for (const what of ['User added', 'Passphrase reset', 'Role changed', 'User suspended', 'User reactivated', 'User removed']) {
      await expect(entries.getByRole('row', { name: new RegExp(`Ada Admin.*${what} \\(Oleg Operator`) }).first()).toBeVisible();
    }
  });

  test('settings: measured key-derivation time, each change audited; a removal blocks saving until the rotation, which keeps the admin and recovery, hands out one-time passphrases', async ({ app, page, served }) => {
    const recoveryCode = await createVaultThroughUi(page, served.origin, 'Ada Admin');
    await openAdmin(page);
    await addUserThroughUi(page, 'Oleg Operator', 'operator');

    await openAdmin(page, 'Settings');
    await page.getByLabel('Lock after this many idle minutes').fill('7');
    await page.getByRole('form', { name: /Locking, clipboard/ }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('form', { name: /Locking, clipboard/ }).getByText('Saved.')).toBeVisible();
    const locking = page.getByRole('form', { name: 'Locking and wipe' });
    await locking.getByLabel('Destroy the vault after too many failed unlocks').check();
    await locking.getByLabel('Failed unlocks in a row before destroying').fill('5');
    await locking.getByRole('button', { name: 'Save' }).click();
    await expect(locking.getByText('Saved.')).toBeVisible();
    const strength = page.getByRole('form', { name: 'Key strength' });
    await strength.getByLabel(/^Strong \(/).check();
    await expect(strength.getByTestId('kdf-measured')).toHaveText(
      /^Measured on this computer: \d+\.\d\d s per passphrase\. An unlock tries each of the 2 passphrases on this device: about \d+\.\d s\.$/,
      { timeout: 60_000 },
    );
    await strength.getByRole('button', { name: 'Save' }).click();
    await expect(strength.getByText('Saved.')).toBeVisible();
    await expect(strength.getByText(/^Strong \(/)).toContainText('current');
    await openAdmin(page, 'Audit and health');
    const entries = page.getByTestId('audit-entries');
    for (const what of ['Settings changed', 'Wipe after failed unlocks changed \\(wipe after: 5\\)', 'Security settings changed']) {
      await expect(entries.getByRole('row', { name: new RegExp(`Ada Admin.*${what}`) })).toHaveCount(1);
    }

    // The wipe guard counts a failed unlock; the shares screen says how many attempts are left.
    await lockButton(page).click();
    page = await app.afterLock(page);
    await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase at all');
    await unlockButton(page).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong passphrase.', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Use recovery shares' }).click();
    await expect(page.getByTestId('attempts-left')).toHaveText('After 4 more failed attempts this device destroys the vault.');
    await page.getByRole('button', { name: 'Back' }).click();
    await unlockThroughUi(page);

    // A removal: the vault refuses new data, and the notice sends the admin to the rotation.
    await openAdmin(page);
    await addUserThroughUi(page, 'Gone Volunteer', 'operator');
    await page.getByRole('row', { name: /Gone Volunteer/ }).getByRole('button', { name: 'Remove Gone Volunteer' }).click();
    await expect(page.getByRole('dialog')).toContainText('Then rotate the vault key');
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    const pending = page.getByRole('alert').filter({ hasText: 'nothing new can be saved until you rotate the vault key' });
    await expect(pending).toBeVisible();
    await openAdmin(page, 'Settings');
    await page.getByRole('form', { name: /Locking, clipboard/ }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('form', { name: /Locking, clipboard/ }).getByRole('alert')).toContainText('an admin must rotate the vault key first');
    expect((await new AxeBuilder({ page }).analyze()).violations, 'rotation pending').toEqual([]);
    await pending.getByRole('link', { name: 'Rotate the vault key now' }).click();
    const rotate = page.getByRole('form', { name: 'Prove you may' });
    await rotate.getByLabel('Your passphrase').fill('not my passphrase at all');
    await rotate.getByLabel('Recovery key', { exact: true }).fill(recoveryCode);
    await rotate.getByRole('button', { name: 'Rotate the vault key' }).click();
    await expect(rotate.getByRole('alert')).toContainText('Wrong passphrase.', { timeout: 60_000 });
    await rotate.getByLabel('Your passphrase').fill(ADMIN_PASSPHRASE);
    await rotate.getByRole('button', { name: 'Rotate the vault key' }).click();
    await expect(page.getByRole('heading', { name: 'The vault key was rotated' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText('One-time passphrase for Oleg Operator')).toBeVisible();
    const olegOnce = (await page.getByTestId('one-time-passphrase').textContent())!.trim();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(pending).toHaveCount(0);
    await openAdmin(page, 'Audit and health');
    await expect(page.getByTestId('audit-entries').getByRole('row', { name: /Ada Admin.*Vault key rotated \(users: 1, checkpoint over \d+ entries\)/ })).toHaveCount(1);
    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await expect(page.getByTestId('chain-result')).toHaveText(/^Intact/);
    await lockButton(page).click();
    page = await app.afterLock(page);
    await unlockThroughUi(page);
    await lockButton(page).click();
    page = await app.afterLock(page);
    await page.getByLabel('Passphrase', { exact: true }).fill(olegOnce);
    await unlockButton(page).click();
    await expect(page.getByRole('heading', { name: 'Set a new passphrase' })).toBeVisible({ timeout: 60_000 });
  });

  realWipe('a backup saved through main, a wipe back to first run with no vault left in the profile, a restore from that backup', async ({
    page,
    context,
    served,
    deps,
    profileDir,
    storage,
  }) => {
    const dialogs = deps.handoff.dialogs as FakeDialogs;
    storage.bind(context, page, served.origin);
    const recoveryCode = await createVaultThroughUi(page, served.origin, 'Ada Admin');
    await openAdmin(page);
    await addUserThroughUi(page, 'Oleg Operator', 'operator');

    await openAdmin(page, 'Backup');
    await page.getByRole('button', { name: 'Save a backup…' }).click();
    await expect(page.getByText(/^Saved to /)).toBeVisible({ timeout: 30_000 });
    const file = dialogs.saved.at(-1)!;
    await expect(page.getByText(`Saved to ${file}.`)).toBeVisible();
    const sha256 = createHash('sha256').update(await readFile(file)).digest('hex');
    await expect(page.getByTestId('backup-sha256')).toHaveText(sha256);
    expect(path.basename(file)).toMatch(/^waystation-\d{4}-\d{2}-\d{2}\.age$/);
    // main's text for the save dialog, from the file's age header: the recovery key only.
    expect(dialogs.texts.at(-1)).toMatchObject({ title: 'Save a backup of the whole vault' });
    expect(dialogs.texts.at(-1)!.detail).toMatch(/^It opens only with the vault's recovery key/);

    // A stretch of sealed-page ciphertext as stored: found in the profile now (the control), gone after the wipe.
    const sample = Buffer.from(await storedCiphertext(page));
    expect(await profileHolds(profileDir, sample)).toBe(true);
    await openAdmin(page, 'Destroy');
    const destroy = page.getByRole('button', { name: 'Destroy this vault now' });
    await expect(destroy).toBeDisabled();
    await page.getByLabel('Type DESTROY to confirm').fill('destroy');
    await destroy.click();
    await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('navigation')).toHaveCount(0);
    // No vault left in the profile: no key folder, and none of the database's content.
    await expect(readdir(path.join(profileDir, 'keys'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect.poll(() => profileHolds(profileDir, sample), { timeout: 10_000 }).toBe(false);
    // Started afresh, the app is at first run too.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible();

    await page.getByRole('button', { name: 'Restore from a backup…' }).click();
    const restore = page.getByRole('dialog', { name: 'Restore from a backup' });
    dialogs.toOpen.push(file);
    await restore.getByRole('button', { name: 'Choose the backup file…' }).click();
    await expect(restore.getByText(/^File read/)).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await restore.getByLabel('Recovery key', { exact: true }).fill(recoveryCode.slice(0, -1) + (recoveryCode.endsWith('0') ? '1' : '0'));
    await restore.getByRole('button', { name: 'Restore' }).click();
    await expect(restore.getByRole('alert')).toContainText('A character is mistyped', { timeout: 30_000 });
    await restore.getByLabel('Recovery key', { exact: true }).fill(recoveryCode);
    await restore.getByRole('button', { name: 'Restore' }).click();
    await expectLocked(page, 60_000);
    await unlockThroughUi(page);
    await openAdmin(page);
    await expect(page.getByRole('row', { name: /Oleg Operator/ })).toBeVisible();
    await openAdmin(page, 'Audit and health');
    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await expect(page.getByTestId('chain-result')).toHaveText(/^Intact/);
    await expect(page.getByTestId('audit-entries').getByRole('row', { name: /Restored from a backup/ })).toHaveCount(1);
  });
});

/** 64 bytes from the middle of the first sealed page, read straight from IndexedDB (random-looking, so stored literally). */
async function storedCiphertext(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const request = indexedDB.open('waystation');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const rows = db.transaction('pages').objectStore('pages').getAll();
          rows.onerror = () => reject(rows.error);
          rows.onsuccess = () => {
            db.close();
            const data = (rows.result as { data: Uint8Array }[])[0]!.data;
            resolve(Array.from(data.subarray(100, 164)));
          };
        };
      }),
  );
}

/** Whether any file of the Chromium profile contains `bytes`. */
async function profileHolds(profileDir: string, bytes: Buffer): Promise<boolean> {
  for (const name of await readdir(profileDir, { recursive: true })) {
    const file = path.join(profileDir, name);
    if ((await stat(file).catch(() => undefined))?.isFile() && (await readFile(file).catch(() => Buffer.alloc(0))).includes(bytes)) return true;
  }
  return false;
}
