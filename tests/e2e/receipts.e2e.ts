import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type FakeDialogs } from './harness';
import { addHouse, addVerifiedPartner, cli, cliPartner, groups, importPeople, openHandoffs, saveOrgKeys, sendBundle } from './support/handoff';
import { docScreenshot } from './support/screenshots';
import { createVaultThroughUi } from './support/unlock';

/*
 * Receipts in real Chromium: a partner without the app acknowledges a bundle with the built CLI, the
 * real minisign verifies that receipt, and the sender's Handoffs screen imports it through main's open
 * dialog. Every hostile receipt is refused with its reason and leaves the list as it was.
 */

async function importReceipt(page: Page, dialogs: FakeDialogs, file: string) {
  dialogs.toOpen.push(file);
  await page.getByRole('button', { name: 'Import a receipt…' }).click();
}

/** A receipt edited by hand and re-signed with the real minisign, as a careless or hostile partner could. */
async function resigned(source: string, target: string, signingKeyFile: string, edit: (receipt: Record<string, unknown>) => Record<string, unknown>) {
  await writeFile(target, JSON.stringify(edit(JSON.parse(await readFile(source, 'utf8')) as Record<string, unknown>)));
  execFileSync('minisign', ['-S', '-s', signingKeyFile, '-m', target], { stdio: 'pipe' });
  return target;
}

test('a receipt from the partner CLI verifies with minisign and shows on the Handoffs screen; hostile receipts are refused, each with its reason', async ({ page, served, deps }) => {
  test.setTimeout(300_000);
  const dialogs = deps.handoff.dialogs as FakeDialogs;
  const partner = await cliPartner('nl');
  const other = await cliPartner('other');
  try {
    await createVaultThroughUi(page, served.origin, 'Ada Admin');
    await addHouse(page, served.origin);
    await importPeople(page, served.origin, dialogs, ['Kolya,,1994,ru,,high,legal,2024-01-08,North,Room 1,,2024-03-20,resettled,']);
    await openHandoffs(page);
    const org = await saveOrgKeys(page, dialogs);
    await addVerifiedPartner(page, { name: 'Northern Lights', recipient: partner.recipient, publicKeyText: partner.publicKeyText, fingerprint: partner.fingerprint });
    // Another partner, pinned and checked too: its key is trusted, but not for what went to Northern Lights.
    await addVerifiedPartner(page, { name: 'Other Org', recipient: other.recipient, publicKeyText: other.publicKeyText, fingerprint: other.fingerprint });
    const bundleId = await sendBundle(page, { partner: 'Northern Lights', people: ['Kolya'] });
    const bundle = dialogs.saved.at(-1)!;

    // --- The partner opens it and signs a receipt; the stock minisign verifies it with the partner's public key.
    const receipt = path.join(partner.dir, 'receipt.json');
    const made = cli('receipt', bundle, '--identity', partner.identity, '--signer', org.signingKeyFile, '--sign', partner.signingKeyFile, '--out', receipt);
    expect(made.status, made.stderr).toBe(0);
    expect(execFileSync('minisign', ['-Vm', receipt, '-p', path.join(partner.dir, 'keys/nl.minisign.pub')], { encoding: 'utf8' })).toContain('Signature and comment signature verified');
    expect(JSON.parse(await readFile(receipt, 'utf8'))).toMatchObject({ bundleId, people: 1, bundleSha256: createHash('sha256').update(await readFile(bundle)).digest('hex') });

    // --- The Handoffs screen lists the bundle, waiting for its receipt.
    await page.getByRole('link', { name: 'Sent' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Handoffs sent' })).toBeVisible();
    const row = page.getByRole('row', { name: /Northern Lights/ });
    await expect(row).toContainText('No receipt yet');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    // --- Hostile receipts: each refused with its reason, and the bundle still has no receipt.
    const alert = page.getByRole('main').getByRole('alert');
    const wrongSigner = path.join(other.dir, 'receipt.json');
    expect(cli('receipt', bundle, '--identity', partner.identity, '--signer', org.signingKeyFile, '--sign', other.signingKeyFile, '--out', wrongSigner).status).toBe(0);
    const cases: [string, string][] = [
      [wrongSigner, 'Refused: the receipt is not signed by the key of the partner the bundle went to.'],
      [await resigned(receipt, path.join(partner.dir, 'hash.json'), partner.signingKeyFile, (r) => ({ ...r, bundleSha256: '0'.repeat(64) })), 'Refused: the receipt is for a different file than the bundle we wrote.'],
      [await resigned(receipt, path.join(partner.dir, 'unknown.json'), partner.signingKeyFile, (r) => ({ ...r, bundleId: 'f'.repeat(32) })), 'Refused: this vault has no record of sending that bundle.'],
      [await resigned(receipt, path.join(partner.dir, 'bad.json'), partner.signingKeyFile, () => ({ hello: 'world' })), 'Refused: this is not a receipt file'],
    ];
    for (const [file, reason] of cases) {
      await importReceipt(page, dialogs, file);
      await expect(alert).toContainText(reason);
      await expect(alert).toContainText('Nothing was recorded.');
      await expect(row).toContainText('No receipt yet');
    }
    // A receipt whose signature file did not come along.
    const lone = path.join(partner.dir, 'lone.json');
    await writeFile(lone, await readFile(receipt));
    await importReceipt(page, dialogs, lone);
    await expect(alert).toContainText('Refused: there is no signature file (.minisig) beside the receipt.');
    await expect(row).toContainText('No receipt yet');

    // --- The partner's receipt: recorded, with when and by which key.
    await importReceipt(page, dialogs, receipt);
    await expect(page.getByRole('main').getByRole('status')).toHaveText(`Receipt recorded for bundle ${bundleId.slice(0, 8)}, signed by the key with fingerprint ${groups(partner.fingerprint)}.`);
    await expect(row).toContainText(/Received \d{2}\/\d{2}\/\d{4}/);
    await expect(row).toContainText(groups(partner.fingerprint));
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await docScreenshot(page, 'handoffs-sent');

    // The same receipt again changes nothing.
    await importReceipt(page, dialogs, `${receipt}.minisig`);
    await expect(alert).toContainText('A receipt for this bundle is already recorded. Nothing changed.');

    // Keyboard: the import button is reachable and works with Enter.
    dialogs.toOpen.push(receipt);
    await page.getByRole('button', { name: 'Import a receipt…' }).focus();
    await page.keyboard.press('Enter');
    await expect(alert).toContainText('A receipt for this bundle is already recorded.');
  } finally {
    await partner.cleanup();
    await other.cleanup();
  }
});
