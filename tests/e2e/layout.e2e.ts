import type { Page } from '@playwright/test';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type FakeDialogs } from './harness';
import { addHouse, addRoom, daysAgo, go } from './support/operations';
import { createVaultThroughUi, expectLocked, lockButton } from './support/unlock';

/**
 * No overflow, on an old laptop's screen: every screen, in English and Russian, at 1024×640 and
 * 1280×720, with a long alias and a long house name in the data and every table shown. A screen
 * fails when the page is wider than the window, when the main menu takes more than one line, or when
 * a heading, table header, menu or tab link, or a text cut with an ellipsis, is cut without its full
 * text available (in a title, an aria-label, or uncut elsewhere on the screen).
 */

const LONG_ALIAS = 'Александра-Мария Константинопольская-Верхнеднепровская';
const LONG_HOUSE = 'Дом у реки на Васильевском острове, второй подъезд';
const PARTNER = 'Rainbow Railroad Canada';
const VIEWPORTS = [
  { width: 1024, height: 640 },
  { width: 1280, height: 720 },
] as const;

/** What a screen shows wrong, one line per problem; empty when it fits. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) problems.push(`the page is ${root.scrollWidth} px wide in a ${window.innerWidth} px window`);

    const links = [...document.querySelectorAll<HTMLElement>('.app-header nav a')];
    const tops = new Set(links.map((a) => a.getBoundingClientRect().top));
    if (tops.size > 1) problems.push(`the main menu takes ${tops.size} lines`);
    const nav = document.querySelector<HTMLElement>('.app-header nav');
    const line = links[0]?.getBoundingClientRect().height ?? 0;
    if (nav && nav.getBoundingClientRect().height > 1.5 * line) problems.push(`the main menu is ${Math.round(nav.getBoundingClientRect().height)} px high for ${Math.round(line)} px links`);
    for (const table of document.querySelectorAll<HTMLElement>('main table')) {
      const box = table.parentElement!;
      if (table.checkVisibility() && table.offsetWidth > box.clientWidth + 1) problems.push(`a table is ${table.offsetWidth} px wide in its ${box.clientWidth} px box: "${(table.querySelector('caption, th')?.textContent ?? '').trim()}"`);
    }

    const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const isCut = (el: HTMLElement) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    const visible = (el: HTMLElement) => el.checkVisibility() && el.getClientRects().length > 0;
    const candidates = new Set<HTMLElement>(document.querySelectorAll<HTMLElement>('th, h1, h2, h3, .app-header nav a, .handoff-tabs a'));
    for (const el of document.querySelectorAll<HTMLElement>('main *')) if (getComputedStyle(el).textOverflow === 'ellipsis') candidates.add(el);
    const uncut = new Set([...document.querySelectorAll<HTMLElement>('main *, header *')].filter((el) => visible(el) && !isCut(el)).map(text));
    for (const el of candidates) {
      if (!visible(el) || !isCut(el)) continue;
      const full = text(el);
      if (full === '') continue;
      const named = [el, el.closest<HTMLElement>('[title]')].some((e) => e?.title.replace(/\s+/g, ' ').includes(full)) || (el.getAttribute('aria-label') ?? '').includes(full);
      if (!named && !uncut.has(full)) problems.push(`<${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replace(/ /g, '.')}` : ''}> "${full}" is cut (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
    }
    return problems;
  });
}

const WORDS = {
  en: { language: 'Language', chooseCsv: 'Choose a CSV file…', check: 'Check the rows', showTable: 'Show the numbers as a table' },
  ru: { language: 'Язык', chooseCsv: 'Выбрать файл CSV…', check: 'Проверить строки', showTable: 'Показать числа таблицей' },
} as const;
type Lang = keyof typeof WORDS;

async function setLanguage(page: Page, lang: Lang): Promise<void> {
  await page.locator('.app-header .language-select select').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Opens a screen inside the app (a reload would lock the vault) and waits for its heading. */
async function open(page: Page, hash: string): Promise<void> {
  await go(page, hash);
  await expect(page.locator('main h1').first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The spreadsheet: the long alias in the long house, people resettled to Canada through the partner, others waiting. */
function spreadsheet(): string {
  const rows = [
    ['Alias', 'Risk', 'Needs', 'Arrival date', 'House', 'Departure date', 'Outcome', 'Destination country', 'Partner'],
    [LONG_ALIAS, 'high', 'housing, legal, medical, documents, language', daysAgo(120), LONG_HOUSE, '', '', '', ''],
    ['Artyom', 'high', 'housing, legal', daysAgo(200), LONG_HOUSE, daysAgo(40), 'resettled', 'Canada', PARTNER],
    ['Бахтияр', 'medium', 'housing', daysAgo(180), 'North', daysAgo(30), 'переселён', 'Канада', PARTNER],
    ['Ilya', 'low', 'housing', daysAgo(150), 'North', daysAgo(20), 'other-shelter', 'DE', ''],
    ['Dima', 'low', 'housing', daysAgo(90), 'North', daysAgo(10), 'returned-home', '', ''],
    ['Kostya', 'medium', 'housing, documents', daysAgo(60), 'North', '', '', '', ''],
    ['Ruslan', 'high', 'housing, medical', '', '', '', '', '', ''],
  ];
  return rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n') + '\n';
}

/** A partner with a key, checked out of band, so the send screen lists people. */
async function addPartner(page: Page): Promise<void> {
  await open(page, '#/handoff');
  await page.getByRole('button', { name: 'Add a partner' }).click();
  await page.getByLabel('Name', { exact: true }).fill(PARTNER);
  await page.getByLabel('Their age recipients (to encrypt bundles for them)').fill(await identityToRecipient(await generateX25519Identity()));
  await page.getByRole('button', { name: 'Save partner' }).click();
  await page.getByLabel(`I compared these with ${PARTNER} over a second channel, and they match.`).check();
  await page.getByRole('button', { name: 'Mark as checked' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
}

/** Every screen, with the steps that show its tables; calls `check` on each. */
async function walk(page: Page, lang: Lang, csv: string, dialogs: FakeDialogs, ids: { inResidence: string; waiting: string }, check: (screen: string) => Promise<void>): Promise<void> {
  const words = WORDS[lang];
  await open(page, '#/');
  // The trends are worked out after the first paint.
  await expect(page.locator('figure.chart details > summary')).toHaveCount(2);
  const closedTables = page.locator('figure.chart details:not([open]) > summary');
  while ((await closedTables.count()) > 0) await closedTables.first().click();
  await expect(page.locator('figure.chart details[open] table')).toHaveCount(2);
  await expect(page.locator('figure.chart details > summary').first()).toHaveText(words.showTable);
  await check('dashboard, numbers as tables');

  for (const [hash, screen] of [
    ['#/residents', 'residents'],
    [`#/residents/${ids.inResidence}`, 'person page'],
    [`#/residents/${ids.inResidence}/edit`, 'person form'],
    ['#/residents/new', 'new person'],
    [`#/residents/${ids.waiting}/record/arrival`, 'arrival form'],
    [`#/residents/${ids.inResidence}/record/transfer`, 'transfer form'],
    [`#/residents/${ids.inResidence}/record/departure`, 'departure form'],
    [`#/residents/${ids.inResidence}/record/correction`, 'correction form'],
    ['#/houses', 'houses'],
  ] as const) {
    await open(page, hash);
    await check(screen);
  }
  // Every "add" form of the houses screen open.
  const closed = page.locator('main details:not([open]) > summary');
  while ((await closed.count()) > 0) await closed.first().click();
  await check('houses, forms open');

  await open(page, '#/import');
  dialogs.toOpen.push(csv);
  await page.getByRole('button', { name: words.chooseCsv }).click();
  await expect(page.locator('main table')).toBeVisible();
  await check('import, columns');
  await page.getByRole('button', { name: words.check }).click();
  await expect(page.locator('main table').first()).toBeVisible();
  await check('import, checked');

  // The last 12 months by default.
  await open(page, '#/reports');
  await expect(page.getByTestId('funder-report')).toBeVisible();
  await check('funder report');

  for (const [hash, screen] of [
    ['#/retention', 'retention'],
    ['#/handoff', 'partners'],
  ] as const) {
    await open(page, hash);
    await check(screen);
  }
  await open(page, '#/handoff/send');
  await page.locator('main select').first().selectOption({ index: 1 });
  await expect(page.locator('main table')).toBeVisible();
  await check('send');

  for (const [hash, screen] of [
    ['#/handoff/receive', 'receive'],
    ['#/admin', 'users'],
    ['#/admin/recovery', 'recovery'],
    ['#/admin/duress', 'duress'],
    ['#/admin/audit', 'audit'],
    ['#/admin/settings', 'settings'],
    ['#/admin/backup', 'backup'],
    ['#/admin/rotate', 'rotate key'],
    ['#/admin/wipe', 'wipe'],
    ['#/about', 'about'],
  ] as const) {
    await open(page, hash);
    await check(screen);
  }
}

test.describe('layout', () => {
  test.use({ actionTimeout: 20_000 });

  test('no screen is wider than the window or cuts a header, in English and Russian, at 1024×640 and 1280×720', async ({ app, page, served, deps, profileDir }) => {
    test.setTimeout(600_000);
    await page.setViewportSize(VIEWPORTS[1]);
    await createVaultThroughUi(page, served.origin);
    await addPartner(page);
    await addHouse(page, LONG_HOUSE, 'Санкт-Петербург');
    await addRoom(page, LONG_HOUSE, 'Комната у окна на втором этаже', 3);
    await addHouse(page, 'North', 'Moscow');
    await addRoom(page, 'North', 'Room 1', 4);

    const dialogs = deps.handoff.dialogs as FakeDialogs;
    const csv = path.join(profileDir, 'people.csv');
    await writeFile(csv, spreadsheet());
    await open(page, '#/import');
    dialogs.toOpen.push(csv);
    await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await page.getByRole('button', { name: 'Store all 7 people' }).click();
    await expect(page.getByText('Stored 7 people and 6 stays.')).toBeVisible();
    const idOf = async (alias: string) => {
      await open(page, '#/residents');
      await page.getByRole('link', { name: alias }).click();
      await expect(page.getByRole('heading', { level: 1, name: alias })).toBeVisible();
      return /#\/residents\/([^/]+)$/.exec(page.url())![1]!;
    };
    const ids = { inResidence: await idOf(LONG_ALIAS), waiting: await idOf('Ruslan') };

    const problems: string[] = [];
    for (const lang of ['en', 'ru'] as const) {
      await setLanguage(page, lang);
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        await walk(page, lang, csv, dialogs, ids, async (screen) => {
          const found = (await layoutProblems(page)).map((problem) => `${lang} ${viewport.width}×${viewport.height} ${screen}: ${problem}`);
          // Printed as found, so one run lists every problem.
          for (const problem of found) console.log(problem);
          problems.push(...found);
        });
      }
    }
    // The locked screen, in both languages and sizes.
    await setLanguage(page, 'en');
    await lockButton(page).click();
    // Main replaces the renderer on every lock: the unlock screen is a new page.
    page = await app.afterLock(page);
    await expectLocked(page);
    for (const lang of ['en', 'ru'] as const) {
      await setLanguage(page, lang);
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        for (const problem of await layoutProblems(page)) problems.push(`${lang} ${viewport.width}×${viewport.height} unlock: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('the empty dashboard links to the next step: houses first, then people', async ({ page, served }) => {
    await createVaultThroughUi(page, served.origin);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await page.getByRole('link', { name: 'Add houses, rooms and beds' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Houses and beds' })).toBeVisible();
    await addHouse(page, 'North', 'Moscow');
    await addRoom(page, 'North', 'Room 1', 2);

    await open(page, '#/');
    await expect(page.getByRole('link', { name: 'Add houses, rooms and beds' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Import from a spreadsheet' })).toHaveAttribute('href', '#/import');
    await page.getByRole('link', { name: 'Add a person' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add a person' })).toBeVisible();
    await page.getByLabel('Alias').fill('Sasha');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sasha' })).toBeVisible();

    // Once someone is recorded, the dashboard stops pointing at the first steps.
    await open(page, '#/');
    await expect(page.getByTestId('houses-table')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Add a person' })).toHaveCount(0);
  });
});
