import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Outside Next's server bundles the guard module would refuse to load; tests are server code.
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'host/**/*.test.ts', 'store/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts', 'core/**/*.test.ts', 'client/**/*.test.ts', 'server/**/*.test.ts', 'mcp/**/*.test.ts', 'cli/**/*.test.ts', 'components/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['lib/testing/setup.ts'],
    // Each test file gets its own process and so its own SQLite file and child-process registry.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
