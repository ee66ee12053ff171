import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extension in Debian's Chromium against the stand-in marketplace.
// One browser at a time (2-core machines), long timeouts for builds and scrolling.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
