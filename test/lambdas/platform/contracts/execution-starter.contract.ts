/**
 * What every ExecutionStarterPort does: an execution is started once under a name; starting again under the
 * name (a retried trigger, with the same input or not) starts nothing and says so.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, test } from 'vitest';
import type { ExecutionStarterPort } from '../../../../lambdas/platform/ports.ts';
import type { ExecutionInput } from '../../../../lambdas/workflow-contract.ts';

/** A starter that has started nothing yet. */
export type ExecutionStarterFactory = () => Promise<ExecutionStarterPort>;

const input: ExecutionInput = {
  storeHash: 'abc123',
  profile: 'us-standard',
  mode: 'verify',
  trigger: { kind: 'schedule', id: '2026-11-22T03:00:00Z' },
};

/** A trigger's retry comes a while after its first attempt; Step Functions tells them apart by time. */
const RETRY_AFTER_MS = 1_200;

export function describeExecutionStarterContract(
  adapterName: string,
  factory: ExecutionStarterFactory,
): void {
  describe(`${adapterName} (ExecutionStarterPort contract)`, () => {
    let starter: ExecutionStarterPort;
    beforeEach(async () => {
      starter = await factory();
    });

    test('an execution started twice under one name starts once', async () => {
      expect(await starter.start(input, 'run-1')).toEqual({ started: true });
      await sleep(RETRY_AFTER_MS);
      expect(await starter.start(input, 'run-1')).toEqual({ started: false });
      expect(await starter.start({ ...input, mode: 'apply' }, 'run-1')).toEqual({ started: false });
    });

    test('executions under different names each start', async () => {
      expect(await starter.start(input, 'run-1')).toEqual({ started: true });
      expect(await starter.start(input, 'run-2')).toEqual({ started: true });
    });
  });
}
