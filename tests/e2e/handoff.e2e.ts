import AxeBuilder from '@axe-core/playwright';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { defaultDeps, expect, launchContext, outsideRequests, test, type FakeDialogs } from './harness';
import { atE2eTime } from './support/clock';
import { createVaultThroughUi } from './support/unlock';

/*
 * Handoffs through the UI in real Chromium, with main's real handlers behind the bridge and its
 * native dialogs replaced by the harness's fake ones; the partner on the other side is the built CLI
 * (bin/waystation-handoff.mjs, as a partner runs it).
 */

const BIN = path.resolve('bin/waystation-handoff.mjs');

function cli(...args: string[]) {
  const run = atE2eTime(process.execPath, [BIN, ...args]);
  const r = spawnSync(run.command, run.args, { encoding: 'utf8', env: run.env });
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
  await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Handoffs' }).click();
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
  await expect(page.getByText(/^Checked out of band on \d{2}\/\d{2}\/\d{4} by /)).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
}

/** One house with a room of two beds, through the houses editor. */
async function addHouse(page: Page, origin: string) {
  await page.goto(`${origin}/index.html#/houses`);
  await expect(page.getByRole('heading', { level: 1, name: 'Houses and beds' })).toBeVisible();
  const houseForm = page.getByRole('form', { name: 'Add a house' });
  await houseForm.getByLabel('House alias').fill('North');
  await houseForm.getByLabel('City').fill('Moscow');
  await houseForm.getByRole('button', { name: 'Add house' }).click();
  const card = page.getByRole('article', { name: /^North/ });
  await card.getByText('Add a room to North').click();
  const roomForm = card.getByRole('form', { name: 'Add a room' });
  await roomForm.getByLabel('Room name').fill('Room 1');
  await roomForm.getByLabel('People the room can hold').fill('2');
  await roomForm.getByRole('button', { name: 'Add room' }).click();
  await expect(card.getByRole('heading', { name: /^Room 1/ })).toBeVisible();
}

const SHEET_HEADER = 'Alias,Full name,Year of birth,Languages,Phone,Risk,Needs,Arrival date,House,Room,Bed,Departure date,Outcome,Notes';

/** People with stays, through the spreadsheet import (one write). */
async function importPeople(page: Page, origin: string, dialogs: FakeDialogs, rows: string[]) {
  const file = path.join(dialogs.dir, 'people.csv');
  await mkdir(dialogs.dir, { recursive: true });
  await writeFile(file, [SHEET_HEADER, ...rows].join('\n'));
  dialogs.toOpen.push(file);
  await page.goto(`${origin}/index.html#/import`);
  await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
  await page.getByRole('button', { name: 'Check the rows' }).click();
  await page.getByRole('button', { name: `Store all ${rows.length} people` }).click();
  await expect(page.getByText(`Stored ${rows.length} people and ${rows.length} stays.`)).toBeVisible();
}

async function recordConsent(page: Page, alias: string, partner: string) {
  await page.getByRole('button', { name: `Record the consent of ${alias}` }).click();
  await expect(page.getByText(`Did ${alias} agree that their record is handed to ${partner}?`)).toBeVisible();
  await page.getByRole('button', { name: 'Yes, record it' }).click();
  await expect(page.getByRole('checkbox', { name: `Send ${alias}` })).toBeEnabled();
}

/** Send screen: partner, people (recording their consent first), fields, sender; preview; sign and save. Returns the bundle id. */
async function sendBundle(page: Page, options: { partner: string; people: string[]; fields?: string[]; check?: (preview: ReturnType<Page['getByTestId']>) => Promise<void> }) {
  await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Handoffs' }).click();
  await page.getByRole('link', { name: 'Send' }).click();
  // The Partners screen is still up for a moment after the click: wait for the Send screen itself.
  await expect(page.getByRole('heading', { level: 1, name: 'Send a handoff' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Partner', exact: true }).selectOption({ label: options.partner });
  for (const alias of options.people) {
    await recordConsent(page, alias, options.partner);
    await page.getByRole('checkbox', { name: `Send ${alias}` }).check();
  }
  for (const field of options.fields ?? []) await page.getByRole('checkbox', { name: field, exact: true }).check();
  await page.getByLabel('Our name as the partner knows it').fill('Shelter One');
  await page.getByRole('button', { name: 'Preview what will leave' }).click();
  const preview = page.getByTestId('export-preview');
  await expect(preview.getByRole('row')).toHaveCount(options.people.length + 1);
  await options.check?.(preview);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'Sign and save…' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText(`Saved a bundle (people: ${options.people.length})`);
  return (await page.getByTestId('bundle-id').textContent())!.trim();
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
