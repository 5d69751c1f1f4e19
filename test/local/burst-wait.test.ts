/**
 * A webhook run carries `notBefore`, the end of its burst window: the synthesized state machine, run locally,
 * must not read the store before then, or a change reported within the window could be missed.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readsAtTimestamp } from '../../lambdas/platform/registry-layout.ts';
import { type WorkflowHarness, workflowHarness } from '../support/local-workflow.ts';

let harness: WorkflowHarness;
beforeAll(async () => {
  harness = await workflowHarness();
});
afterAll(() => harness.close());

test('a run with notBefore reads the store only from then on, and then applies as any other', async () => {
  const notBefore = readsAtTimestamp(Math.ceil(Date.now() / 1000) + 2);
  let resolvedAt: number | undefined;

  const execution = await harness.run(
    { mode: 'apply', trigger: { kind: 'webhook', id: 'msg_1' }, notBefore },
    {
      beforeTask: (state) => {
        if (state === 'ResolveZones') resolvedAt = Date.now();
      },
    },
  );

  expect(execution.status).toBe('SUCCEEDED');
  // ResolveZones is the first state that reads the store.
  expect(resolvedAt).toBeGreaterThanOrEqual(Date.parse(notBefore));
  expect(
    execution.events.some(
      (event) => event.type === 'StateEntered' && event.state.name === 'Wait for the burst',
    ),
  ).toBe(true);
});

test('a run without notBefore does not wait', async () => {
  const execution = await harness.run({ mode: 'plan' });

  expect(execution.status).toBe('SUCCEEDED');
  expect(
    execution.events.some(
      (event) => event.type === 'StateEntered' && event.state.name === 'Wait for the burst',
    ),
  ).toBe(false);
});
