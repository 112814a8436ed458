import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // A leading underscore marks what is unused on purpose (a destructured field left out).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // These four speak for the React Compiler, which this app does not use. The terminal keeps a
      // million-line cache in a ref that render reads on purpose (copying it into state would copy
      // it on every chunk), and effects that read the browser (the URL's #hash, the clock) after
      // hydration set state once: both are what React documents for code without the compiler.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/incompatible-library': 'off',
    },
  },
  // The layers of ARCHITECTURE.md: arrows only go down. Tests may reach across to set things up.
  {
    files: ['core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^@/(?!core/)', message: 'core/ imports nothing of ours but core/.' }] }] },
  },
  {
    files: ['store/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@/(lib|host|server|app|components|client|cli|mcp)/', message: 'store/ is persistence only: it imports core/ and nothing above it.' }] }],
    },
  },
  {
    files: ['app/**', 'server/**', 'lib/**', 'mcp/**', 'cli/**', 'client/**', 'components/**'],
    ignores: ['**/*.test.ts', 'lib/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@/host/(?!daemon/(protocol|socket-path)$)',
              message: 'Sessions are the session host’s children: reach them through server/host.ts, never host/ directly.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**', 'client/**', 'cli/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@/(store|server|host)/', message: 'The browser, the CLI and the client speak the JSON API (client/), never the store or the server.' }] }],
    },
  },
  {
    // Playwright fixtures hand their value on through a callback named `use`: not React's.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // A worker thread's script, loaded by path at run time: CommonJS on purpose.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  globalIgnores(['.next/**', 'node_modules/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'bench/tmp/**', 'e2e/screenshots/**']),
]);
