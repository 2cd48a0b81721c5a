import { defineConfig } from '@playwright/test';

// Real Debian Chromium (/usr/bin/chromium) against the built renderer; see harness.ts.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 240_000,
  reporter: [['list'], ['json', { outputFile: '../.tmp/e2e.json' }]],
  outputDir: '../.tmp/e2e-results',
});
