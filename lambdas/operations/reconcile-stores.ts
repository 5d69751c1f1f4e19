/**
 * Scheduled reconciliation: one Onboard execution per registered store, in mode `verify` (report drift,
 * which Record publishes as `bcship.run.drifted`) or `apply` (fix it).
 *
 * Each execution is named after the store, the input and the schedule slot, so an invocation that is retried
 * (the schedule's retry policy, Lambda's asynchronous retries) starts only what the first attempt did not.
 * One store failing to start does not keep the others from starting; the invocation still fails at the end,
 * naming every store that did not start, so the failure reaches the dead-letter queue and the metrics.
 *
 * A store registered with a profile that is no longer deployed is skipped, with the reason, rather than given
 * an execution that would fail on it every day; applying a deployed profile to it registers it again.
 */
import * as z from 'zod/mini';
import { executionNameFor } from '../platform/execution-names.ts';
import type { ProfileSource, TriggerDeps } from '../platform/ports.ts';
import type { ExecutionInput } from '../workflow-contract.ts';
import { parseInput } from './input.ts';
import { defineOperation } from './operation.ts';

export const RECONCILE_MODES = ['verify', 'apply'] as const;
export type ReconcileMode = (typeof RECONCILE_MODES)[number];

/** What the schedule sends: the time of the slot it fires for, and what to do about drift. */
export const ReconcileEventSchema = z.object({
  scheduledTime: z.iso.datetime({ offset: true }),
  mode: z._default(z.enum(RECONCILE_MODES), 'verify'),
});
export type ReconcileEvent = z.input<typeof ReconcileEventSchema>;

export interface ReconcileFailure {
  storeHash: string;
  error: { name: string; message: string };
}

export interface ReconcileSkip {
  storeHash: string;
  reason: string;
}

export interface ReconcileResult {
  scheduledTime: string;
  mode: ReconcileMode;
  /** Store hashes whose execution this invocation started. */
  started: string[];
  /** Store hashes whose execution for this slot an earlier attempt had started. */
  alreadyStarted: string[];
  /** Stores no execution was started for, and why. */
  skipped: ReconcileSkip[];
  failed: ReconcileFailure[];
}

/**
 * The registry and the starter, and the profiles deployed with the stack, which decide which stores can be
 * reconciled. Without `profiles`, every registered store is started.
 */
export type ReconcileDeps = Pick<TriggerDeps, 'stores' | 'executions'> & { profiles?: ProfileSource };

/** Thrown after every store was tried, when some could not be started. */
export class ReconcileIncomplete extends Error {
  override readonly name = 'ReconcileIncomplete';
  readonly result: ReconcileResult;
  constructor(result: ReconcileResult) {
    const failures = result.failed.map((f) => `${f.storeHash} (${f.error.name}: ${f.error.message})`);
    super(
      `Reconciliation at ${result.scheduledTime} could not start ${failures.length} of ` +
        `${failures.length + result.started.length + result.alreadyStarted.length} stores: ${failures.join('; ')}`,
    );
    this.result = result;
  }
}

export interface ReconcileOptions {
  /** Executions started at the same time; StartExecution is throttled per account, not per store. */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 5;

export async function startReconciliation(
  event: ReconcileEvent,
  deps: ReconcileDeps,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const { scheduledTime, mode } = parseInput(ReconcileEventSchema, event);
  const result: ReconcileResult = {
    scheduledTime,
    mode,
    started: [],
    alreadyStarted: [],
    skipped: [],
    failed: [],
  };
  const deployed = deps.profiles ? new Set(deps.profiles.names()) : undefined;
  const stores = (await deps.stores.listStores()).filter((store) => {
    if (deployed === undefined || deployed.has(store.profileName)) return true;
    result.skipped.push({
      storeHash: store.storeHash,
      reason: `profile "${store.profileName}" is not deployed; apply a deployed profile to the store to reconcile it again`,
    });
    return false;
  });

  await forEachConcurrently(stores, options.concurrency ?? DEFAULT_CONCURRENCY, async (store) => {
    const input: ExecutionInput = {
      storeHash: store.storeHash,
      profile: store.profileName,
      mode,
      trigger: { kind: 'schedule', id: scheduledTime },
    };
    try {
      const { started } = await deps.executions.start(input, executionNameFor(input, scheduledTime));
      (started ? result.started : result.alreadyStarted).push(store.storeHash);
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      result.failed.push({ storeHash: store.storeHash, error: { name, message } });
    }
  });

  for (const list of [result.started, result.alreadyStarted]) list.sort();
  for (const list of [result.skipped, result.failed]) {
    list.sort((a, b) => a.storeHash.localeCompare(b.storeHash));
  }
  if (result.failed.length > 0) throw new ReconcileIncomplete(result);
  return result;
}

export const reconcileStores = defineOperation({
  name: 'reconcile-stores',
  input: ReconcileEventSchema,
  // Starts one execution per store, a handful at a time.
  timeoutSeconds: 300,
  uses: { registry: 'read', registryIndexes: true, startExecutions: true, deployedProfiles: true },
  run: (event: ReconcileEvent, deps: Required<ReconcileDeps>) => startReconciliation(event, deps),
  report: ({ scheduledTime, mode, started, alreadyStarted, skipped }) => ({
    counts: {
      ReconcileStarted: started.length,
      ReconcileAlreadyStarted: alreadyStarted.length,
      ReconcileSkipped: skipped.length,
    },
    summary: { scheduledTime, mode, started, alreadyStarted, skipped },
  }),
});

/** Runs `work` over `items` with at most `limit` calls in flight. `work` must not throw. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
