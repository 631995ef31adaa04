import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The real-NocoBase run is opt-in: npm run test:nocobase.
    exclude: [...configDefaults.exclude, 'test/nocobase/**'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/worker-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Only bounds a failure: two cores shared by servers, tmux sessions and two workers are slow, not wrong.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: more workers only fight over them while the database servers need CPU too.
    maxWorkers: 2,
  },
});
