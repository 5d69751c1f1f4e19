/**
 * A webhook run carries `notBefore`, the end of its burst window: the synthesized state machine, run locally,
 * must not read the store before then, or a change reported within the window could be missed. Runs without
 * it pay nothing for the wait: no state stands in front of ResolveZones.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readsAtTimestamp } from '../../lambdas/platform/registry-layout.ts';
import type { LocalExecution } from '../../local/runner.ts';
import { type WorkflowHarness, workflowHarness } from '../support/local-workflow.ts';

let harness: WorkflowHarness;
beforeAll(async () => {
  harness = await workflowHarness();
});
afterAll(() => harness.close());

const statesEntered = (execution: LocalExecution): string[] =>
  execution.events.flatMap((event) => (event.type === 'StateEntered' ? [event.state.name] : []));

test('a run with notBefore reads the store only from then on, and then applies as any other', async () => {
  const notBefore = readsAtTimestamp(Math.ceil(Date.now() / 1000) + 3);
  harness.sandbox.clearLog();

  const execution = await harness.run({
    mode: 'apply',
    trigger: { kind: 'webhook', id: 'msg_1' },
    notBefore,
  });

  expect(execution.status).toBe('SUCCEEDED');
  const firstRead = Math.min(...harness.sandbox.requests.map((request) => request.at));
  expect(firstRead).toBeGreaterThanOrEqual(Date.parse(notBefore));
  // ResolveZones handed the run back, Mode? sent it to wait: three states more than a run without notBefore.
  expect(statesEntered(execution).slice(0, 4)).toEqual([
    'ResolveZones',
    'Mode?',
    'Wait for the burst',
    'ResolveZones',
  ]);
});

test('a run without notBefore, or with one already past, does not wait', async () => {
  const past = readsAtTimestamp(Math.floor(Date.now() / 1000) - 60);

  for (const input of [{ mode: 'plan' as const }, { mode: 'plan' as const, notBefore: past }]) {
    const execution = await harness.run(input);

    expect(execution.status).toBe('SUCCEEDED');
    expect(statesEntered(execution)).not.toContain('Wait for the burst');
    expect(statesEntered(execution).filter((name) => name === 'ResolveZones')).toHaveLength(1);
  }
});
