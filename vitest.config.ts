import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The functions log each step at INFO; a test asserts on what they stored, and the run's output stays
    // readable. (vf commands default to WARN the same way; --verbose shows the lines.)
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time, whatever the machine: most of a file's time is spent waiting on DynamoDB
    // Local, a child vf process or Chromium, and Vitest's default (one fewer than the CPUs) runs the whole
    // suite one file at a time on a two-core machine.
    maxWorkers: 2,
    // Two projects, each test file in exactly one: `vitest run` runs both, `vitest run --project unit`
    // (npm run test:unit) the unit tests alone, with no DynamoDB Local started.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: ['node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dynamodb-local',
          // The browser tests (test/browser) run here too, on the Chromium that .ci/run installs.
          include: ['test/!(unit)/**/*.test.ts'],
          exclude: ['node_modules/**'],
          // One DynamoDB Local for the whole run; each test file makes its own table (test/support/store.ts).
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
