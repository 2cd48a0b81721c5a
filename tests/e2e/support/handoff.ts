import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, type FakeDialogs } from '../harness';
import { atE2eTime } from './clock';

/*
 * Handoff steps shared by the handoff and receipt scenarios: the partner's side is the built CLI
 * (bin/waystation-handoff.mjs, as a partner runs it), the app's side is its UI.
 */

const BIN = path.resolve('bin/waystation-handoff.mjs');

export function cli(...args: string[]) {
  const run = atE2eTime(process.execPath, [BIN, ...args]);
  const r = spawnSync(run.command, run.args, { encoding: 'utf8', env: run.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A partner organisation without the app: keys made by the CLI in a private temp folder. */
export async function cliPartner(name = 'partner') {
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

export const groups = (hex: string) => hex.match(/.{1,4}/g)!.join(' ');

export async function openHandoffs(page: Page) {
  await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Handoffs' }).click();
  await expect(page.getByRole('heading', { name: 'Partners and keys', level: 1 })).toBeVisible();
}

/** Saves both organisation public keys through main's save dialog; returns the files. */
export async function saveOrgKeys(page: Page, dialogs: FakeDialogs) {
  await page.getByRole('button', { name: 'Save the age recipient as a file…' }).click();
  await expect(page.getByText(`Saved to ${path.join(dialogs.dir, 'waystation.age.pub')}.`)).toBeVisible();
  await page.getByRole('button', { name: 'Save the signing key as a file…' }).click();
  await expect(page.getByText(`Saved to ${path.join(dialogs.dir, 'waystation.minisign.pub')}.`)).toBeVisible();
  return { recipientFile: path.join(dialogs.dir, 'waystation.age.pub'), signingKeyFile: path.join(dialogs.dir, 'waystation.minisign.pub') };
}

interface PartnerKeys {
  name: string;
  recipient: string;
  publicKeyText?: string;
  fingerprint?: string;
}

/** Adds a partner with its keys, checks the fingerprint shown, and marks the keys checked out of band. */
export async function addVerifiedPartner(page: Page, partner: PartnerKeys) {
  await addPartner(page, partner);
  await markChecked(page, partner);
}

/** Adds a partner with its keys and leaves its editor open, the keys not yet checked. */
export async function addPartner(page: Page, partner: PartnerKeys) {
  await page.getByRole('button', { name: 'Add a partner' }).click();
  await page.getByLabel('Name', { exact: true }).fill(partner.name);
  await page.getByLabel('Their age recipients (to encrypt bundles for them)').fill(partner.recipient);
  if (partner.publicKeyText) await page.getByLabel('Their minisign public key (only if they send bundles back)').fill(partner.publicKeyText);
  await page.getByRole('button', { name: 'Save partner' }).click();
  await expect(page.getByRole('heading', { name: `Edit ${partner.name}` })).toBeVisible();
}

/** In the open editor of a partner: the fingerprint shown, then the out-of-band check; closes the editor. */
export async function markChecked(page: Page, partner: Pick<PartnerKeys, 'name' | 'fingerprint'>) {
  if (partner.fingerprint) await expect(page.getByTestId('partner-fingerprint')).toHaveText(groups(partner.fingerprint));
  await page.getByLabel(`I compared these with ${partner.name} over a second channel, and they match.`).check();
  await page.getByRole('button', { name: 'Mark as checked' }).click();
  await expect(page.getByText(/^Checked out of band on \d{2}\/\d{2}\/\d{4} by /)).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
}

/** One house with a room of two beds, through the houses editor. */
export async function addHouse(page: Page, origin: string) {
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

/** People, `stays` of them with a stay (all by default), through the spreadsheet import (one write). */
export async function importPeople(page: Page, origin: string, dialogs: FakeDialogs, rows: string[], stays = rows.length) {
  const file = path.join(dialogs.dir, 'people.csv');
  await mkdir(dialogs.dir, { recursive: true });
  await writeFile(file, [SHEET_HEADER, ...rows].join('\n'));
  dialogs.toOpen.push(file);
  await page.goto(`${origin}/index.html#/import`);
  await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
  await page.getByRole('button', { name: 'Check the rows' }).click();
  await page.getByRole('button', { name: `Store all ${rows.length} people` }).click();
  await expect(page.getByText(`Stored ${rows.length} people and ${stays} stays.`)).toBeVisible();
}

export async function recordConsent(page: Page, alias: string, partner: string) {
  await page.getByRole('button', { name: `Record the consent of ${alias}` }).click();
  await expect(page.getByText(`Did ${alias} agree that their record is handed to ${partner}?`)).toBeVisible();
  await page.getByRole('button', { name: 'Yes, record it' }).click();
  await expect(page.getByRole('checkbox', { name: `Send ${alias}` })).toBeEnabled();
}

/** Send screen: partner, people (recording their consent first), fields, sender; preview; sign and save. Returns the bundle id. */
export async function sendBundle(page: Page, options: { partner: string; people: string[]; fields?: string[]; check?: (preview: ReturnType<Page['getByTestId']>) => Promise<void> }) {
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
