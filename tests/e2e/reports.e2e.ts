import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type FakeDialogs } from './harness';
import { docScreenshot as screenshot } from './support/screenshots';
import { createVaultThroughUi } from './support/unlock';

/**
 * Dashboard, import, reports and retention in real Chromium: the sample spreadsheet (docs/sample-import.csv) imported through
 * the UI, first with one bad row (refused whole, nothing stored), then fixed; the dashboard's figures
 * for that data as of a past day, checked against values worked out by hand below; the funder report
 * saved through main's (fake) save dialog; the retention list and a confirmed forget. With
 * UPDATE_SCREENSHOTS=1 it also writes the screenshots of docs/operators.md (support/screenshots.ts).
 */

const SAMPLE = path.resolve('docs/sample-import.csv');

/** Collects CSP violations from the first script on, so a blocked chart style or script is caught. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return async () => page.evaluate(() => [...(window as unknown as { __cspViolations: string[] }).__cspViolations]);
}

async function expectAxeClean(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function go(page: Page, origin: string, route: string, heading: string): Promise<void> {
  await page.goto(`${origin}/index.html#${route}`);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** Opens a <details> by its summary unless `content` already shows (a click on an open one would close it). */
async function open(summary: Locator, content: Locator): Promise<void> {
  await expect(async () => {
    if (!(await content.isVisible())) await summary.click();
    await expect(content).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
}

/** The houses the sample refers to, through the houses editor: North (two rooms of beds A and B) and River (three beds). */
async function addSampleHouses(page: Page, origin: string): Promise<void> {
  await go(page, origin, '/houses', 'Houses and beds');
  const rooms = { North: [['Room 1', 2, ['A', 'B']], ['Room 2', 2, ['A', 'B']]], River: [['Main', 3, []]] } as const;
  for (const [alias, roomList] of Object.entries(rooms)) {
    const houseForm = page.getByRole('form', { name: 'Add a house' });
    await houseForm.getByLabel('House alias').fill(alias);
    await houseForm.getByLabel('City').fill('Moscow');
    await houseForm.getByRole('button', { name: 'Add house' }).click();
    const card = page.getByRole('article', { name: new RegExp(`^${alias}`) });
    for (const [name, capacity, labels] of roomList) {
      const roomForm = card.getByRole('form', { name: 'Add a room' });
      await open(card.getByText(`Add a room to ${alias}`), roomForm);
      await roomForm.getByLabel('Room name').fill(name);
      await roomForm.getByLabel('People the room can hold').fill(String(capacity));
      // Lettered beds are added one by one; otherwise the room gets beds 1..capacity.
      if (labels.length > 0) await roomForm.getByLabel('Beds to create').fill('0');
      await roomForm.getByRole('button', { name: 'Add room' }).click();
      await expect(card.getByRole('heading', { name: new RegExp(`^${name}`) })).toBeVisible();
      for (const label of labels) {
        const bedForm = card.locator('details', { hasText: `Add a bed to ${name}` }).getByRole('form', { name: 'Add a bed' });
        await open(card.getByText(`Add a bed to ${name}`), bedForm);
        await bedForm.getByLabel('Bed label').fill(label);
        await bedForm.getByRole('button', { name: 'Add bed' }).click();
        // The form empties once the bed is stored.
        await expect(bedForm.getByLabel('Bed label')).toHaveValue('');
      }
    }
  }
}

/** The partner the sample's resettled rows name, through the partners screen (keys are a fresh age recipient). */
async function addPartner(page: Page, origin: string, name: string): Promise<void> {
  await go(page, origin, '/handoff', 'Partners and keys');
  await page.getByRole('button', { name: 'Add a partner' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Their age recipients (to encrypt bundles for them)').fill(await identityToRecipient(await generateX25519Identity()));
  await page.getByRole('button', { name: 'Save partner' }).click();
  await expect(page.getByRole('heading', { name: `Edit ${name}` })).toBeVisible();
}

/** The cells of a table's row whose header cell is `header`, as shown. */
async function rowCells(table: Locator, header: string | RegExp): Promise<string[]> {
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: header }) });
  return (await row.getByRole('cell').allInnerTexts()).map((s) => s.trim());
}

test.describe('dashboard, import, reports and retention', () => {
  test('empty vault: every screen renders under the CSP, axe-clean in English and Russian', async ({ page, served }) => {
    const cspViolations = await watchCsp(page);
    await createVaultThroughUi(page, served.origin);
    const screens = [
      ['/', 'Dashboard', 'Обзор'],
      ['/reports', 'Reports for funders', 'Отчёты для доноров'],
      ['/import', 'Import from a spreadsheet', 'Импорт из таблицы'],
      ['/retention', 'Retention', 'Хранение данных'],
    ] as const;
    for (const [route, heading] of screens) {
      await go(page, served.origin, route, heading);
      await expectAxeClean(page);
    }
    await page.getByLabel('Language').selectOption('ru');
    for (const [route, , heading] of screens) {
      await go(page, served.origin, route, heading);
      await expectAxeClean(page);
    }
    expect(await cspViolations()).toEqual([]);
  });

  test('sample spreadsheet: a bad row stores nothing, the fixed file stores all; dashboard, funder report and retention on that data', async ({ page, served, deps, profileDir }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1200, height: 800 });
    const cspViolations = await watchCsp(page);
    const dialogs = deps.handoff.dialogs as FakeDialogs;
    await createVaultThroughUi(page, served.origin, 'Ada Admin');
    await addPartner(page, served.origin, 'Rainbow Railroad');
    await addSampleHouses(page, served.origin);

    // --- Import with one bad row: Dima (row 6) leaves on 10 February, before arriving on the 15th.
    const sample = await readFile(SAMPLE, 'utf8');
    const bad = sample.replace('2024-02-15,North,Room 2,,2024-02-28', '2024-02-15,North,Room 2,,2024-02-10');
    expect(bad).not.toBe(sample);
    const badFile = path.join(profileDir, 'people-bad.csv');
    await writeFile(badFile, bad);
    dialogs.toOpen.push(badFile);
    await go(page, served.origin, '/import', 'Import from a spreadsheet');
    await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
    await expect(page.getByText('people-bad.csv: 10 rows, 17 columns.')).toBeVisible();
    // The suggested mapping, editable: every sample column is recognised.
    await expect(page.getByLabel('Alias (required)')).toHaveValue('0');
    await expect(page.getByLabel('Destination country')).toHaveValue('13');
    await expect(page.getByLabel('Legal name')).toHaveValue('1');
    await page.getByLabel('Notes').selectOption({ label: '— not imported —' });
    await expect(page.getByText('Columns that will not be imported: Notes.')).toBeVisible();
    await page.getByLabel('Notes').selectOption({ label: 'Notes' });
    await screenshot(page, 'import-mapping');
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await expect(page.getByRole('alert')).toHaveText('Rows with problems: 1. Problems in all: 1.');
    await expect(page.getByText('Nothing has been stored.')).toBeVisible();
    const problems = page.getByRole('table', { name: 'Rows that break a rule' });
    await expect(problems.getByRole('row')).toHaveCount(2);
    expect(await problems.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).toEqual(['6', 'Departure date', 'The departure date is before the arrival date.']);
    await expectAxeClean(page);
    await screenshot(page, 'import-problems');
    await page.getByLabel('Language').selectOption('ru');
    const problemsRu = page.getByRole('table', { name: 'Строки, нарушающие правила' });
    expect(await problemsRu.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).toEqual(['6', 'Departure date', 'Дата выезда раньше даты заселения.']);
    await expectAxeClean(page);
    await page.getByLabel('Язык').selectOption('en');

    // Nothing was stored: the dashboard shows every house empty and nobody waiting.
    await go(page, served.origin, '/', 'Dashboard');
    const houses = page.getByTestId('houses-table');
    expect(await rowCells(houses, /^North/)).toEqual(['4', '0', '4', '0%', '0', '0']);
    await expect(page.getByTestId('attention-waiting').locator('.count')).toHaveText('0');

    // --- The fixed file (the sample as shipped): every row passes, one write stores it all.
    dialogs.toOpen.push(SAMPLE);
    await go(page, served.origin, '/import', 'Import from a spreadsheet');
    await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await expect(page.getByText('Every row passes: 10 people, 9 of them with a stay, are ready to be stored.')).toBeVisible();
    const planned = page.getByRole('table', { name: 'What will be added' });
    expect(await planned.getByRole('row').filter({ hasText: 'Бахтияр' }).getByRole('cell').allInnerTexts()).toEqual(['Бахтияр', 'North', '01/15/2024', '04/02/2024']);
    expect(await planned.getByRole('row').filter({ hasText: 'Ruslan' }).getByRole('cell').allInnerTexts()).toEqual(['Ruslan', 'waiting for a bed', '', '']);
    await expectAxeClean(page);
    await screenshot(page, 'import-ready');
    await page.getByRole('button', { name: 'Store all 10 people' }).click();
    await expect(page.getByText('Stored 10 people and 9 stays.')).toBeVisible();

    // Residents appear in the residents list.
    await go(page, served.origin, '/residents', 'Residents');
    for (const alias of ['Artyom', 'Бахтияр', 'Ruslan', 'Timur']) await expect(page.getByRole('link', { name: alias })).toBeVisible();

    // --- Dashboard as of Wednesday 13 March 2024 (ISO week 2024-W11), worked out from the sample:
    // North (4 places): Artyom (to 20 Mar), Бахтияр (to 2 Apr), Kostya (since 1 Mar), Timur (since 12 Mar: this week's arrival).
    // River (3 places): Mansur, Zelimkhan; Ilya and Lev left in February.
    await go(page, served.origin, '/', 'Dashboard');
    await page.getByLabel('Show the state as of').fill('2024-03-13');
    await expect(page.getByText('Showing the past')).toBeVisible();
    await expect(houses.locator('caption')).toHaveText('Beds per house on 03/13/2024, and arrivals and departures in week 2024-W11');
    expect(await rowCells(houses, /^North/)).toEqual(['4', '4', '0', '100%', '1', '0']);
    expect(await rowCells(houses, /^River/)).toEqual(['3', '2', '1', '67%', '0', '0']);
    expect(await rowCells(houses, 'All houses')).toEqual(['7', '6', '1', '86%', '1', '0']);
    // Waiting: nobody. Ruslan (housing, no stay) is known from the import on, not in March 2024.
    // High risk in a house: Artyom, Бахтияр, Mansur, Zelimkhan.
    // Open legal or medical need in a house: Artyom (legal), Mansur (legal), Zelimkhan (medical, legal).
    const attention = (group: string) => page.getByTestId(`attention-${group}`).getByRole('link').allInnerTexts();
    expect(await attention('waiting')).toEqual([]);
    expect(await attention('highRisk')).toEqual(['Artyom', 'Mansur', 'Zelimkhan', 'Бахтияр']);
    expect(await attention('urgentNeeds')).toEqual(['Artyom', 'Mansur', 'Zelimkhan']);
    // Stays ended by 13 March: Lev 16 days (20 Jan - 5 Feb), Ilya 19 (1-20 Feb), Dima 13 (15-28 Feb): median 16, 90% <= 19.
    await expect(page.getByTestId('stay-lengths').locator('dd')).toHaveText(['3', '16 days', '19 days']);
    // Occupancy by bed-nights over 7 places, from the first recorded night (Artyom's, 8 January): January
    // 53 nights of 7 x 24 = 32%, 2.2 people a night; February 114 of 203 = 56%; March to the 13th
    // (12 completed nights) 57 of 84 = 68%, 4.75 people a night.
    const occupancyFigure = page.getByRole('figure', { name: 'Occupancy over time: All houses' });
    await occupancyFigure.getByText('Show the numbers as a table').click();
    const occupancy = occupancyFigure.getByRole('table');
    expect(await rowCells(occupancy, '2024-01')).toEqual(['2.2', '7', '32%']);
    expect(await rowCells(occupancy, '2024-02')).toEqual(['3.9', '7', '56%']);
    expect(await rowCells(occupancy, '2024-03')).toEqual(['4.8', '7', '68%']);
    // The chart is drawn (one image to assistive technology, named by the heading).
    await expect(occupancyFigure.getByRole('img', { name: 'Occupancy over time: All houses' }).first().locator('.recharts-line-curve')).toBeVisible();
    // Departures by 13 March: Ilya to Germany (another shelter), Lev to Israel (resettled), Dima home (no country).
    const outcomesFigure = page.getByRole('figure', { name: 'Where people went, by destination country' });
    await outcomesFigure.getByText('Show the numbers as a table').click();
    const outcomes = outcomesFigure.getByRole('table');
    expect(await rowCells(outcomes, 'Germany')).toEqual(['0', '1', '0', '0', '0', '1']);
    expect(await rowCells(outcomes, 'Israel')).toEqual(['1', '0', '0', '0', '0', '1']);
    expect(await rowCells(outcomes, 'Not recorded')).toEqual(['0', '0', '1', '0', '0', '1']);
    await expect(outcomesFigure.locator('.recharts-bar-rectangle')).not.toHaveCount(0);
    await expectAxeClean(page);
    await screenshot(page, 'dashboard');
    await screenshot(page, 'dashboard-charts', occupancyFigure);
    await page.getByLabel('Language').selectOption('ru');
    await expect(page.getByRole('heading', { level: 1, name: 'Обзор' })).toBeVisible();
    await expect(page.getByRole('figure', { name: 'Куда уехали люди, по странам назначения' }).getByRole('rowheader', { name: 'Германия' })).toBeVisible();
    await expectAxeClean(page);
    await page.getByLabel('Язык').selectOption('en');
    await page.getByRole('button', { name: 'Back to today' }).click();

    // --- Funder report, January to April 2024: every count is under 5 ("<5"); bed-nights and rates are
    // shown (January 53 = 32%, as above; April 121 of 210 = 58%). No destination reaches 5 departures, so
    // all are pooled in "other".
    await go(page, served.origin, '/reports', 'Reports for funders');
    await page.getByLabel('From month').fill('2024-01');
    await page.getByLabel('To month').fill('2024-04');
    const report = page.getByTestId('funder-report');
    expect(await rowCells(report, '2024-01')).toEqual(['<5', '<5', '53', '32', '<5']);
    expect(await rowCells(report, '2024-04')).toEqual(['<5', '<5', '121', '58', '<5']);
    await expectAxeClean(page);
    await screenshot(page, 'reports');
    await page.getByLabel('Language').selectOption('ru');
    await expect(report.getByRole('columnheader', { name: 'Койко-ночи' })).toBeVisible();
    await expectAxeClean(page);
    await page.getByLabel('Язык').selectOption('en');
    await page.getByRole('button', { name: 'Save as CSV…' }).click();
    const savedPath = path.join(dialogs.dir, 'report-2024-01-2024-04.csv');
    await expect(page.getByText(`Saved to ${savedPath}.`)).toBeVisible();
    const csv = await readFile(savedPath, 'utf8');
    expect(csv).toBe(
      [
        '"month","arrivals","departures","bed_nights","occupancy_rate_pct","departures_to_other"',
        '"2024-01","<5","<5","53","32","<5"',
        '"2024-02","<5","<5","114","56","<5"',
        '"2024-03","<5","<5","159","73","<5"',
        '"2024-04","<5","<5","121","58","<5"',
        '',
      ].join('\r\n'),
    );
    for (const secret of ['Artyom', 'Бахтияр', 'Ruslan', 'Toronto', 'Rainbow', 'North', 'River']) expect(csv).not.toContain(secret);
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect((await stat(savedPath)).mode & 0o777).toBe(0o600);
    expect(dialogs.texts.at(-1)!.message).toBe('The de-identified funder report for 2024-01 to 2024-04 (4 months).');

    // --- Retention: the default rule (365 days after a departure handed to a partner) makes Artyom and
    // Бахтияр due (left in March and April 2024 with Rainbow Railroad); the others left without a partner.
    await go(page, served.origin, '/retention', 'Retention');
    const due = page.getByRole('table', { name: 'Due to be forgotten' });
    await expect(due.getByRole('row')).toHaveCount(3);
    await expect(due.getByRole('row').nth(1)).toContainText('Artyom');
    await expect(due.getByRole('row').nth(1)).toContainText('Rainbow Railroad');
    await expect(due.getByRole('row').nth(2)).toContainText('Бахтияр');
    await expectAxeClean(page);
    await screenshot(page, 'retention');
    await page.getByRole('button', { name: 'Forget the selected people (2)…' }).click();
    await expect(page.getByText('Forget 2 people for good?')).toBeVisible();
    await expectAxeClean(page);
    await page.getByRole('button', { name: 'Yes, forget them (2)' }).click();
    await expect(page.getByText('Forgotten: 2.')).toBeVisible();
    await expect(page.getByText('Nobody is due under the rule today.')).toBeVisible();
    // Identities are gone; the stays stay, so the figures do not change.
    await go(page, served.origin, '/residents', 'Residents');
    await expect(page.getByRole('link', { name: 'Ruslan' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Artyom' })).toHaveCount(0);
    await go(page, served.origin, '/reports', 'Reports for funders');
    await page.getByLabel('From month').fill('2024-01');
    await page.getByLabel('To month').fill('2024-04');
    expect(await rowCells(report, '2024-04')).toEqual(['<5', '<5', '121', '58', '<5']);

    // The administrator changes the rule: any departure, after 400 days: Ilya, Dima and Lev become due.
    await go(page, served.origin, '/retention', 'Retention');
    await page.getByLabel('Days after departure').fill('400');
    await page.getByLabel('Only when the departure names the partner who took the person over').uncheck();
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await expect(page.getByText('The rule is saved.')).toBeVisible();
    await expect(page.getByText('Identities are forgotten 400 days after a departure.')).toBeVisible();
    await expect(due.getByRole('row')).toHaveCount(4);
    for (const alias of ['Lev', 'Ilya', 'Dima']) await expect(due.getByRole('row').filter({ hasText: alias })).toHaveCount(1);
    await page.getByLabel('Language').selectOption('ru');
    await expect(page.getByRole('heading', { level: 1, name: 'Хранение данных' })).toBeVisible();
    await expectAxeClean(page);

    expect(await cspViolations()).toEqual([]);
  });
});
