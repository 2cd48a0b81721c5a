import { expect, type Page } from '@playwright/test';
import { e2eNow } from './clock';

/**
 * Focused UI steps for the operations screens, so a scenario of dozens of people reads as a list of
 * events. Each goes through the real forms (labels, buttons, validation), never around them.
 */

const DAY_MS = 86_400_000;

/** The UTC day `n` days before the e2e clock's today, as a date input wants it ("2026-08-01"). */
export function daysAgo(n: number): string {
  return new Date(e2eNow().getTime() - n * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC day `n` days after the e2e clock's today. */
export function daysAhead(n: number): string {
  return daysAgo(-n);
}

/** Navigates inside the app without reloading it (a reload would lock the vault). */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

export async function addHouse(page: Page, alias: string, city: string): Promise<void> {
  await go(page, '#/houses');
  const form = page.getByRole('form', { name: 'Add a house' });
  await form.getByLabel('House alias').fill(alias);
  await form.getByLabel('City').fill(city);
  await form.getByRole('button', { name: 'Add house' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`^${alias} `) })).toBeVisible();
}

/** A room with one bed per place, numbered 1..capacity. */
export async function addRoom(page: Page, houseAlias: string, name: string, capacity: number): Promise<void> {
  await go(page, '#/houses');
  const house = page.getByRole('article', { name: new RegExp(`^${houseAlias} `) });
  // The form stays open after a room is added, ready for the next one.
  if ((await house.locator('details.add-room').getAttribute('open')) === null) await house.getByText(`Add a room to ${houseAlias}`).click();
  const form = house.getByRole('form', { name: 'Add a room' });
  await form.getByLabel('Room name').fill(name);
  await form.getByLabel('People the room can hold').fill(String(capacity));
  await form.getByRole('button', { name: 'Add room' }).click();
  await expect(house.getByRole('heading', { name: new RegExp(`^${name} `) })).toBeVisible();
  await expect(house.locator('.room', { has: page.getByRole('heading', { name: new RegExp(`^${name} `) }) }).locator('li.bed')).toHaveCount(capacity);
}

/** Intake with the defaults (housing need open); returns the new person's id. */
export async function addPerson(page: Page, alias: string): Promise<string> {
  await go(page, '#/residents/new');
  await page.getByLabel('Alias').fill(alias);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: alias })).toBeVisible();
  return /#\/residents\/([^/]+)$/.exec(page.url())![1]!;
}

export interface BedRef {
  house: string;
  room: string;
  bed: string;
}

async function chooseBed(page: Page, houseLabel: string, bedLabel: string, where: BedRef): Promise<void> {
  await page.getByLabel(houseLabel, { exact: true }).selectOption({ label: await houseOption(page, houseLabel, where.house) });
  const select = page.getByLabel(bedLabel, { exact: true });
  const option = select.locator('option').filter({ hasText: new RegExp(`^${where.room} · bed ${where.bed}( |$)`) });
  await select.selectOption((await option.getAttribute('value'))!);
}

async function houseOption(page: Page, label: string, alias: string): Promise<string> {
  const text = await page.getByLabel(label, { exact: true }).locator('option').filter({ hasText: new RegExp(`^${alias} ·`) }).textContent();
  return text!.trim();
}

async function submitAndReturn(page: Page, button: string): Promise<void> {
  await expect(page.locator('.rule-check')).toHaveText('Fits the rules.');
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('heading', { name: 'Stay history' })).toBeVisible();
}

/** `planned`: the day the person is expected to leave, typed into the optional field. */
export async function recordArrival(page: Page, personId: string, day: string, where: BedRef, planned?: string): Promise<void> {
  await go(page, `#/residents/${personId}/record/arrival`);
  await page.getByLabel('Date', { exact: true }).fill(day);
  await chooseBed(page, 'House', 'Bed', where);
  if (planned !== undefined) await page.getByLabel('Planned departure (optional)').fill(planned);
  await submitAndReturn(page, 'Record arrival');
}

export async function recordTransfer(page: Page, personId: string, day: string, where: BedRef, planned?: string): Promise<void> {
  await go(page, `#/residents/${personId}/record/transfer`);
  await page.getByLabel('Date', { exact: true }).fill(day);
  await chooseBed(page, 'To house', 'To bed', where);
  if (planned !== undefined) await page.getByLabel('Planned departure (optional)').fill(planned);
  await submitAndReturn(page, 'Record transfer');
}

export async function recordDeparture(page: Page, personId: string, day: string, outcome: string, country?: string): Promise<void> {
  await go(page, `#/residents/${personId}/record/departure`);
  await page.getByLabel('Date', { exact: true }).fill(day);
  await page.getByLabel('Outcome').selectOption({ label: outcome });
  if (country) await page.getByLabel('Destination country (optional)').fill(country);
  await submitAndReturn(page, 'Record departure');
}

/** Voids the person's movement whose line starts with `line` (e.g. the formatted date). */
export async function recordCorrection(page: Page, personId: string, line: RegExp, reason: string): Promise<void> {
  await go(page, `#/residents/${personId}/record/correction`);
  const select = page.getByLabel('Event to void');
  await select.selectOption((await select.locator('option').filter({ hasText: line }).getAttribute('value'))!);
  await page.getByLabel('Reason').fill(reason);
  await submitAndReturn(page, 'Void this event');
}

/** Picks a past day in the as-of bar, or goes back to today. */
export async function setAsOf(page: Page, day: string | undefined): Promise<void> {
  if (day === undefined) {
    await page.getByRole('button', { name: 'Back to today' }).click();
    await expect(page.getByText('Today, live')).toBeVisible();
    return;
  }
  await page.getByLabel('Show the state as of').fill(day);
  await expect(page.getByText(/^Showing the past/)).toBeVisible();
}
