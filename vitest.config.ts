import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that read the default app, synthesized once per run by test/global-setup.ts: templates, the state
 * machine, local runs of it and the CLI's. Only a run that includes one of them pays for the synthesis.
 */
const APP_TESTS = ['test/lib/**/*.test.ts', 'test/local/**/*.test.ts', 'test/cli/**/*.test.ts'];

/**
 * Tests that spawn processes (`cdk synth`, `bin/bcship.ts`, the sandbox CLI): slow, and mostly waiting on
 * their children, so they run beside the others rather than after them.
 */
const PROCESS_TESTS = ['test/processes/**/*.test.ts'];

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
} as const;

export default defineConfig({
  test: {
    // Vitest's default on two cores is a single worker; a second one fills the time the first spends
    // waiting on timers, sockets and child processes.
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'app', include: APP_TESTS, globalSetup: ['test/global-setup.ts'] } },
      { test: { ...shared, name: 'processes', include: PROCESS_TESTS } },
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...APP_TESTS, ...PROCESS_TESTS],
          // Unit tests share a worker's loaded modules (a third of the time otherwise goes to importing the
          // same AWS SDK, Powertools and zod again per file); none of them uses vi.mock, and those that mock
          // AWS clients or stub the environment reset them. The app tests stay isolated: two mock lib/.
          isolate: false,
        },
      },
    ],
  },
});
