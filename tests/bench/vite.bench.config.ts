import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const legacy = resolve(here, 'legacy-dexie');
/** dexie-encrypted lives in its own folder (peer conflict with the app's Dexie 4); without it, a stub says why. */
export const legacyInstalled = existsSync(resolve(legacy, 'node_modules/dexie-encrypted/package.json'));

// The bench page: the real vault code from src/, bundled like the renderer (ES workers, Chrome
// target) but not minified, so CPU profiles name functions. Output out/bench, never shipped.
export default defineConfig({
  root: resolve(here, 'page'),
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  resolve: {
    alias: legacyInstalled ? [] : [{ find: /^\.\.\/legacy-dexie\/baseline\.js$/, replacement: resolve(legacy, 'missing.js') }],
  },
  build: {
    outDir: resolve(here, '../../out/bench'),
    emptyOutDir: true,
    target: 'chrome130',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 10_000,
    rollupOptions: { input: { bench: resolve(here, 'page/bench.html') } },
  },
});
