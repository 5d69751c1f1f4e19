import { readdirSync, readFileSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that read the default app, synthesized once per run by test/global-setup.ts: templates, the state
 * machine, local runs of it and the CLI's. Only a run that includes one of them pays for the synthesis.
 */
const SYNTHESIZED_TESTS = [
  'test/lib/**/*.test.ts',
  'test/local/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/e2e/**/*.test.ts',
];
const SYNTHESIZED_FILE = /^test\/(lib|local|cli|e2e)\//;

/**
 * Those of them that replace a module with vi.mock (of lib/, the runner, an operation). They run isolated,
 * each file with fresh modules; the others share their worker's modules, and a mock would leak into them.
 */
const MOCKING_TESTS = [
  'test/local/runner-follows-lib.test.ts',
  'test/cli/cli.test.ts',
  'test/cli/large-store.test.ts',
  'test/cli/unrecorded-end.test.ts',
];

/**
 * Tests that spawn processes (`cdk synth`, `bin/bcship.ts`, the sandbox CLI): slow, and mostly waiting on
 * their children, so they run beside the others rather than after them. Vitest starts projects in the
 * order of their names: `processes`, the longest files, start first.
 */
const PROCESS_TESTS = ['test/processes/**/*.test.ts'];

/**
 * Tests that replace AWS SDK clients' `send` with aws-sdk-client-mock. The mock patches the client classes
 * themselves, so it would reach every later file sharing the worker (the moto-backed adapter tests and the
 * bundled functions included): these run isolated, each file in a process of its own. Found by content, so
 * a new one cannot be forgotten.
 */
const AWS_CLIENT_MOCK_TESTS = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `test/${file}`)
  .filter((file) => readFileSync(file, 'utf8').includes("from 'aws-sdk-client-mock'"));

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
  exclude: configDefaults.exclude,
} as const;

export default defineConfig({
  test: {
    // Vitest's default on two cores is a single worker; a second one fills the time the first spends
    // waiting on timers, sockets and child processes.
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'processes', include: PROCESS_TESTS } },
      {
        test: {
          ...shared,
          name: 'synthesized',
          include: SYNTHESIZED_TESTS,
          exclude: [...shared.exclude, ...MOCKING_TESTS, ...AWS_CLIENT_MOCK_TESTS],
          globalSetup: ['test/global-setup.ts'],
          // Loading aws-cdk-lib and cdk-nag once per worker rather than once per file halves their time.
          isolate: false,
        },
      },
      {
        test: {
          ...shared,
          name: 'synthesized-mocking',
          include: [...MOCKING_TESTS, ...AWS_CLIENT_MOCK_TESTS.filter((file) => SYNTHESIZED_FILE.test(file))],
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...shared.exclude, ...SYNTHESIZED_TESTS, ...PROCESS_TESTS, ...AWS_CLIENT_MOCK_TESTS],
          // Unit tests share a worker's loaded modules too (most of their time otherwise goes to importing
          // the same AWS SDK, Powertools and zod again per file): none of them uses vi.mock, and those that
          // stub the environment reset it.
          isolate: false,
        },
      },
      {
        test: {
          ...shared,
          name: 'unit-mocking',
          include: AWS_CLIENT_MOCK_TESTS.filter((file) => !SYNTHESIZED_FILE.test(file)),
        },
      },
    ],
  },
});
