import type { Page } from '@playwright/test';
import { expect, test, type AppWindows } from './harness';
import { addUserThroughUi, firstUnlock, openAdmin, splitIntoShares, takeOneTime } from './support/admin';
import { CanarySet } from './support/canary';
import { scanRenderers, waitUntilGone } from './support/memory-scan';
import { addPerson, go } from './support/operations';
import { ADMIN_PASSPHRASE, createVaultThroughUi, expectLocked, expectLockedWithoutData, expectUnlocked, lockButton, pressPanic, unlockButton, unlockThroughUi } from './support/unlock';

/*
 * Lock means locked (docs/security.md, "Locking"): from every state that holds a key, every lock
 * trigger ends at the unlock screen of a new renderer, with nothing decrypted in its DOM; and no
 * renderer process alive after a lock holds what was typed before it.
 */

const TRIGGERS = ['Lock button', 'panic shortcut', 'main’s lock signal', 'idle', 'suspend', 'Cancel on “Set a new passphrase”'] as const;
type Trigger = (typeof TRIGGERS)[number];
/** The default idle lock (settings: 5 minutes). */
const IDLE_MS = 5 * 60_000;

/** Pulls one trigger; returns the page main shows after replacing the locked one. */
async function pull(app: AppWindows, page: Page, trigger: Trigger): Promise<Page> {
  const closedIsFine = (error: unknown) => {
    if (!page.isClosed()) throw error;
  };
  switch (trigger) {
    case 'Lock button':
      await lockButton(page).click();
      break;
    case 'Cancel on “Set a new passphrase”':
      await page.getByRole('button', { name: 'Cancel and lock' }).click();
      break;
    case 'panic shortcut':
      await pressPanic(page);
      break;
    case 'main’s lock signal':
      app.power.emit('lock-screen');
      break;
    case 'idle':
      await page.clock.runFor(IDLE_MS + 1000).catch(closedIsFine);
      break;
    case 'suspend':
      app.power.emit('suspend');
      break;
  }
  return app.afterLock(page);
}

const ADMIN = 'Ada Admin';
const canaries = new CanarySet();
const alias = canaries.make(12, 'cyrillic');
const userName = `Oksana ${canaries.make(8)}`;

/** What a state needs from the test: main's windows, and the recovery key shown at first run. */
interface Env {
  app: AppWindows;
  recoveryCode: string;
}

interface State {
  /** Builds what the state needs, starting unlocked as the admin; returns the page main shows then. */
  setup(page: Page, env: Env): Promise<Page>;
  /** From the unlock screen into the state, checking it shows what it shows. */
  enter(page: Page, env: Env): Promise<void>;
  /** Decrypted text that is (or was) on screen, and must not be in the DOM after the lock. */
  secrets: string[];
  /** Shows "Set a new passphrase" (with its Cancel). */
  choosesPassphrase: boolean;
}

async function lockAndFollow(app: AppWindows, page: Page): Promise<Page> {
  await lockButton(page).click();
  return app.afterLock(page);
}

async function expectNewPassphraseScreen(page: Page) {
  await expect(page.getByRole('heading', { name: 'Set a new passphrase' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  // A session that may only choose a passphrase decrypts no identity.
  expect(await page.content()).not.toContain(alias);
}

async function enterWithOneTime(page: Page, oneTime: string) {
  await page.getByLabel('Passphrase', { exact: true }).fill(oneTime);
  await unlockButton(page).click();
  await expectNewPassphraseScreen(page);
  await expect(page.getByText(userName)).toBeVisible();
}

/** Fresh per test: each state keeps what its setup made (shares, one-time passphrase). */
function makeStates(): Record<string, State> {
  let shares: string[] = [];
  let oneTime = '';
  return {
    passphrase: {
      setup: async (page) => page,
      enter: async (page) => {
        await unlockThroughUi(page);
        await go(page, '#/residents');
        await expect(page.getByRole('link', { name: alias })).toBeVisible();
      },
      secrets: [alias, ADMIN],
      choosesPassphrase: false,
    },
    'recovery key': {
      setup: async (page) => page,
      enter: async (page, env) => {
        await page.getByRole('button', { name: 'Use the recovery key' }).click();
        await page.getByLabel('Recovery key', { exact: true }).fill(env.recoveryCode);
        await unlockButton(page).click();
        await expectNewPassphraseScreen(page);
        await expect(page.getByLabel('User')).toContainText(ADMIN);
      },
      secrets: [alias, ADMIN],
      choosesPassphrase: true,
    },
    'key shares': {
      setup: async (page) => {
        shares = await splitIntoShares(page, 3, 2);
        await page.getByLabel('Every one of the 3 shares is printed or written down').check();
        await page.getByRole('button', { name: 'Done' }).click();
        return page;
      },
      enter: async (page) => {
        await page.getByRole('button', { name: 'Use recovery shares' }).click();
        await page.getByLabel('Share 1', { exact: true }).fill(shares[0]!);
        await page.getByLabel('Share 2', { exact: true }).fill(shares[2]!);
        await unlockButton(page).click();
        await expectNewPassphraseScreen(page);
        await expect(page.getByLabel('User')).toContainText(ADMIN);
      },
      secrets: [alias, ADMIN],
      choosesPassphrase: true,
    },
    'one-time passphrase (new user)': {
      setup: async (page) => {
        await openAdmin(page);
        oneTime = await addUserThroughUi(page, userName, 'staff');
        return page;
      },
      enter: async (page) => enterWithOneTime(page, oneTime),
      secrets: [alias, ADMIN, userName],
      choosesPassphrase: true,
    },
    'must-change passphrase (reset by an admin)': {
      setup: async (page, { app }) => {
        await openAdmin(page);
        const first = await addUserThroughUi(page, userName, 'staff');
        page = await lockAndFollow(app, page);
        await firstUnlock(page, first, 'her own long passphrase here');
        page = await lockAndFollow(app, page);
        await unlockThroughUi(page);
        await openAdmin(page);
        await page.getByRole('button', { name: `Reset passphrase ${userName}` }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Reset passphrase' }).click();
        oneTime = await takeOneTime(page);
        return page;
      },
      enter: async (page) => enterWithOneTime(page, oneTime),
      secrets: [alias, ADMIN, userName],
      choosesPassphrase: true,
    },
  };
}

test.describe('lock: every unlocked state × every trigger', () => {
  for (const name of Object.keys(makeStates())) {
    test(`${name}: each trigger ends at the unlock screen of a new renderer, nothing decrypted in it`, async ({ app, page: first, served }) => {
      test.setTimeout(300_000);
      const state = makeStates()[name]!;
      // The harness runs Playwright's clock in every page of the context: the idle timer is run forward, not waited for.
      const recoveryCode = await createVaultThroughUi(first, served.origin, ADMIN, ADMIN_PASSPHRASE);
      const env = { app, recoveryCode };
      await addPerson(first, alias);
      let page = await lockAndFollow(app, await state.setup(first, env));

      for (const trigger of TRIGGERS) {
        if (trigger.startsWith('Cancel') && !state.choosesPassphrase) continue;
        await test.step(trigger, async () => {
          await state.enter(page, env);
          page = await pull(app, page, trigger);
          await expectLockedWithoutData(page, state.secrets);
        });
      }
    });
  }
});

test.describe('lock: renderer memory', () => {
  test('no renderer alive after a lock holds a typed alias or passphrase; before the lock, the scan finds both', async ({ app, page: first, served, profileDir }) => {
    test.setTimeout(300_000);
    const set = new CanarySet();
    const typedAlias = set.make(14, 'cyrillic');
    const passphrase = `${set.make(9)} ${set.make(9)} ${set.make(9)}`;
    await createVaultThroughUi(first, served.origin, ADMIN, passphrase);
    let page = await lockAndFollow(app, first);

    // Typed key by key, as a person would: every keystroke makes strings the page cannot zero.
    await page.getByLabel('Passphrase', { exact: true }).click();
    await page.keyboard.type(passphrase);
    await unlockButton(page).click();
    await expectUnlocked(page, 120_000);
    await go(page, '#/residents/new');
    await page.getByLabel('Alias').click();
    await page.keyboard.type(typedAlias);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: typedAlias })).toBeVisible();

    await collectGarbage(page);
    const before = await scanRenderers(profileDir, [typedAlias, passphrase]);
    expect(before.hits.get(typedAlias), 'control: the scan finds the alias before the lock').toBeGreaterThan(0);
    expect(before.hits.get(passphrase), 'control: the scan finds the passphrase before the lock').toBeGreaterThan(0);

    page = await lockAndFollow(app, page);
    await expectLocked(page);
    const lingering = await waitUntilGone(before.pids, 5000);
    await collectGarbage(page);
    const after = await scanRenderers(profileDir, [typedAlias, passphrase]);
    console.log(
      `memory scan: before the lock ${before.pids.length} renderers, ${(before.bytesScanned / 2 ** 20).toFixed(0)} MiB, alias ×${before.hits.get(typedAlias)}, passphrase ×${before.hits.get(passphrase)}; ` +
        `after ${after.pids.length} renderers (${lingering.length} of the earlier still alive), ${(after.bytesScanned / 2 ** 20).toFixed(0)} MiB, alias ×${after.hits.get(typedAlias)}, passphrase ×${after.hits.get(passphrase)}`,
    );
    expect(after.pids.length, 'a renderer is alive after the lock').toBeGreaterThan(0);
    expect(after.hits.get(typedAlias), 'alias in a renderer after the lock').toBe(0);
    expect(after.hits.get(passphrase), 'passphrase in a renderer after the lock').toBe(0);
  });
});

/** A full garbage collection in the page's renderer (DevTools protocol). */
async function collectGarbage(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
}
