/**
 * The reconciliation fan-out over in-memory ports: reconcile-stores lists and queues every registered store,
 * start-reconciliations starts one verify run per store and slot, whatever is retried, redelivered or killed.
 */
import { describe, expect, it } from 'vitest';
import {
  type PlanDeps,
  planReconciliation,
  STORES_PER_MESSAGE,
} from '../../lambdas/operations/reconcile-stores.ts';
import {
  CLAIM_HOLD_SECONDS,
  startBatch,
  startQueuedRuns,
} from '../../lambdas/operations/start-reconciliations.ts';
import { executionNameFor } from '../../lambdas/platform/execution-names.ts';
import type { ExecutionStarterPort } from '../../lambdas/platform/ports.ts';
import type { ExecutionInput } from '../../lambdas/workflow-contract.ts';
import { MemoryReconcileProgress, MemoryReconcileQueue } from '../../local/platform/memory-reconcile.ts';
import { memoryDeps, memoryProfiles } from '../support/memory-deps.ts';

const SLOT = '2026-11-22T03:00:00Z';
const UNUSED_API = 'http://127.0.0.1:9/stores/{storeHash}/v2';

/** `count` stores registered with us-standard (every seventh with an undeployed profile when asked). */
async function fleet(count: number, undeployedEvery = 0) {
  const deps = memoryDeps({ apiUrl: UNUSED_API });
  for (let index = 0; index < count; index++) {
    const undeployed = undeployedEvery > 0 && index % undeployedEvery === 0;
    await deps.stores.registerStore(
      `s${String(index).padStart(5, '0')}`,
      undeployed ? 'retired' : 'us-standard',
    );
  }
  const queue = new MemoryReconcileQueue();
  const progress = new MemoryReconcileProgress();
  const plan: PlanDeps = {
    stores: deps.stores,
    reconcileQueue: queue,
    reconcileProgress: progress,
    profiles: memoryProfiles({ 'us-standard': { name: 'us-standard', zones: [] } }),
  };
  return { deps, queue, progress, plan };
}

/** A starter recording every start; `refuse` decides which attempts are throttled. */
function recordingStarter(refuse: (input: ExecutionInput, attempt: number) => boolean = () => false) {
  const starts: { input: ExecutionInput; name: string }[] = [];
  const attempts = new Map<string, number>();
  const starter: ExecutionStarterPort = {
    async start(input, name) {
      const attempt = (attempts.get(input.storeHash) ?? 0) + 1;
      attempts.set(input.storeHash, attempt);
      if (refuse(input, attempt))
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      starts.push({ input, name });
      return { started: true };
    },
  };
  return { starter, starts };
}

const noWait = { sleep: async () => {}, startsPerSecond: Number.POSITIVE_INFINITY };

describe('reconcile-stores: listing and queueing', () => {
  it('queues every registered store of a deployed profile, page by page, and counts the others', async () => {
    const { queue, plan, progress } = await fleet(250, 7);

    const result = await planReconciliation({ scheduledTime: SLOT }, plan);

    const queued = queue.messages.flatMap((message) => message.stores.map((store) => store.storeHash));
    expect(result).toMatchObject({ queued: 250 - 36, skipped: 36, pages: 3, resumed: false });
    expect(new Set(queued).size).toBe(250 - 36);
    expect(queue.messages.every((message) => message.slot === SLOT)).toBe(true);
    expect(Math.max(...queue.messages.map((message) => message.stores.length))).toBe(STORES_PER_MESSAGE);
    expect(progress.listed(SLOT)).toBe(true);
  });

  it('a listing killed after its first page is resumed from its cursor, not started over', async () => {
    const { queue, plan } = await fleet(250);
    let sends = 0;
    const dying = {
      ...plan,
      reconcileQueue: {
        send: async (batches: Parameters<MemoryReconcileQueue['send']>[0]) => {
          if (++sends === 2) throw new Error('Task timed out');
          await queue.send(batches);
        },
      },
    };
    await expect(planReconciliation({ scheduledTime: SLOT }, dying)).rejects.toThrow('Task timed out');
    const afterFirst = queue.messages.length;

    const retried = await planReconciliation({ scheduledTime: SLOT }, plan);

    expect(retried).toMatchObject({ resumed: true, queued: 150, pages: 2 });
    const queued = queue.messages.flatMap((message) => message.stores.map((store) => store.storeHash));
    expect(afterFirst).toBe(4);
    expect(new Set(queued).size).toBe(250);
    expect(queued).toHaveLength(250);
  });

  it('a second invocation for a slot already listed queues nothing', async () => {
    const { queue, plan } = await fleet(30);
    await planReconciliation({ scheduledTime: SLOT }, plan);
    const again = await planReconciliation({ scheduledTime: SLOT }, plan);
    expect(again).toMatchObject({ queued: 0, pages: 0, resumed: true });
    expect(queue.messages).toHaveLength(2);
  });
});

describe('start-reconciliations: one verify run per store and slot', () => {
  it('starts a verify run of each queued store, named after its input and the slot', async () => {
    const { queue, plan, progress } = await fleet(30);
    await planReconciliation({ scheduledTime: SLOT }, plan);
    const { starter, starts } = recordingStarter();

    for (const batch of queue.receive(10)) {
      await startBatch(
        batch,
        { reconcileProgress: progress, reconcileRuns: starter },
        { owner: 'w1', ...noWait },
      );
    }

    expect(starts).toHaveLength(30);
    const [first] = starts;
    expect(first!.input).toEqual({
      storeHash: 's00000',
      profile: 'us-standard',
      mode: 'verify',
      trigger: { kind: 'schedule', id: SLOT },
    });
    expect(first!.name).toBe(executionNameFor(first!.input, SLOT));
  });

  it('a message delivered twice, or a store queued twice, starts nothing the second time', async () => {
    const { queue, plan, progress } = await fleet(10);
    await planReconciliation({ scheduledTime: SLOT }, plan);
    const [message] = queue.receive(1);
    const { starter, starts } = recordingStarter();
    const deps = { reconcileProgress: progress, reconcileRuns: starter };

    const first = await startBatch(message!, deps, { owner: 'w1', ...noWait });
    const again = await startBatch(message!, deps, { owner: 'w2', ...noWait });

    expect(first).toEqual({ started: 10, alreadyStarted: 0, notStarted: [] });
    expect(again).toEqual({ started: 0, alreadyStarted: 10, notStarted: [] });
    expect(starts).toHaveLength(10);
  });

  it('retries a throttled start with backoff, and hands back a store still throttled so it is not lost', async () => {
    const { queue, plan, progress } = await fleet(3);
    await planReconciliation({ scheduledTime: SLOT }, plan);
    const [message] = queue.receive(1);
    // s00001 is throttled on its first two attempts, s00002 on every attempt of the first delivery.
    let delivery = 1;
    const { starter, starts } = recordingStarter(
      (input, attempt) =>
        (input.storeHash === 's00001' && attempt <= 2) || (input.storeHash === 's00002' && delivery === 1),
    );
    const event = { Records: [{ messageId: 'm1', body: JSON.stringify(message) }] };
    const deps = {
      reconcileProgress: progress,
      reconcileRuns: starter,
      fleetPace: { startsPerSecond: 100, concurrency: 2 },
      invocationId: 'w1',
    };

    const first = await startQueuedRuns(event, deps, { sleep: async () => {}, maxAttempts: 4 });
    delivery = 2;
    const redelivered = await startQueuedRuns(
      event,
      { ...deps, invocationId: 'w2' },
      { sleep: async () => {} },
    );

    expect(first).toMatchObject({ started: 2, notStarted: 1, batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(redelivered).toMatchObject({ started: 1, alreadyStarted: 2, batchItemFailures: [] });
    expect(starts.map((start) => start.input.storeHash).sort()).toEqual(['s00000', 's00001', 's00002']);
  });

  it('leaves a store another worker is starting to that worker, and takes it over once its claim lapses', async () => {
    let now = 1_000;
    const progress = new MemoryReconcileProgress(() => now);
    const { starter, starts } = recordingStarter();
    const batch = { slot: SLOT, stores: [{ storeHash: 's1', profileName: 'us-standard' }] };
    const deps = { reconcileProgress: progress, reconcileRuns: starter };
    // A worker claimed s1 and was killed before starting it.
    expect(await progress.claim('s1', SLOT, 'killed', CLAIM_HOLD_SECONDS)).toBe('claimed');

    const meanwhile = await startBatch(batch, deps, { owner: 'w2', ...noWait });
    now += CLAIM_HOLD_SECONDS + 1;
    const later = await startBatch(batch, deps, { owner: 'w3', ...noWait });

    expect(meanwhile.notStarted).toEqual([{ storeHash: 's1', reason: 'another attempt is starting it' }]);
    expect(later.started).toBe(1);
    expect(starts).toHaveLength(1);
  });

  it('paces its starts at its share of the fleet rate', async () => {
    let now = 0;
    const progress = new MemoryReconcileProgress(() => now / 1000);
    const startedAt: number[] = [];
    const starter: ExecutionStarterPort = {
      async start() {
        startedAt.push(now);
        return { started: true };
      },
    };
    const stores = Array.from({ length: 5 }, (_, index) => ({ storeHash: `s${index}`, profileName: 'p' }));

    await startBatch(
      { slot: SLOT, stores },
      { reconcileProgress: progress, reconcileRuns: starter },
      {
        owner: 'w1',
        startsPerSecond: 10,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      },
    );

    expect(startedAt).toEqual([0, 100, 200, 300, 400]);
  });

  it('a malformed message is handed back, not dropped', async () => {
    const { starter } = recordingStarter();
    const result = await startQueuedRuns(
      { Records: [{ messageId: 'bad', body: '{"slot":1}' }] },
      {
        reconcileProgress: new MemoryReconcileProgress(),
        reconcileRuns: starter,
        fleetPace: { startsPerSecond: 10, concurrency: 2 },
        invocationId: 'w1',
      },
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
  });
});
