import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The default app, synthesized once for the whole run; see test/global-setup.ts.
    globalSetup: ['test/global-setup.ts'],
    // Synthesis and local workflow runs are CPU heavy; two cores on CI.
    pool: 'forks',
  },
});
