import { defineConfig } from '@playwright/test';

// Real Electron through Playwright's _electron. Skips, with the reason printed, where no binary exists.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.electron.ts',
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '../.tmp/electron.json' }]],
  outputDir: '../.tmp/electron-results',
});
