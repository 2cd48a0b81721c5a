import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // tests/fixtures holds deliberately unsafe code for the security gates to catch.
  { ignores: ['out/**', 'dist/**', 'packages/*/dist/**', 'node_modules/**', 'tests/.tmp/**', 'test-results/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', window: 'readonly', document: 'readonly', globalThis: 'readonly' } },
    rules: {
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Personal data must never reach a console (docs/threat-model.md §18).
    files: ['src/**/*.{ts,tsx}', 'electron/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // The core is pure: no DOM frameworks, no storage, no Electron, no renderer or main imports.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', 'dexie', 'react', 'react-dom', '**/ui/**', '**/vault/**', '**/electron/**', 'node:*'] }],
    },
  },
  {
    // Arrows point into core: the renderer never imports main-process code.
    files: ['src/ui/**/*.{ts,tsx}', 'src/vault/**/*.ts', 'src/main.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['electron', '**/electron/**', 'node:*'] }] },
  },
  {
    // The wall clock is read in one module; everything else is handed a clock, so tests pin the time.
    files: ['src/core/**/*.ts', 'src/vault/**/*.ts', 'electron/main/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/core/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take the time from an injected clock (src/core/clock.ts).' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take the time from an injected clock (src/core/clock.ts).' },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/src/ui/**', '**/src/vault/**'] }] },
  },
  {
    // Small modules, one concept each: a file that outgrows this holds more than one.
    files: ['src/**/*.{ts,tsx}', 'electron/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
);
