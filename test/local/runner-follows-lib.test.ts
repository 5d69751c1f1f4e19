/**
 * The local runner executes what lib/ defines: with the rate-limit Retry of lib/retry-policies.ts cut to a
 * single attempt, the scenario that succeeds in workflow.test.ts (three 429s on the method list) now fails.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { synthesizeLocalAsl } from '../../local/runner.ts';
import { type WorkflowHarness, workflowHarness } from '../support/local-workflow.ts';

vi.mock('../../lib/retry-policies.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/retry-policies.ts')>();
  const rateLimitedRetry = { ...original.rateLimitedRetry, maxAttempts: 1 };
  return {
    ...original,
    rateLimitedRetry,
    TASK_RETRY_POLICIES: original.TASK_RETRY_POLICIES.map((policy) =>
      policy === original.rateLimitedRetry ? rateLimitedRetry : policy,
    ),
  };
});

let harness: WorkflowHarness;
afterEach(async () => {
  await harness?.close();
});

describe('local runner and lib/', () => {
  it('runs the Retry that lib/ synthesizes: one attempt no longer outlasts three 429s', async () => {
    harness = await workflowHarness({
      faults: { rules: [{ kind: '429', times: 3, methods: ['GET'], path: /\/methods$/ }] },
    });

    // Synthesized here, with the Retry cut above: the shared definition is the one of the unchanged lib/.
    const run = await harness.run({}, { asl: synthesizeLocalAsl() });

    const applyZones = run.events.find(
      (e) => e.type === 'StateEntered' && e.state.name === 'ApplyZoneMethods',
    );
    expect(applyZones).toBeDefined();
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('BigCommerceRateLimited');
    expect(run.events.filter((e) => e.type === 'StateRetried')).toHaveLength(1);
  });
});
