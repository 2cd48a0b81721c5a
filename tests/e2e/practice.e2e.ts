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
 * Practice mode in real Chromium, with main's real handlers: a real vault with canary names first,
 * then practice in English and (after a reset) in Russian. Every screen shows the banner; nothing of
 * the real vault appears in practice, nor of practice in the real vault; a practice export opens
 * with the partner CLI and says PRACTICE.
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
 * Visits every screen (and the first person's pages): each shows `expectBanner` or no banner, none
 * contains a `forbidden` text. A pointer move on each screen is the user's activity, so the idle lock
 * does not end a long walk. Axe runs on the screens `axeOn` names (every screen took too long on
 * the shared 2-core machine).
 */
async function walk(page: Page, origin: string, expectBanner: string | undefined, forbidden: readonly string[], axeOn: readonly string[] = []) {
  await page.goto(`${origin}/index.html#/residents`);
  const first = page.locator('a.resident-alias').first();
  const personPaths = (await first.count()) > 0 ? [(await first.getAttribute('href'))!.replace(/^#/, '')] : [];
  const person = personPaths[0];
  const paths = [...ROUTES, ...(person ? [person, `${person}/edit`, `${person}/record/arrival`] : [])];
  for (const [i, route] of paths.entries()) {
    await page.goto(`${origin}/index.html#${route}`);
    await page.mouse.move(10 + i, 10);
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
    if (axeOn.includes(route)) expect((await new AxeBuilder({ page }).analyze()).violations, route).toEqual([]);
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

test.describe('practice mode', () => {
  test.setTimeout(900_000);

  test('practice is marked on every screen in both languages, exports only to its partner with the marker, and shares nothing with the real vault', async ({ page: first, served, app, deps }) => {
    const origin = served.origin;
    const dialogs = deps.handoff.dialogs as FakeDialogs;
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

      // Practice in English: its own vault, invented people, the banner everywhere, nothing real.
      await enterPractice(page, 'en');
      expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort())).toEqual(['waystation', 'waystation-practice']);
      const practiceEn = await aliases(page, origin);
      expect(practiceEn.length).toBeGreaterThanOrEqual(8);
      await page.goto(`${origin}/index.html#/`);
      await docScreenshot(page, 'practice-dashboard');
      await walk(page, origin, BANNER.en, realSecrets, ['/', '/handoff']);
      await setLanguage(page, 'ru');
      await walk(page, origin, BANNER.ru, realSecrets, ['/', '/handoff']);
      await setLanguage(page, 'en');

      // The real partner's keys typed into practice: saved, but never offered as an export target.
      await openHandoffs(page);
      await addVerifiedPartner(page, { name: 'Typed Real Org', recipient: outside.recipient });
      await page.getByRole('link', { name: 'Send' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Send a handoff' })).toBeVisible();
      const options = await page.getByRole('combobox', { name: 'Partner', exact: true }).locator('option').allTextContents();
      // The first option is the "choose a partner" prompt.
      expect(options.slice(1)).toEqual(['Practice partner (Northbridge Resettlement)']);

      // A practice export, opened by the practice partner with the CLI: it says PRACTICE.
      await openHandoffs(page);
      await docScreenshot(page, 'practice-partner-key', page.getByTestId('practice-partner-identity'));
      const identity = (await page.getByTestId('practice-partner-identity').textContent())!.trim();
      const org = await saveOrgKeys(page, dialogs);
      await page.getByRole('link', { name: 'Send' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Send a handoff' })).toBeVisible();
      await page.getByRole('combobox', { name: 'Partner', exact: true }).selectOption({ label: 'Practice partner (Northbridge Resettlement)' });
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

      // Leaving practice locks it; reset; practice again in Russian: new, Russian invented people.
      await page.getByRole('button', { name: 'Leave practice' }).click();
      page = await app.afterLock(page);
      await expectLocked(page);
      await expect(page.getByTestId('practice-banner')).toHaveCount(0);
      await page.getByRole('button', { name: 'Reset practice' }).click();
      await page.getByRole('button', { name: 'Yes, reset practice' }).click();
      await expect(page.getByRole('status')).toContainText('Practice was reset.');
      await setLanguage(page, 'ru');
      await enterPractice(page, 'ru');
      const practiceRu = await aliases(page, origin);
      expect(practiceRu.every((alias) => /[А-Яа-яЁё]/.test(alias)), practiceRu.join(', ')).toBe(true);
      await walk(page, origin, BANNER.ru, [...realSecrets, ...practiceEn]);
      await page.getByRole('button', { name: 'Выйти из учебного режима' }).click();
      page = await app.afterLock(page);
      await setLanguage(page, 'en');

      // The real vault again: its own data, nothing of either practice, no banner, its own partners only.
      await unlockThroughUi(page);
      await expectUnlocked(page);
      await walk(page, origin, undefined, [...practiceEn, ...practiceRu, 'Practice partner', 'Учебный партнёр', identity]);
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
