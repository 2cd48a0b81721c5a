import { defineConfig } from 'vitest/config';

/** Files that replace a module with vi.mock: the mock must not meet a copy another file loaded. */
const MOCKING = ['tests/unit/main/files.test.ts'];

// Unit tests run in plain Node: core, vault (on fake-indexeddb) and main-process modules.
// Each worker keeps its loaded modules from file to file (isolate: false): loading libsodium, zod and
// the app's modules once per worker instead of once per file takes about half the suite's CPU time
// away. Every file still starts from its own setup files (a new fast-check seed) and vault names are
// random, so files do not see each other's data; the files that mock modules run isolated.
export default defineConfig({
  test: {
    setupFiles: ['fake-indexeddb/auto', 'tests/unit/support/property-seed.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'shared', include: ['tests/unit/**/*.test.ts'], exclude: MOCKING, isolate: false } },
      { extends: true, test: { name: 'isolated', include: MOCKING, isolate: true } },
    ],
  },
});
