import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, launchContext, test as base } from './harness';
import { addHouse, addPerson, addRoom, go } from './support/operations';
import { createVaultThroughUi } from './support/unlock';

/**
 * Local time end to end: the laptop is in Moscow (UTC+3) and its clock shows 00:30 on Tuesday
 * 24 November 2026, which is still Monday 23rd in UTC. In the Russian UI, "today" is the 24th, an
 * arrival recorded for today gets the 24th, and every date reads dd.mm.yyyy.
 */
const test = base.extend({
  context: async ({ served, profileDir, deps }, use) => {
    const context = await launchContext(profileDir, served.origin, deps, { timezoneId: 'Europe/Moscow' });
    await use(context);
    await context.close();
  },
});

/** 00:30 in Moscow on 24 November 2026. */
const MOSCOW_0030 = new Date('2026-11-23T21:30:00Z');

async function expectAxeClean(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('at 00:30 in Moscow a "today" arrival gets the Moscow date, shown as dd.mm.yyyy in Russian', async ({ page, served }) => {
  // The clock stands still (timers still run), so the whole test happens at 00:30.
  await page.clock.setFixedTime(MOSCOW_0030);
  await createVaultThroughUi(page, served.origin);
  await addHouse(page, 'North', 'Moscow');
  await addRoom(page, 'North', 'A', 1);
  const anton = await addPerson(page, 'Anton');
  await page.getByLabel('Language').selectOption('ru');

  // The as-of bar: today is the 24th, the latest day there is.
  const asOf = page.getByRole('textbox', { name: 'Показать состояние на' });
  await expect(asOf).toHaveValue('24.11.2026');

  // The arrival form starts at today, in the language's form.
  await go(page, `#/residents/${anton}/record/arrival`);
  const date = page.getByRole('textbox', { name: 'Дата', exact: true });
  await expect(date).toHaveValue('24.11.2026');
  await expect(page.locator('.rule-check')).toHaveText('Соответствует правилам.');
  await expectAxeClean(page);
  await page.getByRole('button', { name: 'Записать заселение' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Anton' })).toBeVisible();
  await expect(page.getByTestId('person-place')).toContainText('(с 24.11.2026)');
  await expect(page.locator('.timeline-date')).toHaveText(['24.11.2026']);
  await expect(page.locator('.timeline-recorded')).toContainText('24.11.2026, 00:30');

  // Yesterday in Moscow is the past: Anton had not arrived by its end.
  await asOf.fill('23.11.2026');
  await expect(page.getByText('Показано прошлое: положение на конец дня 23.11.2026.')).toBeVisible();
  await expect(page.getByTestId('person-place')).not.toContainText('24.11.2026');
  await asOf.fill('24.11.2026');
  await expect(page.getByText('Показано прошлое')).toHaveCount(0);
  await expect(page.getByTestId('person-place')).toContainText('(с 24.11.2026)');

  // The funder report's months: the Moscow month, written the Russian way.
  await go(page, '#/reports');
  const from = page.getByRole('textbox', { name: 'С месяца' });
  await expect(from).toHaveValue('12.2025');
  await expect(page.getByRole('textbox', { name: /^По / })).toHaveValue('11.2026');
  await from.fill('01.2026');
  await expect(page.getByTestId('funder-report').locator('caption')).toHaveText('Цифры по месяцам, с 01.2026 по 11.2026');
  await expectAxeClean(page);

  // The organisation's zone is a setting: the system's (Moscow) until an admin picks another.
  await go(page, '#/admin/settings');
  const zone = page.getByRole('combobox', { name: 'Часовой пояс организации' });
  await expect(zone).toHaveValue('Europe/Moscow');
  await expectAxeClean(page);
  // In Toronto it is 16:30 on Monday 23rd: today and the arrival's date follow the setting.
  await zone.selectOption('America/Toronto');
  await zone.locator('xpath=ancestor::form').getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Сохранено.')).toBeVisible();
  await expect(asOf).toHaveValue('23.11.2026');
  await go(page, `#/residents/${anton}`);
  await expect(page.locator('.timeline-date')).toHaveText(['23.11.2026']);
  await expect(page.locator('.timeline-recorded')).toContainText('23.11.2026, 16:30');
});
