import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultDeps, expect, launchContext, outsideRequests, test, type FakeDialogs } from './harness';
import { addHouse, addVerifiedPartner, cli, cliPartner, groups, importPeople, openHandoffs, saveOrgKeys, sendBundle } from './support/handoff';
import { createVaultThroughUi } from './support/unlock';

/*
 * Handoffs through the UI in real Chromium, with main's real handlers behind the bridge and its
 * native dialogs replaced by the harness's fake ones; the partner on the other side is the built CLI
 * (bin/waystation-handoff.mjs, as a partner runs it).
 */

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

  test('export through the UI: the partner opens it with the CLI; app to app into a second vault, once', async ({ page, served, deps }) => {
    test.setTimeout(300_000);
    const dialogs = deps.handoff.dialogs as FakeDialogs;
    const partner = await cliPartner('nl');
    const bDir = await mkdtemp(path.join(tmpdir(), 'waystation-profile-b-'));
    const bDeps = defaultDeps(bDir);
    const bDialogs = bDeps.handoff.dialogs as FakeDialogs;
    const bContext = await launchContext(bDir, served.origin, bDeps);
    try {
      // --- Organisation A: people with stays, a CLI partner allowed legal names.
      await createVaultThroughUi(page, served.origin, 'Ada Admin');
      await addHouse(page, served.origin);
      await importPeople(page, served.origin, dialogs, [
        'Kolya,Nikolai Realname,1994,"ru, en",+7 900 000 00 00,high,"housing, legal",2024-01-08,North,Room 1,,2024-03-20,resettled,secret note one',
        'Masha,Maria Realname,1999,ru,,medium,housing,2024-02-01,North,Room 1,,2024-02-21,other-shelter,secret note two',
      ]);
      await openHandoffs(page);
      const aKeys = await saveOrgKeys(page, dialogs);
      await addVerifiedPartner(page, { name: 'Northern Lights', recipient: partner.recipient, publicKeyText: partner.publicKeyText, fingerprint: partner.fingerprint });
      await page.getByRole('button', { name: 'Edit Northern Lights' }).click();
      await page.getByLabel('May receive: Legal name').check();
      await page.getByRole('button', { name: 'Save partner' }).click();
      await expect(page.getByText('Saved.')).toBeVisible();

      // --- Send Kolya with his legal name (ticked for this export); the preview is exactly what leaves.
      const bundleId = await sendBundle(page, {
        partner: 'Northern Lights',
        people: ['Kolya'],
        fields: ['Legal name'],
        check: async (preview) => {
          await expect(preview).toContainText('Nikolai Realname');
          await expect(preview).toContainText('2024-01-08 to 2024-03-20 (72 days)');
          await expect(preview).toContainText('resettled');
          await expect(preview).not.toContainText('secret note');
          await expect(preview).not.toContainText('+7 900');
        },
      });
      const bundle = dialogs.saved.at(-1)!;
      expect(path.basename(bundle)).toMatch(new RegExp(`^bundle-\\d{4}-\\d{2}-\\d{2}-${bundleId.slice(0, 8)}\\.age$`));
      // The save dialog's text is main's, from the bundle it checked: one person, legal names, the partner's recipient id.
      const partnerId = createHash('sha256').update(partner.recipient.toLowerCase()).digest('hex').slice(0, 16);
      expect(dialogs.texts.at(-1)).toMatchObject({ title: 'Save a handoff bundle', message: 'A handoff bundle with the records of 1 person, encrypted for a partner.' });
      expect(dialogs.texts.at(-1)!.detail).toContain(`\n    ${groups(partnerId)}\n`);
      expect(dialogs.texts.at(-1)!.detail).toContain('; also legal names.');

      // --- The partner opens it with the CLI, checking our signature with the key file we gave them.
      const out = path.join(partner.dir, 'case');
      const opened = cli('open', bundle, '--identity', partner.identity, '--signer', aKeys.signingKeyFile, '--out', out);
      expect(opened.status, opened.stderr).toBe(0);
      expect(opened.stdout).toContain(`opened bundle ${bundleId} from "Shelter One"`);
      const people = JSON.parse(await readFile(path.join(out, 'people.json'), 'utf8')) as { people: Record<string, unknown>[] };
      expect(people.people).toEqual([
        {
          alias: 'Kolya',
          birthYear: 1994,
          languages: ['ru', 'en'],
          // The sheet's import marks housing done once the stay ended; only open needs leave.
          needs: ['legal'],
          staySummary: { arrived: '2024-01-08', departed: '2024-03-20', daysInShelter: 72 },
          outcome: 'resettled',
          legalName: 'Nikolai Realname',
        },
      ]);
      // Someone else's key cannot open it.
      const stranger = await cliPartner('stranger');
      expect(cli('verify', bundle, '--identity', stranger.identity, '--signer', aKeys.signingKeyFile).status).toBe(11);
      await stranger.cleanup();

      // --- Organisation B runs Waystation too: each pins and checks the other's keys.
      const bPage = bContext.pages()[0] ?? (await bContext.newPage());
      await createVaultThroughUi(bPage, served.origin, 'Bea Admin');
      await openHandoffs(bPage);
      const bKeys = await saveOrgKeys(bPage, bDialogs);
      await addVerifiedPartner(bPage, { name: 'Shelter One', recipient: (await readFile(aKeys.recipientFile, 'utf8')).trim(), publicKeyText: await readFile(aKeys.signingKeyFile, 'utf8') });
      await openHandoffs(page);
      await addVerifiedPartner(page, { name: 'Org B', recipient: (await readFile(bKeys.recipientFile, 'utf8')).trim(), publicKeyText: await readFile(bKeys.signingKeyFile, 'utf8') });
      const toB = await sendBundle(page, { partner: 'Org B', people: ['Kolya', 'Masha'] });
      const bundleForB = dialogs.saved.at(-1)!;

      // The partner's CLI cannot open what A made for B.
      expect(cli('verify', bundleForB, '--identity', partner.identity, '--signer', aKeys.signingKeyFile).status).toBe(11);

      // --- B imports it once; the same file again is refused and changes nothing.
      await bPage.getByRole('link', { name: 'Receive' }).click();
      bDialogs.toOpen.push(bundleForB);
      await bPage.getByRole('button', { name: 'Open a bundle…' }).click();
      const preview = bPage.getByTestId('import-preview');
      await expect(preview).toContainText('Kolya');
      await expect(preview).toContainText('Masha');
      await expect(preview).toContainText(`Handed over by Shelter One (bundle ${toB.slice(0, 8)}`);
      await expect(preview).not.toContainText('Realname');
      await expect(preview).not.toContainText('secret note');
      await bPage.getByRole('button', { name: 'Import all (people: 2)' }).click();
      await expect(bPage.getByRole('main').getByRole('status')).toHaveText('Imported 2 people from Shelter One.');

      // --- B saves a signed receipt through main's save dialog; A imports it and lists it against the bundle.
      await bPage.getByRole('button', { name: 'Save a receipt for the sender…' }).click();
      await expect(bPage.getByRole('main').getByRole('status')).toHaveText('Receipt saved: send both files (the receipt and its .minisig) to the sender.');
      const receiptFile = bDialogs.saved.at(-1)!;
      expect(path.basename(receiptFile)).toBe(`receipt-${toB.slice(0, 8)}.json`);
      expect(execFileSync('minisign', ['-Vm', receiptFile, '-p', bKeys.signingKeyFile], { encoding: 'utf8' })).toContain('Signature and comment signature verified');
      await page.getByRole('link', { name: 'Sent' }).click();
      dialogs.toOpen.push(receiptFile);
      await page.getByRole('button', { name: 'Import a receipt…' }).click();
      await expect(page.getByRole('main').getByRole('status')).toContainText(`Receipt recorded for bundle ${toB.slice(0, 8)}`);
      await expect(page.getByRole('row', { name: /Org B/ })).toContainText(/Received \d{2}\/\d{2}\/\d{4}/);
      await expect(page.getByRole('row', { name: /Northern Lights/ })).toContainText('No receipt yet');

      bDialogs.toOpen.push(bundleForB);
      await bPage.getByRole('button', { name: 'Open a bundle…' }).click();
      await expect(bPage.getByRole('main').getByRole('alert')).toContainText('Refused: this bundle was already imported. Nothing changed.');
      await bPage.goto(`${served.origin}/index.html#/residents`);
      for (const alias of ['Kolya', 'Masha']) await expect(bPage.getByRole('link', { name: alias })).toHaveCount(1);

      // The bundle Kolya went out in for Northern Lights is not for B.
      bDialogs.toOpen.push(bundle);
      await bPage.goto(`${served.origin}/index.html#/handoff/receive`);
      await bPage.getByRole('button', { name: 'Open a bundle…' }).click();
      await expect(bPage.getByRole('main').getByRole('alert')).toContainText('Refused: this bundle is not for us');
    } finally {
      await bContext.close();
      await rm(bDir, { recursive: true, force: true });
      await partner.cleanup();
    }
  });
});
