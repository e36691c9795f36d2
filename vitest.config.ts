import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One throwaway PostgreSQL cluster for the run (skipped, with one line per suite, where none can be had).
    globalSetup: ['test/setup/postgres.ts'],
    // Real servers, real files and a real browser: give them time, and keep the
    // two cores of a CI machine from being oversubscribed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
