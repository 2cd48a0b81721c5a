import { appWindows, expect, launchContext, test } from './harness';
import { CanarySet, scanProfile, writeControlCanary } from './support/canary';
import { createVaultThroughUi, expectLockedWithoutData, lockButton, unlockThroughUi } from './support/unlock';

test.describe('at rest (docs/threat-model.md §1)', () => {
  test('no entered string is found in any file of the profile; the data is back after unlock', async ({ served, profileDir, deps }) => {
    const canaries = new CanarySet();
    const adminName = canaries.make(14, 'cyrillic');
    const passphrase = `${canaries.make(10)} ${canaries.make(10)} ${canaries.make(10)}`;
    const control = canaries.make(16);
    const secrets = canaries.all.filter((c) => c !== control);

    let context = await launchContext(profileDir, served.origin, deps);
    let page = context.pages()[0] ?? (await context.newPage());
    await createVaultThroughUi(page, served.origin, adminName, passphrase);
    await expect(page.getByText(`Signed in as ${adminName}`)).toBeVisible();
    await writeControlCanary(page, control);
    await lockButton(page).click();
    page = await appWindows(context).afterLock(page);
    await expectLockedWithoutData(page, [adminName]);
    await context.close();

    const scan = await scanProfile(profileDir, canaries.all);
    console.log(`at-rest: scanned ${scan.filesScanned} files, ${scan.bytesScanned} bytes; control found in ${scan.found.get(control)?.join(', ')}`);
    // The scan must be able to see plaintext, or it proves nothing.
    expect(scan.found.get(control), 'control canary not found: the scan cannot see plaintext').toBeDefined();
    for (const secret of secrets) expect(scan.found.get(secret), `"${secret}" found at rest`).toBeUndefined();

    context = await launchContext(profileDir, served.origin, deps);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${served.origin}/index.html`);
    await unlockThroughUi(page, passphrase);
    await expect(page.getByText(`Signed in as ${adminName}`)).toBeVisible();
    await context.close();
  });
});
