/**
 * Scheduled reconciliation, second half: starts the verify runs queued by reconcile-stores, on the Express
 * state machine. Its invocations come from the queue, at most `bcship:reconcileConcurrency` at a time, and
 * each paces its StartExecution calls, so the fleet's start rate stays within the account's quota however
 * large the fleet.
 *
 * Express executions are not deduplicated by name, so one run per store per slot is kept here: a store's run
 * is claimed in the registry before it is started, marked started after. A message delivered twice, or a store
 * queued twice by a resumed listing, finds its claim and starts nothing. A claim whose holder died lapses after
 * CLAIM_HOLD_SECONDS, shorter than the queue's visibility timeout, so the redelivered message claims it anew.
 * Nothing is lost on the way: a message whose stores did not all start (throttled past the retries, claim
 * held by another attempt, a failure) is reported back to the queue and delivered again; its started stores
 * are then skipped. (A worker killed between StartExecution and marking the run started leaves one store that
 * may be verified twice in the slot: verifying is read-only, so that errs on the side of checking.)
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { executionNameFor } from '../platform/execution-names.ts';
import type { ReconcileBatch, ReconcilePorts, RegisteredStore } from '../platform/ports.ts';
import type { ExecutionInput } from '../workflow-contract.ts';
import { defineOperation } from './operation.ts';

/** How long a claim keeps another attempt off a store's run; the queue's visibility timeout is longer. */
export const CLAIM_HOLD_SECONDS = 120;

export interface StartOptions {
  /** Who claims: unique per invocation (the Lambda request id). */
  owner: string;
  /** StartExecution calls per second of this invocation (the fleet's rate divided by its concurrency). */
  startsPerSecond: number;
  /** Attempts of one StartExecution that is throttled, with exponential backoff and full jitter. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface BatchOutcome {
  started: number;
  /** Already started in this slot (a redelivery or a store queued twice). */
  alreadyStarted: number;
  /** Not started this time: the message goes back to the queue. */
  notStarted: { storeHash: string; reason: string }[];
}

export type StartDeps = Pick<ReconcilePorts, 'reconcileProgress' | 'reconcileRuns'>;

const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling']);
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const reconcileInput = (store: RegisteredStore, slot: string): ExecutionInput => ({
  storeHash: store.storeHash,
  profile: store.profileName,
  mode: 'verify',
  trigger: { kind: 'schedule', id: slot },
});

/** StartExecution, retried while throttled. */
async function startWithBackoff(
  deps: StartDeps,
  input: ExecutionInput,
  name: string,
  options: Required<Pick<StartOptions, 'maxAttempts' | 'sleep' | 'random'>>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.reconcileRuns.start(input, name);
      return;
    } catch (error) {
      if (!THROTTLING.has((error as Error).name) || attempt >= options.maxAttempts) throw error;
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
      await options.sleep(options.random() * ceiling);
    }
  }
}

/** Starts one store's run unless the slot already has it. */
async function startStore(
  deps: StartDeps,
  store: RegisteredStore,
  slot: string,
  options: StartOptions,
): Promise<'started' | 'alreadyStarted' | string> {
  const claim = await deps.reconcileProgress.claim(store.storeHash, slot, options.owner, CLAIM_HOLD_SECONDS);
  if (claim === 'started') return 'alreadyStarted';
  if (claim === 'held') return 'another attempt is starting it';
  const input = reconcileInput(store, slot);
  try {
    await startWithBackoff(deps, input, executionNameFor(input, slot), {
      maxAttempts: options.maxAttempts ?? 8,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
    });
  } catch (error) {
    await deps.reconcileProgress.release(store.storeHash, slot, options.owner);
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return `${name}: ${message}`;
  }
  await deps.reconcileProgress.markStarted(store.storeHash, slot, options.owner);
  return 'started';
}

/** Starts the batch's runs one after another, at most `startsPerSecond`. */
export async function startBatch(
  batch: ReconcileBatch,
  deps: StartDeps,
  options: StartOptions,
): Promise<BatchOutcome> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const interval = 1000 / options.startsPerSecond;
  const outcome: BatchOutcome = { started: 0, alreadyStarted: 0, notStarted: [] };
  let nextStart = now();
  for (const store of batch.stores) {
    const wait = nextStart - now();
    if (wait > 0) await sleep(wait);
    const result = await startStore(deps, store, batch.slot, options);
    if (result === 'started') {
      outcome.started += 1;
      nextStart = Math.max(nextStart, now()) + interval;
    } else if (result === 'alreadyStarted') outcome.alreadyStarted += 1;
    else outcome.notStarted.push({ storeHash: store.storeHash, reason: result });
  }
  return outcome;
}

const RegisteredStoreSchema = z.object({ storeHash: z.string(), profileName: z.string() });
const BatchSchema = z.object({ slot: z.string(), stores: z.array(RegisteredStoreSchema) });

/** An SQS event: each record's body is one ReconcileBatch. */
const QueueEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })),
});
type QueueEvent = z.output<typeof QueueEventSchema>;

export interface QueueOutcome extends Omit<BatchOutcome, 'notStarted'> {
  notStarted: number;
  /** Messages to deliver again (SQS partial batch response). */
  batchItemFailures: { itemIdentifier: string }[];
}

/** The fleet's StartExecution rate and concurrency, from the function's configuration. */
export interface FleetPace {
  startsPerSecond: number;
  concurrency: number;
}

export async function startQueuedRuns(
  event: QueueEvent,
  deps: StartDeps & { fleetPace: FleetPace; invocationId: string },
  options: Partial<StartOptions> = {},
): Promise<QueueOutcome> {
  const result: QueueOutcome = { started: 0, alreadyStarted: 0, notStarted: 0, batchItemFailures: [] };
  const startsPerSecond = deps.fleetPace.startsPerSecond / deps.fleetPace.concurrency;
  for (const record of event.Records) {
    let outcome: BatchOutcome;
    try {
      const batch = z.parse(BatchSchema, JSON.parse(record.body));
      outcome = await startBatch(batch, deps, { owner: deps.invocationId, startsPerSecond, ...options });
    } catch {
      result.batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    result.started += outcome.started;
    result.alreadyStarted += outcome.alreadyStarted;
    result.notStarted += outcome.notStarted.length;
    if (outcome.notStarted.length > 0) result.batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return result;
}

export const startReconciliations = defineOperation({
  name: 'start-reconciliations',
  input: QueueEventSchema,
  // A message's stores at the paced rate, with throttling retries: well within the queue's visibility timeout.
  timeoutSeconds: 120,
  uses: { registry: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], startReconcileRuns: true },
  run: (event: QueueEvent, deps: StartDeps & { fleetPace: FleetPace }) =>
    startQueuedRuns(event, { ...deps, invocationId: randomUUID() }),
  report: ({ started, alreadyStarted, notStarted, batchItemFailures }) => ({
    counts: {
      ReconcileStarted: started,
      ReconcileAlreadyStarted: alreadyStarted,
      ReconcileNotStarted: notStarted,
    },
    summary: { started, alreadyStarted, notStarted, redelivered: batchItemFailures.length },
  }),
  // SQS's partial batch response: only these messages come back.
  respond: ({ batchItemFailures }) => ({ batchItemFailures }),
});
