import AxeBuilder from '@axe-core/playwright';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type FakeDialogs } from './harness';
import { addVerifiedPartner, cli, cliPartner, openHandoffs, saveOrgKeys } from './support/handoff';
import { docScreenshot } from './support/screenshots';
import { createVaultThroughUi, expectLocked, expectUnlocked, lockButton, unlockThroughUi } from './support/unlock';

/*
 * Practice mode in real Chromium, with main's real handlers, one claim per test (each in a fresh
 * profile): every screen shows the banner and accent; Russian practice has its own banner and
 * people; a practice export goes only to the practice partner and opens with the partner CLI
 * marked PRACTICE; nothing of a real vault of canaries appears in practice, nor of practice in it.
 */

const REAL_ADMIN = 'Zoltan Canaryadmin';
const REAL_PARTNER = 'Canarypartner Realorg';
const REAL_HOUSE = 'Canaryhouse';
const REAL_CITY = 'Canarycity';
const BANNER = { en: 'Practice — invented people', ru: 'Учебный режим — выдуманные люди' } as const;

/** Every screen of the unlocked app an admin can reach (src/ui/routes.tsx), but the person pages, walked apart. */
const ROUTES = [
  '/',
  '/residents',
  '/residents/new',
  '/houses',
  '/reports',
  '/import',
  '/retention',
  '/handoff',
  '/handoff/send',
  '/handoff/receive',
  '/admin',
  '/admin/recovery',
  '/admin/duress',
  '/admin/audit',
  '/admin/settings',
  '/admin/backup',
  '/admin/rotate',
  '/admin/wipe',
  '/about',
];

async function setLanguage(page: Page, lang: 'en' | 'ru') {
  await page.locator('.app-header .language-select select').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/**
 * Visits `paths` (default: every screen and the first person's pages): each shows `expectBanner`
 * or no banner, none contains a `forbidden` text; axe runs on the screens `axeOn` names. The page's
 * clock (Playwright's, installed by the harness) is paused for the walk, so the idle lock, a timer
 * of that clock, cannot end a long walk on a slow machine; it runs on again afterwards.
 */
/** Pauses the page's clock a second ahead of its time (pauseAt only moves forward). */
async function pauseClock(page: Page) {
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
}

async function walk(
  page: Page,
  origin: string,
  expectBanner: string | undefined,
  forbidden: readonly string[],
  options: { axeOn?: readonly string[]; paths?: readonly string[] } = {},
) {
  await pauseClock(page);
  try {
    let paths = options.paths;
    if (!paths) {
      await page.goto(`${origin}/index.html#/residents`);
      const first = page.locator('a.resident-alias').first();
      const person = (await first.count()) > 0 ? (await first.getAttribute('href'))!.replace(/^#/, '') : undefined;
      paths = [...ROUTES, ...(person ? [person, `${person}/edit`, `${person}/record/arrival`] : [])];
    }
    for (const route of paths) {
      await page.goto(`${origin}/index.html#${route}`);
      await expect(page.locator('main h1').first(), route).toBeVisible();
      if (expectBanner) {
        await expect(page.getByTestId('practice-banner'), route).toContainText(expectBanner);
        // The banner's accent is the page's: practice looks different everywhere.
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()), route).toBe('#7a2e78');
      } else {
        await expect(page.getByTestId('practice-banner'), route).toHaveCount(0);
      }
      const html = await page.content();
      for (const text of forbidden) expect(html, `${route} shows "${text}"`).not.toContain(text);
      if (options.axeOn?.includes(route)) {
        // Axe waits on the page's timers: the clock runs while it checks.
        await page.clock.resume();
        expect((await new AxeBuilder({ page }).analyze()).violations, route).toEqual([]);
        await pauseClock(page);
      }
    }
  } finally {
    await page.clock.resume();
  }
}

async function enterPractice(page: Page, lang: 'en' | 'ru') {
  await page.getByRole('button', { name: lang === 'en' ? 'Practise with invented people' : 'Потренироваться на выдуманных людях' }).click();
  await expect(page.getByTestId('practice-banner')).toContainText(BANNER[lang], { timeout: 120_000 });
  await expect(page.getByRole('navigation').first()).toBeVisible();
}

/** The aliases on the residents list, as shown. */
async function aliases(page: Page, origin: string): Promise<string[]> {
  await page.goto(`${origin}/index.html#/residents`);
  await expect(page.locator('a.resident-alias').first()).toBeVisible();
  return page.locator('a.resident-alias').allTextContents();
}

/** Practice opened from the first-run screen of a fresh profile, in `lang`. */
async function practiceFromFirstRun(page: Page, origin: string, lang: 'en' | 'ru') {
  await page.goto(`${origin}/index.html`);
  await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible();
  if (lang === 'ru') await setLanguage(page, 'ru');
  await enterPractice(page, lang);
}

const PRACTICE_PARTNER = 'Practice partner (Northbridge Resettlement)';

test.describe('practice mode', () => {
  test('English practice shows the banner and its accent on every screen, and axe finds nothing on its dashboard and Handoffs', async ({ page, served }) => {
    const origin = served.origin;
    await practiceFromFirstRun(page, origin, 'en');
    await docScreenshot(page, 'practice-dashboard');
    await walk(page, origin, BANNER.en, [], { axeOn: ['/', '/handoff'] });
  });

  test('after a reset, practice in Russian has its own banner and new, Russian invented people', async ({ page: first, served, app }) => {
    const origin = served.origin;
    await practiceFromFirstRun(first, origin, 'en');
    const practiceEn = await aliases(first, origin);
    expect(practiceEn.length).toBeGreaterThanOrEqual(8);

    // Leaving practice is a lock, back to the real vault's own screen (first run here); then reset.
    await first.getByRole('button', { name: 'Leave practice' }).click();
    const page = await app.afterLock(first);
    await expect(page.getByRole('heading', { name: 'Create the vault' })).toBeVisible();
    await expect(page.getByTestId('practice-banner')).toHaveCount(0);
    await page.getByRole('button', { name: 'Reset practice' }).click();
    await page.getByRole('button', { name: 'Yes, reset practice' }).click();
    await expect(page.getByRole('status')).toContainText('Practice was reset.');
    await setLanguage(page, 'ru');
    await enterPractice(page, 'ru');
    const practiceRu = await aliases(page, origin);
    expect(practiceRu.every((alias) => /[А-Яа-яЁё]/.test(alias)), practiceRu.join(', ')).toBe(true);
    await walk(page, origin, BANNER.ru, practiceEn, { paths: ['/', '/residents', '/houses', '/handoff', '/admin/settings'], axeOn: ['/', '/handoff'] });
  });

  test('practice exports only to the practice partner, and the partner CLI opens the bundle marked PRACTICE', async ({ page, served, deps }) => {
    const origin = served.origin;
    const dialogs = deps.handoff.dialogs as FakeDialogs;
    const outside = await cliPartner('realorg');
    try {
      await practiceFromFirstRun(page, origin, 'en');
      // A real partner's keys typed into practice: saved, but never offered as an export target.
      await openHandoffs(page);
      await addVerifiedPartner(page, { name: 'Typed Real Org', recipient: outside.recipient });
      await page.getByRole('link', { name: 'Send' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Send a handoff' })).toBeVisible();
      const options = await page.getByRole('combobox', { name: 'Partner', exact: true }).locator('option').allTextContents();
      // The first option is the "choose a partner" prompt.
      expect(options.slice(1)).toEqual([PRACTICE_PARTNER]);

      await openHandoffs(page);
      await docScreenshot(page, 'practice-partner-key', page.getByTestId('practice-partner-identity'));
      const identity = (await page.getByTestId('practice-partner-identity').textContent())!.trim();
      const org = await saveOrgKeys(page, dialogs);
      await page.getByRole('link', { name: 'Send' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Send a handoff' })).toBeVisible();
      await page.getByRole('combobox', { name: 'Partner', exact: true }).selectOption({ label: PRACTICE_PARTNER });
      await page.getByRole('checkbox', { name: /^Send / }).and(page.locator(':enabled')).first().check();
      await page.getByLabel('Our name as the partner knows it').fill('Practice shelter');
      await page.getByRole('button', { name: 'Preview what will leave' }).click();
      await expect(page.getByTestId('export-preview')).toBeVisible();
      await page.getByRole('button', { name: 'Sign and save…' }).click();
      await expect(page.getByRole('main').getByRole('status')).toContainText('Saved a bundle (people: 1)');
      const bundle = dialogs.saved.at(-1)!;
      const work = await mkdtemp(path.join(tmpdir(), 'ws-practice-partner-'));
      await writeFile(path.join(work, 'practice.age'), `${identity}\n`, { mode: 0o600 });
      const opened = cli('open', bundle, '--identity', path.join(work, 'practice.age'), '--signer', org.signingKeyFile, '--out', path.join(work, 'out'));
      expect(opened.status, opened.stderr).toBe(0);
      expect(opened.stdout.split('\n')[0]).toMatch(/^PRACTICE BUNDLE: /);
      expect(JSON.parse(await readFile(path.join(work, 'out', 'manifest.json'), 'utf8'))).toMatchObject({ practice: true, sender: { name: 'Practice shelter' } });
      // The real partner cannot open it: it was encrypted to the practice partner only.
      expect(cli('verify', bundle, '--identity', outside.identity, '--signer', org.signingKeyFile).status).not.toBe(0);
    } finally {
      await outside.cleanup();
    }
  });

  test('practice shows nothing of a real vault of canaries, and the real vault nothing of practice', async ({ page: first, served, app }) => {
    const origin = served.origin;
    const outside = await cliPartner('realorg');
    try {
      // The real vault, with canaries: its admin, a house, a verified partner, and its own keys.
      await createVaultThroughUi(first, origin, REAL_ADMIN);
      await first.goto(`${origin}/index.html#/houses`);
      const houseForm = first.getByRole('form', { name: 'Add a house' });
      await houseForm.getByLabel('House alias').fill(REAL_HOUSE);
      await houseForm.getByLabel('City').fill(REAL_CITY);
      await houseForm.getByRole('button', { name: 'Add house' }).click();
      await expect(first.getByRole('article', { name: new RegExp(`^${REAL_HOUSE}`) })).toBeVisible();
      await openHandoffs(first);
      await addVerifiedPartner(first, { name: REAL_PARTNER, recipient: outside.recipient });
      const realRecipient = (await first.getByTestId('org-age-recipient').textContent())!.trim();
      const realFingerprint = (await first.getByTestId('org-fingerprint').textContent())!.trim();
      const realSecrets = [REAL_ADMIN, REAL_PARTNER, REAL_HOUSE, REAL_CITY, realRecipient, realFingerprint, outside.recipient];

      await lockButton(first).click();
      let page = await app.afterLock(first);
      await expectLocked(page);
      await expect(page.getByRole('button', { name: 'Practise with invented people' })).toBeVisible();
      await docScreenshot(page, 'practice-entry', page.locator('.practice-entry'));

      // Practice: a database of its own, invented people, the banner everywhere, nothing real.
      await enterPractice(page, 'en');
      expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort())).toEqual(['waystation', 'waystation-practice']);
      const practice = await aliases(page, origin);
      expect(practice.length).toBeGreaterThanOrEqual(8);
      await openHandoffs(page);
      const identity = (await page.getByTestId('practice-partner-identity').textContent())!.trim();
      await walk(page, origin, BANNER.en, realSecrets);

      // The real vault again: its own data, nothing of practice, no banner, its own partners only.
      await page.getByRole('button', { name: 'Leave practice' }).click();
      page = await app.afterLock(page);
      await expectLocked(page);
      await unlockThroughUi(page);
      await expectUnlocked(page);
      await walk(page, origin, undefined, [...practice, 'Practice partner', 'Учебный партнёр', identity]);
      await openHandoffs(page);
      await expect(page.getByRole('row', { name: new RegExp(REAL_PARTNER) })).toBeVisible();
      await expect(page.getByRole('row')).toHaveCount(2);
      await page.goto(`${origin}/index.html#/admin`);
      await expect(page.getByRole('main')).toContainText(REAL_ADMIN);
      await expect(page.getByRole('main')).not.toContainText('Practice admin');
    } finally {
      await outside.cleanup();
    }
  });
});
