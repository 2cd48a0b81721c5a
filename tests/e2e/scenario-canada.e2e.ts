import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type FakeDialogs } from './harness';
import { addHouse, addPerson, addRoom, daysAgo, go, recordArrival, recordDeparture, setAsOf, type BedRef } from './support/operations';
import { createVaultThroughUi } from './support/unlock';

/**
 * The organisation's key figure, however it was typed in: 70 people in three houses in three cities,
 * 32 of them resettled to Canada, most brought in by a spreadsheet (Russian headers, the country as
 * "Канада", "Canada", "canada" or "CA") and a few of each kind through the forms (the country typed
 * the same four ways). The dashboard must say Canada: 32, and the needs must agree whichever way a
 * departure came in: nobody who left waits for a bed, and a past day lists only people known then.
 *
 *                       spreadsheet  forms
 *   resettled to Canada      28        4
 *   other departures          7        1   (3 + 1 returned home, 2 Germany resettled, 2 Germany another shelter)
 *   in residence now         19        1
 *   waiting (no stay)         9        1
 */

const HOUSES = [
  { alias: 'Neva', city: 'Saint Petersburg' },
  { alias: 'Kama', city: 'Perm' },
  { alias: 'Volga', city: 'Kazan' },
] as const;
/** One room per house; the spreadsheet fills beds from 1, the forms use 14 and 15. */
const PLACES = 15;
const CANADA_SPELLINGS = ['Канада', 'Canada', 'canada', 'CA'] as const;

/** The spreadsheet, as a Russian Excel saves it: ";" between cells, dates day first. */
function spreadsheet(): string {
  const ru = (iso: string) => iso.split('-').reverse().join('.');
  const rows: string[][] = [['Псевдоним', 'Потребности', 'Дата прибытия', 'Дом', 'Дата выезда', 'Итог', 'Страна']];
  const house = () => HOUSES[rows.length % 3]!.alias;
  for (let i = 0; i < 28; i++) {
    const outcome = ['переселён', 'resettled', 'переселена'][i % 3]!;
    rows.push([`Canada ${i + 1}`, 'жильё', ru(daysAgo(300 - 4 * i)), house(), ru(daysAgo(270 - 4 * i)), outcome, CANADA_SPELLINGS[i % 4]!]);
  }
  const others = [
    ['вернулся домой', ''],
    ['вернулась домой', ''],
    ['returned-home', ''],
    ['переселён', 'Германия'],
    ['resettled', 'DE'],
    ['другой приют', 'Германия'],
    ['other-shelter', 'Germany'],
  ] as const;
  others.forEach(([outcome, country], j) => rows.push([`Other ${j + 1}`, 'жильё', ru(daysAgo(150 - 4 * j)), house(), ru(daysAgo(130 - 4 * j)), outcome, country]));
  for (let k = 0; k < 19; k++) rows.push([`Resident ${k + 1}`, 'жильё, документы', ru(daysAgo(120 - 5 * k)), house(), '', '', '']);
  for (let w = 0; w < 9; w++) rows.push([`Waiting ${w + 1}`, 'жильё', '', '', '', '', '']);
  return rows.map((r) => r.join(';')).join('\r\n') + '\r\n';
}

async function axeClean(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${screen}`).toEqual([]);
}

/** The cells of a table's row whose header cell is `header`, as shown. */
async function rowCells(table: Locator, header: string): Promise<string[]> {
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: header, exact: true }) });
  return (await row.getByRole('cell').allInnerTexts()).map((s) => s.trim());
}

const bed = (house: string, label: string): BedRef => ({ house, room: 'Main', bed: label });

test('scenario: 70 people, 3 cities, 32 resettled to Canada through forms and import in either language give "Canada: 32"', async ({ page, served, deps, profileDir }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await createVaultThroughUi(page, served.origin);
  for (const house of HOUSES) {
    await addHouse(page, house.alias, house.city);
    await addRoom(page, house.alias, 'Main', PLACES);
  }

  // --- 63 people by the spreadsheet.
  const file = path.join(profileDir, 'люди.csv');
  await writeFile(file, spreadsheet());
  (deps.handoff.dialogs as FakeDialogs).toOpen.push(file);
  await go(page, '#/import');
  await page.getByRole('button', { name: 'Choose a CSV file…' }).click();
  await page.getByRole('button', { name: 'Check the rows' }).click();
  await expect(page.getByText('Every row passes: 63 people, 54 of them with a stay, are ready to be stored.')).toBeVisible();
  await page.getByRole('button', { name: 'Store all 63 people' }).click();
  await expect(page.getByText('Stored 63 people and 54 stays.')).toBeVisible();

  // --- 7 people through the forms: intake (housing need open), arrival, departure.
  const canada: [string, string, BedRef][] = [
    ['Form Канада', 'Канада', bed('Neva', '15')],
    ['Form Canada', 'Canada', bed('Kama', '15')],
    ['Form canada', 'canada', bed('Volga', '15')],
    ['Form CA', 'CA', bed('Neva', '14')],
  ];
  for (const [alias, country, where] of canada) {
    const id = await addPerson(page, alias);
    await recordArrival(page, id, daysAgo(60), where);
    if (country === 'CA') {
      // Typed first in the Russian layout: "СА" looks like "CA" but is refused, the letters named.
      await go(page, `#/residents/${id}/record/departure`);
      await page.getByLabel('Date', { exact: true }).fill(daysAgo(20));
      await page.getByLabel('Outcome').selectOption({ label: 'Resettled' });
      const field = page.getByLabel('Destination country (optional)');
      await field.fill('СА');
      await field.blur();
      await expect(page.locator('.field-error')).toContainText('“С” is the Cyrillic letter U+0421, not the Latin “C”');
      await expect(page.locator('.field-error')).toContainText('Did you mean Canada (CA)?');
      await field.fill('Канада');
      await expect(page.getByText('Recorded as Canada (CA).')).toBeVisible();
      await axeClean(page, 'departure form with a country');
    }
    await recordDeparture(page, id, daysAgo(20), 'Resettled', country);
  }
  const home = await addPerson(page, 'Form home');
  await recordArrival(page, home, daysAgo(50), bed('Kama', '14'));
  await recordDeparture(page, home, daysAgo(15), 'Returned home');
  await recordArrival(page, await addPerson(page, 'Form resident'), daysAgo(25), bed('Volga', '14'));
  const waiting = await addPerson(page, 'Form waiting');

  // --- The dashboard: Canada 32, from both paths and all four spellings.
  await go(page, '#/');
  const outcomesFigure = page.getByRole('figure', { name: 'Where people went, by destination country' });
  await outcomesFigure.getByText('Show the numbers as a table').click();
  const outcomes = outcomesFigure.getByRole('table');
  // Columns: resettled, another shelter, returned home, left without notice, other, all.
  expect(await rowCells(outcomes, 'Canada')).toEqual(['32', '0', '0', '0', '0', '32']);
  expect(await rowCells(outcomes, 'Germany')).toEqual(['2', '2', '0', '0', '0', '4']);
  expect(await rowCells(outcomes, 'Not recorded')).toEqual(['0', '0', '4', '0', '0', '4']);
  // Nobody who left waits, whichever way the departure came in: only the ten without a stay.
  await expect(page.getByTestId('attention-waiting').locator('.count')).toHaveText('10');
  await go(page, '#/residents');
  await expect(page.getByTestId('status-counts')).toHaveText('In residence: 20 · waiting for a bed: 10 · departed: 40 · registered, no stay: 0');

  // A past day uses the needs as they were: 200 days ago nobody without a stay was known yet.
  await setAsOf(page, daysAgo(200));
  await go(page, '#/');
  await expect(page.getByTestId('attention-waiting').locator('.count')).toHaveText('0');
  await setAsOf(page, undefined);

  // A status changed on the person page is a dated change too: housed elsewhere, no longer waiting.
  await go(page, `#/residents/${waiting}`);
  await page.getByLabel('Status of Housing').selectOption({ label: 'Done' });
  await expect(page.locator('li.need-done')).toHaveCount(1);
  await go(page, '#/');
  await expect(page.getByTestId('attention-waiting').locator('.count')).toHaveText('9');

  await page.getByLabel('Language').selectOption('ru');
  const outcomesRu = page.getByRole('figure', { name: 'Куда уехали люди, по странам назначения' });
  await outcomesRu.getByText('Показать числа таблицей').click();
  expect(await rowCells(outcomesRu.getByRole('table'), 'Канада')).toEqual(['32', '0', '0', '0', '0', '32']);
});
