import { describe, expect, it } from 'vitest';
import { handOffApply } from '../../lambdas/operations/hand-off-apply.ts';
import { runOperation } from '../../lambdas/operations/operation.ts';
import { executionNameFor } from '../../lambdas/platform/execution-names.ts';
import { InvalidInput } from '../../lambdas/shipping/errors.ts';
import { memoryDeps } from '../support/memory-deps.ts';

const SLOT = '2026-11-22T03:00:00Z';
const drifted = (detail: Record<string, unknown> = {}) => ({
  'detail-type': 'bcship.run.drifted',
  detail: {
    storeHash: 'ABC123',
    profileName: 'us-standard',
    mode: 'verify',
    outcome: 'drifted',
    trigger: { kind: 'schedule', id: SLOT },
    executionId: 'bcship-abc123-verify-x',
    ...detail,
  },
});

describe('hand-off-apply', () => {
  it('starts a Standard apply of the drifted store, named after the store and the slot, once', async () => {
    const deps = memoryDeps({ apiUrl: 'http://127.0.0.1:9/unused' });

    const first = await runOperation(handOffApply, drifted(), deps);
    const redelivered = await runOperation(handOffApply, drifted(), deps);

    const input = {
      storeHash: 'abc123',
      profile: 'us-standard',
      mode: 'apply',
      trigger: { kind: 'schedule', id: SLOT },
    } as const;
    expect(deps.executions.started).toEqual([{ name: executionNameFor(input, SLOT), input }]);
    expect(first).toEqual({ storeHash: 'abc123', slot: SLOT, started: true });
    expect(redelivered.started).toBe(false);
  });

  it.each([
    ['an apply run', { mode: 'apply' }, 'detail.mode'],
    ['a run that did not drift', { outcome: 'in-sync' }, 'detail.outcome'],
    ['a run not started by the schedule', { trigger: { kind: 'webhook', id: 'w' } }, 'detail.trigger.kind'],
  ])('refuses %s, naming the field', async (_, detail, field) => {
    const deps = memoryDeps({ apiUrl: 'http://127.0.0.1:9/unused' });
    const error = await runOperation(handOffApply, drifted(detail), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as Error).message).toContain(field);
    expect(deps.executions.started).toEqual([]);
  });
});
