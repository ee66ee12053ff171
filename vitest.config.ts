import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/fixtures/**/*.test.ts', 'tests/regressions/**/*.test.ts'],
    // A gitignored scratch module (see .gitignore) must not run with the project's tests.
    exclude: ['**/node_modules/**', 'tests/unit/deadlines/**'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
  },
});
