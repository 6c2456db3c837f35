import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests (test/browser) run here too, on the Chromium that .ci/run installs.
    exclude: ['node_modules/**'],
    // One DynamoDB Local for the whole run; each test file makes its own table (test/support/store.ts).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
