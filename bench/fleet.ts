/**
 * A simulated fleet: the real fan-out code (reconcile-stores' planReconciliation, start-reconciliations'
 * startQueuedRuns, the SQS and Step Functions adapters) over stub AWS clients, on simulated time. The stub
 * SQS queue has visibility timeouts and partial batch responses; the stub Step Functions client throttles
 * StartExecution with a token bucket (1,300 burst, 300 per second refill, as the AWS quota). One listing
 * invocation and one starter invocation are killed mid-way; the schedule retries the listing, the queue
 * redelivers the starter's messages once their visibility timeout passes.
 */

import type { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { planReconciliation } from '../lambdas/operations/reconcile-stores.ts';
import { startQueuedRuns } from '../lambdas/operations/start-reconciliations.ts';
import { createStepFunctionsStarter } from '../lambdas/platform/aws-execution-starter.ts';
import { createSqsReconcileQueue } from '../lambdas/platform/aws-reconcile-queue.ts';
import type { RegisteredStore, StorePage } from '../lambdas/platform/ports.ts';
import { MemoryReconcileProgress } from '../local/platform/memory-reconcile.ts';
import { VirtualClock } from './virtual-clock.ts';

export interface FleetScenario {
  stores: number;
  /** start-reconciliations invocations at once (the event source's MaximumConcurrency). */
  concurrency: number;
  /** The fleet's StartExecution rate (bcship:reconcileStartsPerSecond). */
  startsPerSecond: number;
}

export interface FleetResult {
  /** Simulated seconds from the schedule firing to the last run started. */
  secondsToStartAll: number;
  peakInvocations: number;
  /** Most StartExecution calls accepted in any one simulated second. */
  peakStartsPerSecond: number;
  throttled: number;
  missed: number;
  startedTwice: number;
  listingAttempts: number;
  killedInvocations: number;
  redeliveredMessages: number;
}

const PAGE_SIZE = 10_000;
const QUERY_MS = 40;
const SQS_MS = 15;
const START_MS = 25;
const VISIBILITY_TIMEOUT_MS = 720_000;
const INVOCATION_TIMEOUT_MS = 120_000;
const MESSAGES_PER_INVOCATION = 4;
const SCHEDULE_RETRY_MS = 60_000;
const POLL_MS = 1_000;

const storeHash = (index: number) => `s${String(index).padStart(6, '0')}`;

/** StartExecution's quota: a bucket of 1,300 tokens refilled at 300 per second. */
class TokenBucket {
  private tokens = 1_300;
  private last = 0;
  private readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(1_300, this.tokens + ((now - this.last) / 1000) * 300);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface QueuedMessage {
  id: string;
  body: string;
  visibleAt: number;
  receives: number;
}

/** The stub SQS: SendMessageBatch appends, `receive` hides messages for the visibility timeout. */
class StubQueue {
  readonly messages = new Map<string, QueuedMessage>();
  private nextId = 0;
  private readonly clock: VirtualClock;
  constructor(clock: VirtualClock) {
    this.clock = clock;
  }

  client(kill: () => boolean): SQSClient {
    return {
      send: async (command: SendMessageBatchCommand) => {
        await this.clock.sleep(SQS_MS);
        if (kill()) return new Promise(() => {});
        for (const entry of command.input.Entries ?? []) {
          const id = `m${this.nextId++}`;
          this.messages.set(id, { id, body: entry.MessageBody ?? '', visibleAt: 0, receives: 0 });
        }
        return { Successful: [], Failed: [] };
      },
    } as unknown as SQSClient;
  }

  receive(count: number): QueuedMessage[] {
    const now = this.clock.now();
    const visible = [...this.messages.values()].filter((m) => m.visibleAt <= now).slice(0, count);
    for (const message of visible) {
      message.visibleAt = now + VISIBILITY_TIMEOUT_MS;
      message.receives += 1;
    }
    return visible;
  }
}

function simulation() {
  const clock = new VirtualClock();
  const queue = new StubQueue(clock);
  const progress = new MemoryReconcileProgress(() => clock.now() / 1000);
  const bucket = new TokenBucket(clock.now);
  const starts = new Map<string, number>();
  const perSecond = new Map<number, number>();
  const counters = { throttled: 0, listingAttempts: 0, killed: 0, inFlight: 0, peak: 0, lastStartAt: 0 };
  return { clock, queue, progress, bucket, starts, perSecond, counters };
}

type Simulation = ReturnType<typeof simulation>;

/** The stub Step Functions client; the `killAfter`-th call of one invocation never answers (it was killed). */
function stubSfn(sim: Simulation, killAfter?: number): SFNClient {
  let calls = 0;
  return {
    send: async (command: StartExecutionCommand) => {
      await sim.clock.sleep(START_MS);
      if (killAfter !== undefined && ++calls === killAfter) return new Promise(() => {});
      if (!sim.bucket.take()) {
        sim.counters.throttled += 1;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      const { storeHash: hash } = JSON.parse(command.input.input ?? '{}') as { storeHash: string };
      sim.starts.set(hash, (sim.starts.get(hash) ?? 0) + 1);
      const second = Math.floor(sim.clock.now() / 1000);
      sim.perSecond.set(second, (sim.perSecond.get(second) ?? 0) + 1);
      sim.counters.lastStartAt = sim.clock.now();
      return { executionArn: 'arn', startDate: new Date(8.64e15) };
    },
  } as unknown as SFNClient;
}

/** The listing invocation, retried by the schedule; the first attempt is killed after its second page. */
async function listing(sim: Simulation, scenario: FleetScenario, slot: string): Promise<void> {
  const stores = {
    listStorePage: async (cursor?: string): Promise<StorePage> => {
      await sim.clock.sleep(QUERY_MS);
      const from = cursor === undefined ? 0 : Number(cursor);
      const to = Math.min(scenario.stores, from + PAGE_SIZE);
      const page: RegisteredStore[] = [];
      for (let index = from; index < to; index++)
        page.push({ storeHash: storeHash(index), profileName: 'p' });
      return to < scenario.stores ? { stores: page, cursor: String(to) } : { stores: page };
    },
  };
  for (;;) {
    sim.counters.listingAttempts += 1;
    const killed = sim.counters.listingAttempts === 1;
    let sends = 0;
    // The killed attempt stops answering during its 3rd page: killed while queueing.
    const kill = () => killed && ++sends === 3 * Math.ceil(PAGE_SIZE / 25 / 10);
    const reconcileQueue = createSqsReconcileQueue({ client: sim.queue.client(kill), queueUrl: 'q' });
    const attempt = planReconciliation(
      { scheduledTime: slot },
      { stores, reconcileQueue, reconcileProgress: sim.progress },
    );
    const finished = await Promise.race([
      attempt.then(() => true),
      sim.clock.sleep(300_000).then(() => false),
    ]);
    if (finished) return;
    sim.counters.killed += 1;
    await sim.clock.sleep(SCHEDULE_RETRY_MS);
  }
}

/** A deterministic jitter source, so runs of the benchmark are comparable. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

/** One start-reconciliations invocation over up to four messages, as the event source runs it. */
async function invocation(sim: Simulation, scenario: FleetScenario, number: number, killed: boolean) {
  const messages = sim.queue.receive(MESSAGES_PER_INVOCATION);
  if (messages.length === 0) return;
  sim.counters.inFlight += 1;
  sim.counters.peak = Math.max(sim.counters.peak, sim.counters.inFlight);
  const client = stubSfn(sim, killed ? 10 : undefined);
  const event = { Records: messages.map((m) => ({ messageId: m.id, body: m.body })) };
  const run = startQueuedRuns(
    event,
    {
      reconcileProgress: sim.progress,
      reconcileRuns: createStepFunctionsStarter({ client, stateMachineArn: 'express' }),
      fleetPace: { startsPerSecond: scenario.startsPerSecond, concurrency: scenario.concurrency },
      invocationId: `invocation-${number}`,
    },
    { sleep: sim.clock.sleep, now: sim.clock.now, random: seededRandom(number) },
  );
  const result = await Promise.race([run, sim.clock.sleep(INVOCATION_TIMEOUT_MS).then(() => undefined)]);
  sim.counters.inFlight -= 1;
  if (result === undefined) {
    sim.counters.killed += 1;
    return; // Timed out: its messages come back once their visibility timeout passes.
  }
  const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
  for (const message of messages) if (!failed.has(message.id)) sim.queue.messages.delete(message.id);
}

/** The event source: polls the queue, at most `concurrency` invocations at a time; the 5th one is killed. */
async function poller(sim: Simulation, scenario: FleetScenario, listed: () => boolean): Promise<void> {
  let invocations = 0;
  const running = new Set<Promise<void>>();
  while (!listed() || sim.queue.messages.size > 0) {
    while (running.size < scenario.concurrency && sim.queue.receive(0).length === 0) {
      const visible = [...sim.queue.messages.values()].some((m) => m.visibleAt <= sim.clock.now());
      if (!visible) break;
      invocations += 1;
      const started = invocation(sim, scenario, invocations, invocations === 5);
      running.add(started);
      void started.then(() => running.delete(started));
    }
    await sim.clock.sleep(POLL_MS);
  }
  await Promise.all(running);
}

export async function simulateFleet(scenario: FleetScenario): Promise<FleetResult> {
  const sim = simulation();
  const slot = '2026-12-01T03:00:00Z';
  let listed = false;
  const work = Promise.all([
    listing(sim, scenario, slot).then(() => {
      listed = true;
    }),
    poller(sim, scenario, () => listed),
  ]);
  await sim.clock.run(work);
  const redelivered = [...sim.queue.messages.values()].length;
  let missed = 0;
  let startedTwice = 0;
  for (let index = 0; index < scenario.stores; index++) {
    const count = sim.starts.get(storeHash(index)) ?? 0;
    if (count === 0) missed += 1;
    if (count > 1) startedTwice += 1;
  }
  return {
    secondsToStartAll: sim.counters.lastStartAt / 1000,
    peakInvocations: sim.counters.peak,
    peakStartsPerSecond: Math.max(...sim.perSecond.values()),
    throttled: sim.counters.throttled,
    missed,
    startedTwice,
    listingAttempts: sim.counters.listingAttempts,
    killedInvocations: sim.counters.killed,
    redeliveredMessages: redelivered,
  };
}
