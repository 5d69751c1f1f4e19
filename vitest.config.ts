import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Synthesis and local workflow runs are CPU heavy; two cores on CI.
    pool: 'forks',
  },
});
