import { defineConfig } from '@playwright/test';

// Real Debian Chromium (/usr/bin/chromium) against the built renderer; see harness.ts.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  // Every test has its own profile, browser and server (harness.ts), so tests of one file may run on
  // both workers: a long file (lock.e2e.ts) no longer keeps one worker busy after the other is done.
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 240_000,
  reporter: [['list'], ['json', { outputFile: '../.tmp/e2e.json' }]],
  outputDir: '../.tmp/e2e-results',
});
