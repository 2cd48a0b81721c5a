import type { BrowserContext, Page } from '@playwright/test';
import path from 'node:path';
import { defaultDeps, test } from '../harness';

/**
 * The harness's main has no Electron session to clear on wipe; this fixture clears the browser
 * context's storage for the app's origin, as session.clearStorageData() does in the app. The test
 * says which context and page (`storage.bind`) once it has them.
 */
export const realWipe = test.extend<{ storage: { bind(context: BrowserContext, page: Page, origin: string): void; clear?: () => Promise<void> } }>({
  // eslint-disable-next-line no-empty-pattern
  storage: async ({}, use) => {
    const storage = {
      clear: undefined as (() => Promise<void>) | undefined,
      bind(context: BrowserContext, page: Page, origin: string) {
        storage.clear = async () => {
          const cdp = await context.newCDPSession(page);
          await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
          await cdp.detach();
        };
      },
    };
    await use(storage);
  },
  deps: async ({ profileDir, storage }, use) =>
    use(defaultDeps(profileDir, { wipe: { keyDir: path.join(profileDir, 'keys'), clearStorageData: () => storage.clear!() } })),
});
