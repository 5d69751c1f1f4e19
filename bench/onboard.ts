/**
 * End-to-end Onboard runs: the synthesized definition executed by the local runner, the real operations,
 * and an in-process sandbox store. Every figure comes from the run itself (wall clock) or from the
 * sandbox's request log, never from an estimate.
 */
import { performance } from 'node:perf_hooks';
import type { Deps } from '../lambdas/platform/ports.ts';
import { DEFAULT_SECRET_PREFIXES, storeSecretName } from '../lambdas/platform/secret-names.ts';
import type { RunSummary } from '../lambdas/workflow-contract.ts';
import type { OnboardAsl } from '../lib/asl.ts';
import { FileSecrets } from '../local/platform/file-secrets.ts';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import { type LocalDepsOptions, localDeps } from '../local/platform/local-deps.ts';
import { MemoryEvents } from '../local/platform/memory-events.ts';
import { runOnboardLocally } from '../local/runner.ts';
import { type RequestLogEntry, type SandboxOptions, startSandbox } from '../sandbox/index.ts';
import { BENCH_STORE, BENCH_TOKEN, inlineProfile, storeSeed } from './fixtures.ts';

/** High enough that no run of this benchmark meets it: throughput runs measure work, not waiting. */
export const UNLIMITED_QUOTA = 1_000_000;

export interface RunMeasurement {
  zones: number;
  methodsPerZone: number;
  /** Which apply of the same profile to the same store: the first starts from a store with no methods. */
  pass: 'fresh' | 'in sync';
  outcome: string;
  wallMs: number;
  requests: number;
  /** POST, PUT and DELETE requests the store accepted (a write answered 429 changed nothing). */
  writes: number;
  /** Requests the sandbox answered with 429. */
  rateLimited: number;
  /** Task attempts the state machine's Retry repeated. */
  retries: number;
  /** Most requests the sandbox was serving at one time. */
  peakInFlight: number;
}

export interface StoreBenchOptions {
  asl: OnboardAsl;
  zones: number;
  methodsPerZone: number;
  sandbox?: Pick<SandboxOptions, 'quota' | 'windowMs' | 'latency'>;
  /** Longest 429 wait the client does in-process before handing the 429 to the state machine (default 5000). */
  rateLimitBudgetMs?: number;
  /** Replaces the definition's retry backoff (see LocalRunOptions.retryDelayMs). */
  retryDelayMs?: number;
}

interface TimedRequest extends RequestLogEntry {
  endedAt: number;
}

/** Peak overlap of [arrival, response] intervals; a response and an arrival at the same instant do not overlap. */
function peakConcurrency(requests: readonly TimedRequest[]): number {
  const edges = requests.flatMap((request) => [
    { at: request.at, delta: 1 },
    { at: Math.max(request.at, request.endedAt), delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const edge of edges) {
    current += edge.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

/**
 * Applies the same generated profile to one seeded store twice (fresh, then in sync), returning both
 * measurements. The sandbox is closed whatever happens.
 */
export async function benchStore(options: StoreBenchOptions): Promise<RunMeasurement[]> {
  const timed: TimedRequest[] = [];
  const sandbox = await startTimedSandbox(options, timed);
  try {
    const deps = benchDeps(
      sandbox.url,
      options.rateLimitBudgetMs === undefined ? {} : { rateLimitBudgetMs: options.rateLimitBudgetMs },
    );
    const profile = inlineProfile(options.zones, options.methodsPerZone);
    const run: BenchRun = { options, sandbox, timed, deps, profile };
    const measurements: RunMeasurement[] = [];
    for (const pass of ['fresh', 'in sync'] as const) measurements.push(await measurePass(run, pass));
    return measurements;
  } finally {
    await sandbox.close();
  }
}

type BenchSandbox = Awaited<ReturnType<typeof startSandbox>>;

/** What every pass over one store shares. */
interface BenchRun {
  options: StoreBenchOptions;
  sandbox: BenchSandbox;
  /** The requests of the current pass, each with the time its response was sent. */
  timed: TimedRequest[];
  deps: Deps;
  /** Generated once: both passes apply the same profile. */
  profile: ReturnType<typeof inlineProfile>;
}

/** A sandbox seeded with the benchmark's zones that records when each request it served ended. */
function startTimedSandbox(options: StoreBenchOptions, timed: TimedRequest[]): Promise<BenchSandbox> {
  return startSandbox({
    seed: storeSeed(options.zones),
    quota: UNLIMITED_QUOTA,
    ...options.sandbox,
    // Sub-millisecond arrival times; the rate limiter only compares differences, so any monotonic clock works.
    now: () => performance.now(),
    onRequest: (entry) => timed.push({ ...entry, endedAt: performance.now() }),
  });
}

/** Local adapters for the bench store on a sandbox: a fresh in-memory registry, the store's token, and the
 * client configured by `client`. */
export function benchDeps(
  sandboxUrl: string,
  client: LocalDepsOptions['client'] = {},
  /** Secrets besides the store's token (carrier connection fields), by secret name. */
  secrets: Record<string, Record<string, unknown>> = {},
): Deps {
  const registry = openJsonRegistry();
  return localDeps({
    apiUrl: `${sandboxUrl}/stores/{storeHash}/v2`,
    secrets: new FileSecrets({
      values: {
        ...secrets,
        [storeSecretName(DEFAULT_SECRET_PREFIXES, BENCH_STORE)]: { accessToken: BENCH_TOKEN },
      },
    }),
    stores: registry.stores,
    leases: registry.leases,
    journal: registry.journal,
    events: new MemoryEvents(),
    profilesDir: 'profiles',
    client,
  });
}

/** One apply of the profile, timed, and what the sandbox saw of it; a run that does not succeed throws. */
async function measurePass(run: BenchRun, pass: RunMeasurement['pass']): Promise<RunMeasurement> {
  const { options, sandbox, timed } = run;
  timed.length = 0;
  sandbox.clearLog();
  let retries = 0;
  const started = performance.now();
  const execution = await runOnboardLocally(
    { storeHash: BENCH_STORE, profile: run.profile, mode: 'apply' },
    {
      deps: run.deps,
      asl: options.asl,
      executionName: `bench-${options.zones}-${options.methodsPerZone}-${pass.replace(' ', '-')}`,
      ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
      onEvent: (event) => {
        if (event.type === 'StateRetried') retries += 1;
      },
    },
  );
  const wallMs = performance.now() - started;
  if (execution.status !== 'SUCCEEDED') {
    throw new Error(
      `Onboard ${pass} run of ${options.zones} zones x ${options.methodsPerZone} methods failed: ` +
        `${execution.error}: ${execution.cause}`,
    );
  }
  const requests = sandbox.requests;
  return {
    zones: options.zones,
    methodsPerZone: options.methodsPerZone,
    pass,
    outcome: (execution.output as RunSummary).outcome,
    wallMs,
    requests: requests.length,
    writes: requests.filter(
      (request) => request.method !== 'GET' && request.status !== null && request.status < 300,
    ).length,
    rateLimited: requests.filter((request) => request.status === 429).length,
    retries,
    peakInFlight: peakConcurrency(timed),
  };
}

type States = Record<string, Record<string, unknown>>;

const nestedStates = (state: Record<string, unknown>): States | undefined =>
  ((state.ItemProcessor ?? state.Iterator) as { States?: States } | undefined)?.States;

/** Every state of the definition, Map iterations included. */
function allStates(states: States): Record<string, unknown>[] {
  return Object.values(states).flatMap((state) => {
    const nested = nestedStates(state);
    return [state, ...(nested ? allStates(nested) : [])];
  });
}

/** The Map state's MaxConcurrency in a synthesized definition (0 means unbounded). */
export function mapMaxConcurrency(asl: OnboardAsl): number {
  const map = allStates(asl.definition.States).find((state) => state.Type === 'Map');
  if (!map) throw new Error('The Onboard definition has no Map state');
  return (map.MaxConcurrency as number | undefined) ?? 0;
}

export interface RetryPolicy {
  intervalSeconds: number;
  backoffRate: number;
  maxAttempts: number;
  maxDelaySeconds?: number;
}

/** The definition's Retry for `error` on the Map's zone task, as deployed (what retryDelayMs replaces). */
export function zoneTaskRetry(asl: OnboardAsl, error: string): RetryPolicy {
  const map = allStates(asl.definition.States).find((state) => state.Type === 'Map');
  const tasks = Object.values((map && nestedStates(map)) ?? {}).filter((state) => state.Type === 'Task');
  for (const task of tasks) {
    const retriers = (task.Retry ?? []) as Record<string, unknown>[];
    const retrier = retriers.find((candidate) => (candidate.ErrorEquals as string[]).includes(error));
    if (retrier) {
      return {
        intervalSeconds: (retrier.IntervalSeconds as number | undefined) ?? 1,
        backoffRate: (retrier.BackoffRate as number | undefined) ?? 2,
        maxAttempts: (retrier.MaxAttempts as number | undefined) ?? 3,
        ...(retrier.MaxDelaySeconds === undefined
          ? {}
          : { maxDelaySeconds: retrier.MaxDelaySeconds as number }),
      };
    }
  }
  throw new Error(`The Onboard definition's zone task has no Retry for ${error}`);
}
