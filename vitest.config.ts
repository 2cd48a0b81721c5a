import { defineConfig } from 'vitest/config';

// Unit tests run in plain Node: core, vault (on fake-indexeddb) and main-process modules.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['fake-indexeddb/auto', 'tests/unit/support/property-seed.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
