import { defineConfig } from 'vitest/config';

// `npm run test:nocobase`: the opt-in run against a real NocoBase (installed once, cached).
export default defineConfig({
  test: {
    include: ['test/nocobase/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 30 * 60_000,
    fileParallelism: false,
  },
});
