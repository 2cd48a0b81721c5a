import type { Page } from '@playwright/test';
import { appWindows, expect, launchContext, test, type AppWindows } from './harness';
import { addUserThroughUi, firstUnlock, openAdmin } from './support/admin';
import { CanarySet, scanProfile, writeControlCanary } from './support/canary';
import { go } from './support/operations';
import { docScreenshot } from './support/screenshots';
import { ADMIN_PASSPHRASE, createVaultThroughUi, expectLockedWithoutData, lockButton, pressPanic, unlockThroughUi } from './support/unlock';

/*
 * Drafts (docs/security.md, "Drafts"): an idle or suspend lock seals the intake form's unsaved input
 * into the vault and, after the next unlock by the same user, offers it back with every field; the
 * profile holds none of it in clear; the panic lock keeps nothing; another user is offered nothing.
 */

/** The default idle lock (settings: 5 minutes). */
const IDLE_MS = 5 * 60_000;

interface Typed {
  alias: string;
  legalName: string;
  languages: string;
  phone: string;
  birthYear: string;
  notes: string;
  medicalNote: string;
}

function typedCanaries(canaries: CanarySet): Typed {
  return {
    alias: canaries.make(12, 'cyrillic'),
    legalName: canaries.make(14),
    languages: canaries.make(10),
    phone: '+7 915 204 33 81',
    birthYear: '1994',
    notes: canaries.make(16),
    medicalNote: canaries.make(12),
  };
}

const secretsOf = (typed: Typed) => [typed.alias, typed.legalName, typed.languages, typed.notes, typed.medicalNote];

async function typeIntake(page: Page, typed: Typed): Promise<void> {
  await go(page, '#/residents/new');
  await page.getByLabel('Alias').fill(typed.alias);
  await page.getByLabel('Year of birth').fill(typed.birthYear);
  await page.getByLabel('Languages').fill(typed.languages);
  await page.getByLabel('Phone').fill(typed.phone);
  await page.getByLabel(/^Legal name/).fill(typed.legalName);
  await page.getByRole('radio', { name: 'High' }).check();
  await page.getByRole('checkbox', { name: 'Medical' }).check();
  await page.getByLabel('Note on Medical').fill(typed.medicalNote);
  await page.getByLabel(/^Notes/).fill(typed.notes);
}

async function expectIntakeRestored(page: Page, typed: Typed): Promise<void> {
  await expect(page.getByLabel('Alias')).toHaveValue(typed.alias);
  await expect(page.getByLabel('Year of birth')).toHaveValue(typed.birthYear);
  await expect(page.getByLabel('Languages')).toHaveValue(typed.languages);
  await expect(page.getByLabel('Phone')).toHaveValue(typed.phone);
  await expect(page.getByLabel(/^Legal name/)).toHaveValue(typed.legalName);
  await expect(page.getByRole('radio', { name: 'High' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Medical' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Housing' })).toBeChecked();
  await expect(page.getByLabel('Note on Medical')).toHaveValue(typed.medicalNote);
  await expect(page.getByLabel(/^Notes/)).toHaveValue(typed.notes);
}

const offer = (page: Page, alias: string) => page.getByRole('button', { name: `Continue the new person you were recording: ${alias}`, exact: true });
const offers = (page: Page) => page.getByRole('heading', { name: 'Unfinished work from before the lock' });

/** The idle timer runs out (the page's clock is Playwright's). */
async function idle(app: AppWindows, page: Page): Promise<Page> {
  await page.clock.runFor(IDLE_MS + 1000).catch((error: unknown) => {
    if (!page.isClosed()) throw error;
  });
  return app.afterLock(page);
}

test.describe('drafts', () => {
  test('an idle lock seals the intake into the vault: nothing of it at rest; the same user gets every field back', async ({ served, profileDir, deps }) => {
    const canaries = new CanarySet();
    const typed = typedCanaries(canaries);
    const control = canaries.make(16);

    let context = await launchContext(profileDir, served.origin, deps);
    let page = context.pages()[0] ?? (await context.newPage());
    await createVaultThroughUi(page, served.origin);
    await typeIntake(page, typed);
    await writeControlCanary(page, control);
    page = await idle(appWindows(context), page);
    await expectLockedWithoutData(page, secretsOf(typed));
    await context.close();

    const scan = await scanProfile(profileDir, canaries.all);
    expect(scan.found.get(control), 'control canary not found: the scan cannot see plaintext').toBeDefined();
    for (const secret of secretsOf(typed)) expect(scan.found.get(secret), `"${secret}" found at rest`).toBeUndefined();

    context = await launchContext(profileDir, served.origin, deps);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${served.origin}/index.html`);
    await unlockThroughUi(page);
    await expect(offer(page, typed.alias)).toBeVisible();
    await docScreenshot(page, 'drafts-offer');
    await offer(page, typed.alias).click();
    await expectIntakeRestored(page, typed);
    // Taken back: the offer is gone, now and after the next unlock.
    await expect(offers(page)).toHaveCount(0);
    await lockButton(page).click();
    page = await appWindows(context).afterLock(page);
    await unlockThroughUi(page);
    await page.waitForTimeout(1500);
    await expect(offers(page)).toHaveCount(0);
    await context.close();
  });

  test('main’s suspend signal seals the intake; after unlock it is offered and restores every field', async ({ app, page, served }) => {
    const typed = typedCanaries(new CanarySet());
    await createVaultThroughUi(page, served.origin);
    await typeIntake(page, typed);
    app.power.emit('suspend');
    page = await app.afterLock(page);
    await expectLockedWithoutData(page, secretsOf(typed));
    await unlockThroughUi(page);
    await offer(page, typed.alias).click();
    await expect(page).toHaveURL(/#\/residents\/new$/);
    await expectIntakeRestored(page, typed);
  });

  test('the panic lock keeps no draft', async ({ app, page, served }) => {
    const typed = typedCanaries(new CanarySet());
    await createVaultThroughUi(page, served.origin);
    await typeIntake(page, typed);
    await pressPanic(page);
    page = await app.afterLock(page);
    await expectLockedWithoutData(page, secretsOf(typed));
    await unlockThroughUi(page);
    await go(page, '#/');
    // The offer is read right after unlock; give it the time it takes when there is one.
    await page.waitForTimeout(1500);
    await expect(offers(page)).toHaveCount(0);
  });

  test('another user who unlocks is offered nothing; the user who typed it is', async ({ app, page, served }) => {
    const typed = typedCanaries(new CanarySet());
    const own = 'olegs own long passphrase of his';
    await createVaultThroughUi(page, served.origin);
    await openAdmin(page);
    const oneTime = await addUserThroughUi(page, 'Oleg Operator', 'operator');
    await lockButton(page).click();
    page = await app.afterLock(page);
    await firstUnlock(page, oneTime, own);
    await typeIntake(page, typed);
    page = await idle(app, page);

    await unlockThroughUi(page, ADMIN_PASSPHRASE);
    await page.waitForTimeout(1500);
    await expect(offers(page)).toHaveCount(0);
    await lockButton(page).click();
    page = await app.afterLock(page);

    await unlockThroughUi(page, own);
    await offer(page, typed.alias).click();
    await expectIntakeRestored(page, typed);
  });
});
