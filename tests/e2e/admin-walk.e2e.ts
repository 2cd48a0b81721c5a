import type { Page } from '@playwright/test';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import path from 'node:path';
import { expect, outsideRequests, test, type AppWindows, type FakeDialogs } from './harness';
import { addUserThroughUi, firstUnlock, openAdmin, splitIntoShares, staffExport } from './support/admin';
import { addHouse, addPerson, addRoom, daysAgo, recordArrival } from './support/operations';
import { ADMIN_PASSPHRASE, createVaultThroughUi, expectLocked, expectLockedWithoutData, expectUnlocked, lockButton, unlockButton, unlockThroughUi } from './support/unlock';

/*
 * The administration walk through the UI in real Chromium, with main's real handlers behind the bridge:
 * create the vault as admin -> add an operator and a staff user (each chooses their own passphrase)
 * -> the operator cannot export -> staff exports -> the admin verifies the audit chain -> the duress
 * passphrase wipes every passphrase's access -> 2 of 3 recovery shares restore it.
 */

const OPERATOR_OWN = 'amber orchard violin seventeen';
const STAFF_OWN = 'silver canoe meadow lantern';
const DURESS = 'paper kite river thunder';
const RECOVERED = 'copper lantern whistle orchard';

/** Locks; main replaces the renderer, and the walk goes on in the new page. */
async function lock(app: AppWindows, page: Page): Promise<Page> {
  await lockButton(page).click();
  const next = await app.afterLock(page);
  await expectLocked(next);
  return next;
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main', exact: true });
}

test.describe('the administration walk in real Chromium', () => {
  test('admin adds an operator and staff; roles hold; the chain verifies; duress wipes; 2 of 3 shares restore', async ({ app, page, served, deps, requests }) => {
    test.setTimeout(300_000);
    const dialogs = deps.handoff.dialogs as FakeDialogs;
    await createVaultThroughUi(page, served.origin, 'Ada Admin');
    await openAdmin(page);
    await expect(page.getByRole('row', { name: /Ada Admin/ })).toContainText('Another admin must change your own role or status.');
    const operatorOnce = await addUserThroughUi(page, 'Oleg Operator', 'operator');
    const staffOnce = await addUserThroughUi(page, 'Sasha Staff', 'staff');
    await expect(page.getByRole('row', { name: /Oleg Operator/ })).toContainText('operator');
    await expect(page.getByRole('row', { name: /Sasha Staff/ })).toContainText('Active');

    // Recovery split 2-of-3: printing shows the sheets and nothing else, one sheet per page.
    const shares = await splitIntoShares(page, 3, 2);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('heading', { name: 'Recovery share 2 of 3' })).toBeVisible();
    await expect(mainNav(page)).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print share 2' })).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Recovery shares: any 2 of 3' })).toBeHidden();
    const breaks = await page.locator('.share-sheet').evaluateAll((sheets) => sheets.map((s) => getComputedStyle(s).breakBefore));
    expect(breaks).toEqual(['auto', 'page', 'page']);
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel('Every one of the 3 shares is printed or written down').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('recovery-current')).toContainText('Now: 3 recovery shares, any 2 of which open the vault');

    // The operator: chooses their own passphrase, sees no handoff or administration, and is refused at the export's address.
    page = await lock(app, page);
    await firstUnlock(page, operatorOnce, OPERATOR_OWN);
    await expect(mainNav(page).getByRole('link', { name: 'Residents' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Handoffs' })).toHaveCount(0);
    await expect(mainNav(page).getByRole('link', { name: 'Administration' })).toHaveCount(0);
    for (const hash of ['#/handoff/send', '#/admin']) {
      await page.evaluate((h) => (window.location.hash = h), hash);
      await expect(page.getByRole('heading', { name: 'Not available for your role' })).toBeVisible();
      await expect(page.getByRole('main').getByRole('alert')).toHaveText('Your role (operator) cannot open this screen. Ask an admin if you need it.');
    }

    // Staff: their own passphrase, then a handoff export of a resident (house, stay, verified partner, consent).
    page = await lock(app, page);
    await firstUnlock(page, staffOnce, STAFF_OWN);
    await expect(mainNav(page).getByRole('link', { name: 'Administration' })).toHaveCount(0);
    await addHouse(page, 'North', 'Kazan');
    await addRoom(page, 'North', 'Room 1', 1);
    const kolya = await addPerson(page, 'Kolya');
    await recordArrival(page, kolya, daysAgo(10), { house: 'North', room: 'Room 1', bed: '1' });
    const bundle = await staffExport(page, { partner: 'Northern Lights', recipient: await identityToRecipient(await generateIdentity()), alias: 'Kolya' });
    expect(path.dirname(bundle)).toBe(dialogs.dir);

    // The admin verifies the audit chain, which names who did what.
    page = await lock(app, page);
    await unlockThroughUi(page);
    await openAdmin(page, 'Audit and health');
    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await expect(page.getByTestId('chain-result')).toHaveText(/^Intact: all \d+ entries check, in order, with nothing missing\.$/);
    const entries = page.getByTestId('audit-entries');
    await expect(entries.getByRole('row', { name: /Sasha Staff.*Passphrase changed/ })).toHaveCount(1);
    await expect(entries.getByRole('row', { name: /Sasha Staff.*Handoff sent/ })).toHaveCount(1);
    await expect(entries.getByRole('row', { name: /Ada Admin.*User added \(Oleg Operator, operator/ })).toHaveCount(1);
    await page.getByRole('button', { name: 'Run the health check' }).click();
    await expect(page.getByTestId('health-result')).toHaveText('No damaged items.');

    // Duress: set, lock, type it: an ordinary, empty vault opens with no hint.
    await openAdmin(page, 'Duress');
    await page.getByRole('textbox', { name: 'Duress passphrase' }).fill(DURESS);
    await page.getByLabel('Repeat the passphrase').fill(DURESS);
    await page.getByRole('button', { name: 'Save duress passphrase' }).click();
    await expect(page.getByRole('main').getByText('The duress passphrase is set.')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('duress-status')).toHaveText('A duress passphrase is set.');
    page = await lock(app, page);
    await unlockThroughUi(page, DURESS);
    await mainNav(page).getByRole('link', { name: 'Dashboard' }).click();
    await expect(page.getByText('Signed in as Ada Admin (admin).')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await openAdmin(page);
    await expect(page.getByRole('row')).toHaveCount(2);
    await expect(page.getByRole('row', { name: /Ada Admin/ })).toBeVisible();
    await openAdmin(page, 'Duress');
    await expect(page.getByTestId('duress-status')).toHaveText('No duress passphrase is set.');
    page = await lock(app, page);
    await expectLockedWithoutData(page, ['Oleg Operator', 'Sasha Staff']);

    // The real passphrase no longer opens anything.
    await page.getByLabel('Passphrase', { exact: true }).fill(ADMIN_PASSPHRASE);
    await unlockButton(page).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong passphrase.', { timeout: 60_000 });

    // Two of the three shares do; a mistyped one is named by its position first.
    await page.getByRole('button', { name: 'Use recovery shares' }).click();
    const typo = shares[2]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await page.getByLabel('Share 1', { exact: true }).fill(shares[0]!);
    await page.getByLabel('Share 2', { exact: true }).fill(typo);
    await unlockButton(page).click();
    await expect(page.getByRole('alert')).toContainText('Share 2 is mistyped');
    await page.getByLabel('Share 2', { exact: true }).fill(shares[2]!.toLowerCase().replaceAll('-', ' '));
    await unlockButton(page).click();
    await expect(page.getByRole('heading', { name: 'Set a new passphrase' })).toBeVisible({ timeout: 60_000 });
    await page.getByLabel('User').selectOption({ label: 'Ada Admin' });
    await page.getByLabel('Passphrase', { exact: true }).fill(RECOVERED);
    await page.getByLabel('Repeat the passphrase').fill(RECOVERED);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expectUnlocked(page, 60_000);
    await openAdmin(page);
    await expect(page.getByRole('row', { name: /Oleg Operator/ })).toBeVisible();
    await expect(page.getByRole('row', { name: /Sasha Staff/ })).toBeVisible();
    await openAdmin(page, 'Audit and health');
    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await expect(page.getByTestId('chain-result')).toHaveText(/^Intact/);
    await expect(page.getByTestId('audit-entries').getByRole('row', { name: /Recovery key.*Unlocked with recovery \(with recovery shares, older vault: true, checkpoint over \d+ entries\)/ })).toHaveCount(1);
    expect(outsideRequests(requests, served.origin)).toEqual([]);
  });
});
