import AxeBuilder from '@axe-core/playwright';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, outsideRequests, test, type FakeDialogs } from './harness';
import { createVaultThroughUi } from './support/unlock';

/*
 * Handoffs through the UI in real Chromium, with main's real handlers behind the bridge and its
 * native dialogs replaced by the harness's fake ones; the partner on the other side is the built CLI
 * (bin/waystation-handoff.mjs, as a partner runs it).
 */

const BIN = path.resolve('bin/waystation-handoff.mjs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A partner organisation without the app: keys made by the CLI in a private temp folder. */
async function cliPartner(name = 'partner') {
  const dir = await mkdtemp(path.join(tmpdir(), 'ws-partner-'));
  const made = cli('keygen', '--name', name, '--out', path.join(dir, 'keys'));
  expect(made.status, made.stderr).toBe(0);
  const key = (suffix: string) => path.join(dir, 'keys', `${name}${suffix}`);
  return {
    dir,
    identity: key('.age'),
    recipient: (await readFile(key('.age.pub'), 'utf8')).trim(),
    signingKeyFile: key('.minisign.key'),
    publicKeyText: await readFile(key('.minisign.pub'), 'utf8'),
    fingerprint: /fingerprint: ([0-9a-f]{32})/.exec(made.stdout)![1]!,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

const groups = (hex: string) => hex.match(/.{1,4}/g)!.join(' ');

async function openHandoffs(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Handoffs' }).click();
  await expect(page.getByRole('heading', { name: 'Partners and keys', level: 1 })).toBeVisible();
}

/** Saves both organisation public keys through main's save dialog; returns the files. */
async function saveOrgKeys(page: Page, dialogs: FakeDialogs) {
  await page.getByRole('button', { name: 'Save the age recipient as a file…' }).click();
  await expect(page.getByText(`Saved to ${path.join(dialogs.dir, 'waystation.age.pub')}.`)).toBeVisible();
  await page.getByRole('button', { name: 'Save the signing key as a file…' }).click();
  await expect(page.getByText(`Saved to ${path.join(dialogs.dir, 'waystation.minisign.pub')}.`)).toBeVisible();
  return { recipientFile: path.join(dialogs.dir, 'waystation.age.pub'), signingKeyFile: path.join(dialogs.dir, 'waystation.minisign.pub') };
}

/** Adds a partner with its keys, checks the fingerprint shown, and marks the keys checked out of band. */
async function addVerifiedPartner(page: Page, partner: { name: string; recipient: string; publicKeyText?: string; fingerprint?: string }) {
  await page.getByRole('button', { name: 'Add a partner' }).click();
  await page.getByLabel('Name', { exact: true }).fill(partner.name);
  await page.getByLabel('Their age recipients (to encrypt bundles for them)').fill(partner.recipient);
  if (partner.publicKeyText) await page.getByLabel('Their minisign public key (only if they send bundles back)').fill(partner.publicKeyText);
  await page.getByRole('button', { name: 'Save partner' }).click();
  await expect(page.getByRole('heading', { name: `Edit ${partner.name}` })).toBeVisible();
  if (partner.fingerprint) await expect(page.getByTestId('partner-fingerprint')).toHaveText(groups(partner.fingerprint));
  await page.getByLabel(`I compared these with ${partner.name} over a second channel, and they match.`).check();
  await page.getByRole('button', { name: 'Mark as checked' }).click();
  await expect(page.getByText(/^Checked out of band on \d{4}-\d{2}-\d{2} by /)).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
}

test.describe('handoffs in real Chromium', () => {
  test('partner keys from the CLI, org keys as files, a bundle sealed by the CLI imported once, refusals named', async ({ page, served, deps, requests }) => {
    const dialogs = deps.handoff.dialogs as FakeDialogs;
    const partner = await cliPartner();
    try {
      await createVaultThroughUi(page, served.origin, 'Ada Staff');
      await openHandoffs(page);
      expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
      const org = await saveOrgKeys(page, dialogs);
      const recipient = (await readFile(org.recipientFile, 'utf8')).trim();
      await expect(page.getByTestId('org-age-recipient')).toHaveText(recipient);
      // The fingerprint the UI shows is the one a partner computes from the key file (docs/partners.md).
      const keyLine = (await readFile(org.signingKeyFile, 'utf8')).split('\n')[1]!;
      const fingerprint = execFileSync('sh', ['-c', 'printf %s "$0" | base64 -d | sha256sum | cut -c1-32', keyLine]).toString().trim();
      await expect(page.getByTestId('org-fingerprint')).toHaveText(groups(fingerprint));

      // A bad recipient is refused at its field, with the reason.
      await page.getByRole('button', { name: 'Add a partner' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Typo Org');
      await page.getByLabel('Their age recipients (to encrypt bundles for them)').fill(`${partner.recipient.slice(0, -1)}x`);
      await page.getByRole('button', { name: 'Save partner' }).click();
      await expect(page.getByText('These age recipients are not valid:')).toBeVisible();
      await page.getByRole('button', { name: 'Close' }).click();

      await addVerifiedPartner(page, { name: 'Northern Lights', recipient: partner.recipient, publicKeyText: partner.publicKeyText, fingerprint: partner.fingerprint });
      await expect(page.getByRole('row', { name: /Northern Lights/ })).toContainText('Yes, on');
      expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

      // The partner sends two cases back, sealed with the CLI to our recipient file.
      const payload = path.join(partner.dir, 'payload');
      await mkdir(payload);
      const stay = { arrived: '2026-01-10', departed: '2026-02-01', daysInShelter: 22 };
      await writeFile(
        path.join(payload, 'people.json'),
        JSON.stringify({ people: [{ alias: 'Returning Guest', languages: ['ru'], needs: ['housing', 'embassy visit'], staySummary: stay, outcome: 'other-shelter' }, { alias: 'Second Guest', languages: [], needs: [], staySummary: stay }] }),
      );
      const back = path.join(partner.dir, 'back.age');
      const sealed = cli('seal', '--in', payload, '--to', org.recipientFile, '--sign', partner.signingKeyFile, '--expires', '7', '--out', back);
      expect(sealed.status, sealed.stderr).toBe(0);

      await page.getByRole('link', { name: 'Receive' }).click();
      dialogs.toOpen.push(back);
      await page.getByRole('button', { name: 'Open a bundle…' }).click();
      const preview = page.getByTestId('import-preview');
      await expect(preview).toContainText('Returning Guest');
      await expect(preview).toContainText('other: embassy visit');
      await expect(preview).toContainText('Handed over by partner');
      expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
      await page.getByRole('button', { name: 'Import all (people: 2)' }).click();
      await expect(page.getByRole('main').getByRole('status')).toHaveText('Imported 2 people from Northern Lights.');

      // The same file again: refused as replayed, nothing imported.
      dialogs.toOpen.push(back);
      await page.getByRole('button', { name: 'Open a bundle…' }).click();
      await expect(page.getByRole('main').getByRole('alert')).toContainText('Refused: this bundle was already imported. Nothing changed.');
      await expect(page.getByTestId('import-preview')).toHaveCount(0);

      // A byte changed in transit: refused as damaged.
      const bytes = await readFile(back);
      bytes[bytes.length - 40]! ^= 1;
      const damaged = path.join(partner.dir, 'damaged.age');
      await writeFile(damaged, bytes);
      dialogs.toOpen.push(damaged);
      await page.getByRole('button', { name: 'Open a bundle…' }).click();
      await expect(page.getByRole('main').getByRole('alert')).toContainText('Refused: the file is damaged or cut off.');

      // Cancelling the dialog says so.
      await page.getByRole('button', { name: 'Open a bundle…' }).click();
      await expect(page.getByRole('main').getByRole('status')).toHaveText('Cancelled: nothing was written.');
      expect(outsideRequests(requests, served.origin)).toEqual([]);
    } finally {
      await partner.cleanup();
    }
  });
});
