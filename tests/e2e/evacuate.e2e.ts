import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultDeps, expect, launchContext, type FakeDialogs } from './harness';
import { openAdmin } from './support/admin';
import { addPerson, go } from './support/operations';
import { realWipe } from './support/real-wipe';
import { docScreenshot } from './support/screenshots';
import { createVaultThroughUi, expectLocked, unlockThroughUi, ADMIN_PASSPHRASE } from './support/unlock';

/*
 * Evacuate in real Chromium, main's real handlers behind the bridge, on the harness's pinned page
 * clock: an off-site key made by age-keygen, a backup that the age CLI opens, a wipe that leaves no
 * vault and no key folder in the profile, and a restore into a fresh profile with every person back.
 */
const PEOPLE = ['Kolya', 'Masha', 'Timur'];

realWipe('evacuate: the backup opens with age -d, restores into a fresh profile with every person, and the old profile holds no vault', async ({
  page,
  context,
  served,
  deps,
  profileDir,
  storage,
}) => {
  storage.bind(context, page, served.origin);
  const dialogs = deps.handoff.dialogs as FakeDialogs;
  const keys = await mkdtemp(path.join(tmpdir(), 'waystation-offsite-'));
  const identityFile = path.join(keys, 'key.txt');
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', identityFile], { encoding: 'utf8' }).trim();

  const recoveryCode = await createVaultThroughUi(page, served.origin, 'Ada Admin');
  for (const alias of PEOPLE) await addPerson(page, alias);
  await openAdmin(page, 'Settings');
  const offsite = page.getByRole('form', { name: 'Off-site key for Evacuate' });
  await offsite.getByLabel('Off-site age recipient (age1…)').fill(recipient);
  await offsite.getByRole('button', { name: 'Save' }).click();
  await expect(offsite.getByRole('status')).toHaveText('Saved.');

  await page.getByRole('banner').getByRole('link', { name: 'Evacuate' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Evacuate' })).toBeVisible();
  await expect(page.getByText(recipient)).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations, 'English').toEqual([]);
  await page.getByLabel('Language').selectOption({ label: 'Русский' });
  await expect(page.getByRole('heading', { level: 1, name: 'Эвакуация' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations, 'Russian').toEqual([]);
  await page.getByLabel('Язык').selectOption({ label: 'English' });
  const evacuate = page.getByRole('button', { name: 'Save the backup and destroy this vault…' });
  await page.getByLabel('Your passphrase').fill(ADMIN_PASSPHRASE);
  await page.getByLabel('Type EVACUATE to confirm').fill('evacuate');
  await docScreenshot(page, 'evacuate');
  await evacuate.click();
  await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible({ timeout: 60_000 });

  // The age CLI opens the backup with the off-site identity alone.
  const file = dialogs.saved.at(-1)!;
  const plain = JSON.parse(execFileSync('age', ['-d', '-i', identityFile, file], { encoding: 'utf8' })) as { format: string; pages: unknown[] };
  expect(plain.format).toBe('waystation-backup');
  // The old profile: no key folder (the key files were overwritten, then removed), no practice keys, no vault after a restart.
  await expect(readdir(path.join(profileDir, 'keys'))).rejects.toMatchObject({ code: 'ENOENT' });
  await expect(readdir(path.join(profileDir, 'practice-keys'))).rejects.toMatchObject({ code: 'ENOENT' });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible();

  // A fresh profile restores the file through the first-run restore, and every person is back.
  const freshDir = await mkdtemp(path.join(tmpdir(), 'waystation-profile-'));
  const freshDeps = defaultDeps(freshDir);
  const fresh = await launchContext(freshDir, served.origin, freshDeps);
  try {
    const other = fresh.pages()[0]!;
    await other.goto(`${served.origin}/index.html`);
    await other.getByRole('button', { name: 'Restore from a backup…' }).click();
    const restore = other.getByRole('dialog', { name: 'Restore from a backup' });
    (freshDeps.handoff.dialogs as FakeDialogs).toOpen.push(file);
    await restore.getByRole('button', { name: 'Choose the backup file…' }).click();
    await restore.getByLabel('Recovery key', { exact: true }).fill(recoveryCode);
    await restore.getByRole('button', { name: 'Restore' }).click();
    await expectLocked(other, 60_000);
    await unlockThroughUi(other);
    await go(other, '#/residents');
    for (const alias of PEOPLE) await expect(other.getByRole('main').getByText(alias, { exact: true })).toBeVisible();
  } finally {
    await fresh.close();
    await rm(freshDir, { recursive: true, force: true });
    await rm(keys, { recursive: true, force: true });
  }
});
