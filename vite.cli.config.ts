import { defineConfig } from 'vite';

// The partner CLI as one self-contained Node ESM file inside its own npm package, packages/waystation-handoff
// (docs/partners.md): every dependency is bundled, so the package has none and installs offline; only Node's
// built-in modules stay external. The bundled packages' licences go beside it, as their licences require.
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'src/cli/handoff.ts',
    target: 'node20',
    outDir: 'packages/waystation-handoff/dist',
    emptyOutDir: true,
    minify: false,
    license: { fileName: 'THIRD-PARTY-LICENSES.md' },
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'waystation-handoff.mjs' },
    },
  },
  ssr: { target: 'node', noExternal: true },
});
