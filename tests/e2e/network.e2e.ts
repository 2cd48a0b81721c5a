import AxeBuilder from '@axe-core/playwright';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { appWindows, defaultDeps, expect, launchContext, test, type FakeDialogs } from './harness';
import { E2E_START } from './support/clock';
import { addPartner, addVerifiedPartner, importPeople, markChecked, openHandoffs, saveOrgKeys } from './support/handoff';
import { addHouse, addPerson, addRoom, daysAgo, daysAhead, go, recordArrival, recordTransfer } from './support/operations';
import { docScreenshot } from './support/screenshots';
import { createVaultThroughUi } from './support/unlock';

/*
 * The network in real Chromium: two sibling vaults record houses, stays with planned departures and
 * people waiting for a bed, and each exports an availability report through main's real handler; a
 * coordinator vault imports them against the keys it pinned and verified. The figures the Network
 * screen shows are worked out here, by hand, from what the siblings recorded. Each vault has its own
 * Chromium profile and its own main; their page clocks are set, so the reports' ages are known.
 */

const HOUR = 3_600_000;
/** The siblings' clocks when they export (the first report of Kazan; Perm 90 minutes later). */
const EXPORT_AT = E2E_START.getTime() + HOUR;
/** The coordinator's clock when it imports: Kazan's newest report is 3 hours old, Perm's 1½. */
const COORDINATOR_AT = EXPORT_AT + 3 * HOUR + 5 * 60_000;
const SOON_DAYS = 7;

interface Room {
  name: string;
  capacity: number;
}
interface House {
  alias: string;
  city: string;
  rooms: Room[];
}
/** Someone in a bed when the report is made; `leavesIn`: the planned departure, in days from today. */
interface Resident {
  alias: string;
  house: string;
  leavesIn?: number;
}
type Risk = 'high' | 'medium' | 'low';

/** What the report of a sibling must say, computed from what it recorded (no app code). */
function expectedReport(houses: House[], residents: Resident[], waiting: Risk[]) {
  return {
    houses: houses.map((house) => {
      const inService = house.rooms.reduce((sum, room) => sum + room.capacity, 0);
      const here = residents.filter((r) => r.house === house.alias);
      const freeNow = inService - here.length;
      return {
        name: `${house.alias}, ${house.city}`,
        inService,
        used: here.length,
        freeNow,
        freeSoon: freeNow + here.filter((r) => r.leavesIn !== undefined && r.leavesIn <= SOON_DAYS).length,
      };
    }),
    waiting: { high: waiting.filter((r) => r === 'high').length, medium: waiting.filter((r) => r === 'medium').length, low: waiting.filter((r) => r === 'low').length },
  };
}
type Expected = ReturnType<typeof expectedReport>;

interface Vault {
  context: BrowserContext;
  page: Page;
  dialogs: FakeDialogs;
  profile: string;
}

async function openVault(origin: string, name: string): Promise<Vault> {
  const profile = await mkdtemp(path.join(tmpdir(), 'waystation-profile-'));
  const deps = defaultDeps(profile);
  const context = await launchContext(profile, origin, deps);
  const page = appWindows(context).page();
  await createVaultThroughUi(page, origin, name);
  return { context, page, dialogs: deps.handoff.dialogs as FakeDialogs, profile };
}

/** The vault's organisation keys, as files saved from the Handoffs screen, and its fingerprint as shown. */
async function orgKeys(vault: Vault) {
  await openHandoffs(vault.page);
  const files = await saveOrgKeys(vault.page, vault.dialogs);
  return {
    recipient: (await readFile(files.recipientFile, 'utf8')).trim(),
    publicKeyText: await readFile(files.signingKeyFile, 'utf8'),
    fingerprint: (await vault.page.getByTestId('org-fingerprint').textContent())!.replaceAll(' ', ''),
  };
}

/** The id of a person found by alias in the residents list. */
async function personId(page: Page, alias: string): Promise<string> {
  await go(page, '#/residents');
  await page.getByRole('link', { name: alias, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: alias })).toBeVisible();
  return /#\/residents\/([^/]+)$/.exec(page.url())![1]!;
}

async function addHouses(page: Page, houses: House[]) {
  for (const house of houses) {
    await addHouse(page, house.alias, house.city);
    for (const room of house.rooms) await addRoom(page, house.alias, room.name, room.capacity);
  }
}

/** Residents in beds since 20 days ago, and people waiting by risk, through one spreadsheet import. */
async function importResidentsAndWaiting(vault: Vault, origin: string, residents: { alias: string; house: string; room: string }[], waiting: [string, Risk][]) {
  const rows = [
    ...residents.map((r) => `${r.alias},,,,,medium,,${daysAgo(20)},${r.house},${r.room},,,,`),
    ...waiting.map(([alias, risk]) => `${alias},,,,,${risk},housing,,,,,,,`),
  ];
  await importPeople(vault.page, origin, vault.dialogs, rows, residents.length);
}

/** Exports this vault's availability report to the coordinator; returns the file main wrote. */
async function exportReport(vault: Vault, houses: number) {
  await go(vault.page, '#/network');
  await vault.page.getByLabel('Coordinator', { exact: true }).selectOption({ label: 'Coordinator' });
  await vault.page.getByRole('button', { name: 'Export availability report…' }).click();
  await expect(vault.page.getByRole('main').getByRole('status')).toHaveText(`Availability report saved (houses: ${houses}). Send it to the coordinator.`);
  return vault.dialogs.saved.at(-1)!;
}

async function importReport(vault: Vault, file: string) {
  vault.dialogs.toOpen.push(file);
  await vault.page.getByRole('button', { name: 'Import a report…' }).click();
}

/** The Network screen's tables hold exactly these siblings' figures, and their sums. */
async function expectFigures(page: Page, siblings: [string, Expected][]) {
  const houses = page.getByTestId('network-houses');
  const rows = siblings.flatMap(([sibling, report]) => report.houses.map((h) => [sibling, h.name, h.inService, h.used, h.freeNow, h.freeSoon].map(String)));
  await expect(houses.locator('tbody tr')).toHaveCount(rows.length);
  for (const [i, row] of rows.entries()) await expect(houses.locator('tbody tr').nth(i).locator('th, td')).toHaveText(row);
  const all = siblings.flatMap(([, report]) => report.houses);
  const sum = (pick: (h: Expected['houses'][number]) => number) => String(all.reduce((total, h) => total + pick(h), 0));
  await expect(page.getByTestId('network-totals').locator('th, td')).toHaveText(['All houses', sum((h) => h.inService), sum((h) => h.used), sum((h) => h.freeNow), sum((h) => h.freeSoon)]);
  const waiting = page.getByTestId('network-siblings');
  for (const [sibling, report] of siblings) {
    const row = waiting.locator(`tbody tr[data-sibling="${sibling}"]`);
    for (const risk of ['high', 'medium', 'low'] as const) await expect(row.locator(`[data-field="waiting-${risk}"]`)).toHaveText(String(report.waiting[risk]));
  }
  const waitingTotal = siblings.reduce((total, [, r]) => total + r.waiting.high + r.waiting.medium + r.waiting.low, 0);
  await expect(page.getByTestId('network-waiting-total').locator('[data-field="waiting"]')).toHaveText(String(waitingTotal));
}

async function expectAxeClean(page: Page, language: 'en' | 'ru') {
  await page.locator('.app-header .language-select select').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  expect((await new AxeBuilder({ page }).analyze()).violations, language).toEqual([]);
}

// Kazan's houses: Birch (two rooms of two) and Cedar (one room of three).
const KAZAN_HOUSES: House[] = [
  { alias: 'Birch', city: 'Kazan', rooms: [{ name: 'Room 1', capacity: 2 }, { name: 'Room 2', capacity: 2 }] },
  { alias: 'Cedar', city: 'Kazan', rooms: [{ name: 'Room 1', capacity: 3 }] },
];
const PERM_HOUSES: House[] = [{ alias: 'Aspen', city: 'Perm', rooms: [{ name: 'Room A', capacity: 2 }, { name: 'Room B', capacity: 1 }] }];

test('two siblings report free beds and waiting people; the coordinator sees their sums, refuses an older report and an unpinned key', async ({ served }) => {
  test.setTimeout(180_000);
  const origin = served.origin;
  // The three vaults are made side by side (their Argon2id runs in three renderers).
  const opened = await Promise.allSettled([openVault(origin, 'Cora Coordinator'), openVault(origin, 'Kai Kazan'), openVault(origin, 'Pavel Perm')]);
  const vaults = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  try {
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    const [coordinator, kazan, perm] = vaults as [Vault, Vault, Vault];
    const [coordinatorKeys, kazanKeys, permKeys] = [await orgKeys(coordinator), await orgKeys(kazan), await orgKeys(perm)];
    for (const sibling of [kazan, perm]) await addVerifiedPartner(sibling.page, { name: 'Coordinator', recipient: coordinatorKeys.recipient });

    // --- Kazan: four in beds, five waiting (Lena added at intake, medium risk by default). First report.
    await addHouses(kazan.page, KAZAN_HOUSES);
    await importResidentsAndWaiting(
      kazan,
      origin,
      [
        { alias: 'Anya', house: 'Birch', room: 'Room 1' },
        { alias: 'Boris', house: 'Birch', room: 'Room 1' },
        { alias: 'Vera', house: 'Birch', room: 'Room 2' },
        { alias: 'Gleb', house: 'Cedar', room: 'Room 1' },
      ],
      [
        ['Dina', 'high'],
        ['Egor', 'high'],
        ['Fedya', 'medium'],
        ['Galya', 'low'],
      ],
    );
    const lena = await addPerson(kazan.page, 'Lena');
    await kazan.context.clock.setSystemTime(EXPORT_AT);
    const kazanOld = await exportReport(kazan, 2);
    const kazanBefore = expectedReport(
      KAZAN_HOUSES,
      [{ alias: 'Anya', house: 'Birch' }, { alias: 'Boris', house: 'Birch' }, { alias: 'Vera', house: 'Birch' }, { alias: 'Gleb', house: 'Cedar' }],
      ['high', 'high', 'medium', 'medium', 'low'],
    );

    // Lena arrives, planned to leave in 2 days (a day before the arrival is refused first); Vera moves to Cedar, planned in 10.
    await go(kazan.page, `#/residents/${lena}/record/arrival`);
    await kazan.page.getByLabel('Planned departure (optional)').fill(daysAgo(1));
    await kazan.page.getByRole('button', { name: 'Record arrival' }).click();
    await expect(kazan.page.getByText('The planned departure cannot be before the date of this movement.')).toBeVisible();
    await recordArrival(kazan.page, lena, daysAgo(0), { house: 'Cedar', room: 'Room 1', bed: '2' }, daysAhead(2));
    const [year, month, day] = daysAhead(2).split('-');
    await expect(kazan.page.getByTestId('person-planned')).toHaveText(`Planned departure: ${month}/${day}/${year}.`);
    // A transfer form starts from the stay's plan.
    await go(kazan.page, `#/residents/${lena}/record/transfer`);
    await expect(kazan.page.getByLabel('Planned departure (optional)')).toHaveValue(`${month}/${day}/${year}`);
    await recordTransfer(kazan.page, await personId(kazan.page, 'Vera'), daysAgo(0), { house: 'Cedar', room: 'Room 1', bed: '3' }, daysAhead(10));
    const kazanNew = await exportReport(kazan, 2);
    const kazanAfter = expectedReport(
      KAZAN_HOUSES,
      [{ alias: 'Anya', house: 'Birch' }, { alias: 'Boris', house: 'Birch' }, { alias: 'Gleb', house: 'Cedar' }, { alias: 'Lena', house: 'Cedar', leavesIn: 2 }, { alias: 'Vera', house: 'Cedar', leavesIn: 10 }],
      ['high', 'high', 'medium', 'low'],
    );

    // --- Perm: two in beds, Masha arrives planned to leave in 6 days; two wait.
    await addHouses(perm.page, PERM_HOUSES);
    await importResidentsAndWaiting(
      perm,
      origin,
      [
        { alias: 'Ivan', house: 'Aspen', room: 'Room A' },
        { alias: 'Kira', house: 'Aspen', room: 'Room A' },
      ],
      [
        ['Lyosha', 'high'],
        ['Nina', 'low'],
      ],
    );
    const masha = await addPerson(perm.page, 'Masha');
    await recordArrival(perm.page, masha, daysAgo(0), { house: 'Aspen', room: 'Room B', bed: '1' }, daysAhead(6));
    await perm.context.clock.setSystemTime(EXPORT_AT + 1.5 * HOUR);
    const permReport = await exportReport(perm, 1);
    const permExpected = expectedReport(PERM_HOUSES, [{ alias: 'Ivan', house: 'Aspen' }, { alias: 'Kira', house: 'Aspen' }, { alias: 'Masha', house: 'Aspen', leavesIn: 6 }], ['high', 'low']);

    // --- The coordinator, three hours on.
    const page = coordinator.page;
    await coordinator.context.clock.setSystemTime(COORDINATOR_AT);
    await go(page, '#/network');
    await expect(page.getByRole('heading', { level: 1, name: 'Network' })).toBeVisible();
    const alert = page.getByRole('main').getByRole('alert');
    const status = page.getByRole('main').getByRole('status');
    const none = page.getByText('No reports imported yet.', { exact: false });

    // Perm's key is not pinned at all, then pinned but not checked out of band: refused both times, nothing stored.
    await importReport(coordinator, permReport);
    await expect(alert).toContainText('Refused: it is signed by a key we have not pinned and verified for any sibling. Nothing was stored.');
    await expect(none).toBeVisible();
    await openHandoffs(page);
    await addVerifiedPartner(page, { name: 'Kazan team', ...kazanKeys });
    await addPartner(page, { name: 'Perm team', recipient: permKeys.recipient, publicKeyText: permKeys.publicKeyText });
    await page.getByRole('button', { name: 'Close' }).click();
    await go(page, '#/network');
    await importReport(coordinator, permReport);
    await expect(alert).toContainText('Refused: it is signed by a key we have not pinned and verified for any sibling.');
    await expect(none).toBeVisible();

    // Kazan's newest report; then Perm's, once its key is checked.
    await importReport(coordinator, kazanNew);
    await expect(status).toHaveText('Report from Kazan team imported (houses: 2).');
    await openHandoffs(page);
    await page.getByRole('button', { name: 'Edit Perm team' }).click();
    await markChecked(page, { name: 'Perm team', fingerprint: permKeys.fingerprint });
    await go(page, '#/network');
    await importReport(coordinator, permReport);
    await expect(status).toHaveText('Report from Perm team imported (houses: 1).');
    await expectFigures(page, [
      ['Kazan team', kazanAfter],
      ['Perm team', permExpected],
    ]);
    await expect(page.locator('tr[data-sibling="Kazan team"]')).toContainText('3 hours ago');
    await expect(page.locator('tr[data-sibling="Perm team"]')).toContainText('1 hour ago');
    await expect(page.locator('tr[data-stale="true"]')).toHaveCount(0);
    await docScreenshot(page, 'network', page.getByTestId('network-siblings'));
    // The message follows a change of language.
    await page.locator('.app-header .language-select select').selectOption('ru');
    await expect(status).toHaveText('Отчёт от «Perm team» (1 дом.) загружен.');
    await page.locator('.app-header .language-select select').selectOption('en');
    await expect(status).toHaveText('Report from Perm team imported (houses: 1).');

    // Kazan's older report, and the newest again: refused, said so, and the figures stay.
    expect(kazanBefore).not.toEqual(kazanAfter);
    for (const file of [kazanOld, kazanNew]) {
      await importReport(coordinator, file);
      await expect(alert).toHaveText('Refused: a report from this sibling at least as new is already here. Nothing changed.');
      await expectFigures(page, [
        ['Kazan team', kazanAfter],
        ['Perm team', permExpected],
      ]);
    }

    await page.getByRole('main').getByRole('button', { name: 'Import a report…' }).focus();
    await expectAxeClean(page, 'ru');
    await expectAxeClean(page, 'en');

    // An administrator makes reports stale after 2 hours: Kazan's (3 hours old) is marked, Perm's not.
    await page.getByLabel('Hours before a report is stale').fill('2');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('A report older than 2 hours is marked stale.')).toBeVisible();
    await expect(page.locator('tr[data-sibling="Kazan team"]')).toHaveAttribute('data-stale', 'true');
    await expect(page.locator('tr[data-sibling="Kazan team"]')).toContainText('Stale');
    await expect(page.locator('tr[data-sibling="Perm team"]')).toHaveAttribute('data-stale', 'false');
  } finally {
    for (const vault of vaults) {
      await vault.context.close();
      await rm(vault.profile, { recursive: true, force: true });
    }
  }
});
