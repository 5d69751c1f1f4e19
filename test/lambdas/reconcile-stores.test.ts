import { describe, expect, it } from 'vitest';
import { ReconcileIncomplete, startReconciliation } from '../../lambdas/operations/reconcile-stores.ts';
import { executionNameFor } from '../../lambdas/platform/execution-names.ts';
import type { ExecutionStarterPort } from '../../lambdas/platform/ports.ts';
import { type MemoryDeps, memoryDeps } from '../support/memory-deps.ts';

// Reconciliation never talks to BigCommerce itself; the executions it starts do.
const UNUSED_API = 'http://127.0.0.1:9/stores/{storeHash}/v2';
const SLOT = '2026-11-22T03:00:00Z';
const NEXT_SLOT = '2026-11-23T03:00:00Z';

/** The profiles deployed with the stack in these tests. */
const DEPLOYED = ['us-standard', 'flat-rate'];

async function depsWithStores(stores: Record<string, string>): Promise<MemoryDeps> {
  const profiles = Object.fromEntries(DEPLOYED.map((name) => [name, { name, zones: [] }]));
  const deps = memoryDeps({ apiUrl: UNUSED_API, profiles });
  for (const [storeHash, profileName] of Object.entries(stores)) {
    await deps.stores.registerStore(storeHash, profileName);
  }
  return deps;
}

describe('reconcile-stores', () => {
  it('starts one verify execution per registered store, with its profile and the slot as trigger', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard', def456: 'flat-rate' });

    const result = await startReconciliation({ scheduledTime: SLOT }, deps);

    expect(result).toEqual({
      scheduledTime: SLOT,
      mode: 'verify',
      started: ['abc123', 'def456'],
      alreadyStarted: [],
      skipped: [],
      failed: [],
    });
    expect(deps.executions.started.map((execution) => execution.input)).toEqual([
      {
        storeHash: 'abc123',
        profile: 'us-standard',
        mode: 'verify',
        trigger: { kind: 'schedule', id: SLOT },
      },
      { storeHash: 'def456', profile: 'flat-rate', mode: 'verify', trigger: { kind: 'schedule', id: SLOT } },
    ]);
  });

  it('names each execution after its input and the slot', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard' });

    await startReconciliation({ scheduledTime: SLOT }, deps);

    const [execution] = deps.executions.started;
    expect(execution!.name).toBe(executionNameFor(execution!.input, SLOT));
  });

  it('starts nothing on a second invocation for the same slot', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard', def456: 'flat-rate' });
    await startReconciliation({ scheduledTime: SLOT }, deps);

    const retried = await startReconciliation({ scheduledTime: SLOT }, deps);

    expect(retried.started).toEqual([]);
    expect(retried.alreadyStarted).toEqual(['abc123', 'def456']);
    expect(deps.executions.started).toHaveLength(2);
  });

  it('starts a new execution per store in the next slot', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard' });
    await startReconciliation({ scheduledTime: SLOT }, deps);

    const next = await startReconciliation({ scheduledTime: NEXT_SLOT }, deps);

    expect(next.started).toEqual(['abc123']);
    expect(new Set(deps.executions.started.map((execution) => execution.name)).size).toBe(2);
  });

  it('starts apply executions when configured to fix drift', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard' });

    await startReconciliation({ scheduledTime: SLOT, mode: 'apply' }, deps);

    expect(deps.executions.started[0]!.input.mode).toBe('apply');
  });

  it('starts the other stores when one fails to start, then fails naming it', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard', bad999: 'us-standard', def456: 'flat-rate' });
    deps.executions.failing.set(
      'bad999',
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
    );

    const error = await startReconciliation({ scheduledTime: SLOT }, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ReconcileIncomplete);
    expect((error as Error).message).toContain('bad999 (ThrottlingException: Rate exceeded)');
    expect((error as ReconcileIncomplete).result).toMatchObject({
      started: ['abc123', 'def456'],
      failed: [{ storeHash: 'bad999', error: { name: 'ThrottlingException', message: 'Rate exceeded' } }],
    });
    expect(deps.executions.started.map((execution) => execution.input.storeHash)).toEqual([
      'abc123',
      'def456',
    ]);
  });

  it('a retry after a partial failure starts only the store that failed', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard', bad999: 'us-standard' });
    deps.executions.failing.set('bad999', new Error('Rate exceeded'));
    await startReconciliation({ scheduledTime: SLOT }, deps).catch(() => undefined);
    deps.executions.failing.clear();

    const retried = await startReconciliation({ scheduledTime: SLOT }, deps);

    expect(retried.started).toEqual(['bad999']);
    expect(retried.alreadyStarted).toEqual(['abc123']);
  });

  it('keeps at most the given number of starts in flight', async () => {
    const stores = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`store${i}`, 'us-standard']));
    const deps = await depsWithStores(stores);
    let inFlight = 0;
    let mostInFlight = 0;
    const executions: ExecutionStarterPort = {
      async start() {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise<void>((resolve) => setImmediate(resolve));
        inFlight--;
        return { started: true };
      },
    };

    const result = await startReconciliation(
      { scheduledTime: SLOT },
      { stores: deps.stores, executions },
      { concurrency: 3 },
    );

    expect(result.started).toHaveLength(12);
    expect(mostInFlight).toBe(3);
  });

  it('skips a store whose registered profile is no longer deployed, naming the profile', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard', old999: 'retired-profile' });

    const result = await startReconciliation({ scheduledTime: SLOT }, deps);

    expect(result.started).toEqual(['abc123']);
    expect(result.skipped).toEqual([
      {
        storeHash: 'old999',
        reason:
          'profile "retired-profile" is not deployed; apply a deployed profile to the store to reconcile it again',
      },
    ]);
    expect(deps.executions.started.map((execution) => execution.input.storeHash)).toEqual(['abc123']);
  });

  it('starts every registered store when it is not told which profiles are deployed', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard', old999: 'retired-profile' });

    const result = await startReconciliation(
      { scheduledTime: SLOT },
      { stores: deps.stores, executions: deps.executions },
    );

    expect(result.started).toEqual(['abc123', 'old999']);
  });

  it('starts nothing, and succeeds, when no store is registered', async () => {
    const deps = await depsWithStores({});

    const result = await startReconciliation({ scheduledTime: SLOT }, deps);

    expect(result.started).toEqual([]);
    expect(deps.executions.started).toEqual([]);
  });

  it('rejects an event without a schedule time, naming the field', async () => {
    const deps = await depsWithStores({ abc123: 'us-standard' });

    await expect(startReconciliation({} as never, deps)).rejects.toThrow(/scheduledTime: is required/);
    await expect(startReconciliation({ scheduledTime: SLOT, mode: 'plan' as never }, deps)).rejects.toThrow(
      /mode/,
    );
    expect(deps.executions.started).toEqual([]);
  });
});
