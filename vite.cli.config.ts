import { defineConfig } from 'vite';

// The partner CLI as one Node ESM file; dependencies stay external (resolved from node_modules at run time).
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'src/cli/handoff.ts',
    target: 'node20',
    outDir: 'out/cli',
    emptyOutDir: true,
    minify: false,
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'waystation-handoff.mjs' },
    },
  },
  ssr: { target: 'node', external: true },
});
