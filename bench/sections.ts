/**
 * The report's sections: each runs its benchmarks and prints one table. Figures carry their unit in the
 * column header.
 */
import { performance } from 'node:perf_hooks';
import type { OnboardAsl } from '../lib/asl.ts';
import { synthesizeLocalAsl } from '../local/runner.ts';
import { measureBundles } from './bundles.ts';
import { expressCost, MODEL, standardCost } from './cost.ts';
import { runDomainBenchmarks } from './domain.ts';
import { type FleetScenario, simulateFleet } from './fleet.ts';
import { type MemorySampler, type MemorySnapshot, memorySnapshot } from './memory.ts';
import {
  benchStore,
  mapMaxConcurrency,
  type RunMeasurement,
  UNLIMITED_QUOTA,
  zoneTaskRetry,
} from './onboard.ts';
import { METHODS_PER_ZONE, measureScenarios, modeOf, type ScenarioMeasurement } from './scenarios.ts';
import { type Column, fixed, formatTable, integer, mebibytes } from './table.ts';
import type { ThroughputOptions } from './timing.ts';

const heading = (title: string) => console.log(`\n== ${title} ==`);

export function domainSection(options: ThroughputOptions): void {
  heading('1. Domain throughput (pure functions, no I/O)');
  console.log(
    `${options.warmupMs} ms warm-up, then ${options.rounds} rounds of ~${options.roundMs} ms each; ` +
      'median round reported; spread = (max - min) / median',
  );
  const results = runDomainBenchmarks(options);
  console.log(
    formatTable(
      [
        { header: 'function' },
        { header: 'input' },
        { header: 'median', align: 'right' },
        { header: 'unit' },
        { header: 'per op (µs)', align: 'right' },
        { header: 'spread', align: 'right' },
      ],
      results.map(({ name, unit, detail, throughput: t }) => [
        name,
        detail,
        integer(t.medianOpsPerSecond),
        unit,
        fixed(1e6 / t.medianOpsPerSecond, 2),
        `${fixed(((t.maxOpsPerSecond - t.minOpsPerSecond) / t.medianOpsPerSecond) * 100, 1)}%`,
      ]),
    ),
  );
}

export interface StoreMatrix {
  asl: OnboardAsl;
  runs: RunMeasurement[];
  /** Taken right after the largest store's two passes. */
  afterLargest: MemorySnapshot;
  largest: { zones: number; methodsPerZone: number };
}

/** Synthesizes the definition once, then applies each zones x methods profile twice to a fresh store. */
export async function storeMatrixSection(
  zoneCounts: readonly number[],
  methodCounts: readonly number[],
  sampler: MemorySampler,
): Promise<StoreMatrix> {
  heading('2. End-to-end Onboard runs (local runner + in-process sandbox)');
  const synthesisStarted = performance.now();
  const asl = synthesizeLocalAsl();
  console.log(
    `definition synthesized once in ${fixed(performance.now() - synthesisStarted, 0)} ms and reused; ` +
      `Map MaxConcurrency ${mapMaxConcurrency(asl)}; store quota ${integer(UNLIMITED_QUOTA)} requests ` +
      '(never reached); no latency; one unmeasured 1-zone run first to warm up',
  );
  await benchStore({ asl, zones: 1, methodsPerZone: 3 });

  const largest = { zones: Math.max(...zoneCounts), methodsPerZone: Math.max(...methodCounts) };
  const runs: RunMeasurement[] = [];
  let afterLargest: MemorySnapshot | undefined;
  for (const methodsPerZone of methodCounts) {
    for (const zones of zoneCounts) {
      runs.push(...(await benchStore({ asl, zones, methodsPerZone })));
      if (zones === largest.zones && methodsPerZone === largest.methodsPerZone) {
        sampler.sample();
        afterLargest = memorySnapshot();
      }
    }
  }
  console.log(
    formatTable(
      [
        { header: 'zones', align: 'right' },
        { header: 'methods/zone', align: 'right' },
        { header: 'pass' },
        { header: 'outcome' },
        { header: 'wall (ms)', align: 'right' },
        { header: 'requests', align: 'right' },
        { header: 'writes', align: 'right' },
        { header: 'requests/zone', align: 'right' },
      ],
      runs.map((run) => [
        String(run.zones),
        String(run.methodsPerZone),
        run.pass,
        run.outcome,
        fixed(run.wallMs, 0),
        String(run.requests),
        String(run.writes),
        fixed(run.requests / run.zones, 1),
      ]),
    ),
  );
  return { asl, runs, afterLargest: afterLargest ?? memorySnapshot(), largest };
}

export interface ScenarioStore {
  asl: OnboardAsl;
  zones: number;
  methodsPerZone: number;
}

/** The same store under a fixed sandbox latency, for each Map MaxConcurrency (the default always included). */
export async function concurrencySection(
  store: ScenarioStore,
  latencyMs: number,
  otherConcurrencies: readonly number[],
): Promise<void> {
  heading(`2b. Map concurrency under ${latencyMs} ms sandbox latency per request`);
  console.log(
    `${store.zones} zones x ${store.methodsPerZone} methods; serial latency = requests x ${latencyMs} ms ` +
      '(the wall time if no two requests overlapped); peak in flight = most requests the sandbox served at once',
  );
  const defaultConcurrency = mapMaxConcurrency(store.asl);
  const concurrencies = [...new Set([defaultConcurrency, ...otherConcurrencies])].sort((a, b) => a - b);
  const rows: string[][] = [];
  for (const concurrency of concurrencies) {
    const asl =
      concurrency === defaultConcurrency
        ? store.asl
        : synthesizeLocalAsl({ 'bcship:mapMaxConcurrency': concurrency });
    const runs = await benchStore({ ...store, asl, sandbox: { latency: { fixedMs: latencyMs } } });
    for (const run of runs) {
      const serialMs = run.requests * latencyMs;
      rows.push([
        `${concurrency}${concurrency === defaultConcurrency ? ' (default)' : ''}`,
        run.pass,
        fixed(run.wallMs, 0),
        String(run.requests),
        String(serialMs),
        `${fixed(serialMs / run.wallMs, 2)}x`,
        String(run.peakInFlight),
      ]);
    }
  }
  console.log(
    formatTable(
      [
        { header: 'Map MaxConcurrency' },
        { header: 'pass' },
        { header: 'wall (ms)', align: 'right' },
        { header: 'requests', align: 'right' },
        { header: 'serial latency (ms)', align: 'right' },
        { header: 'serial/wall', align: 'right' },
        { header: 'peak in flight', align: 'right' },
      ],
      rows,
    ),
  );
}

export interface QuotaScenario {
  quota: number;
  windowMs: number;
  retryDelayMs: number;
  /** Also run with a client that hands every 429 to the state machine's Retry. */
  stateMachineRetries: boolean;
}

const quotaColumns: Column[] = [
  { header: '429 handling' },
  { header: 'pass' },
  { header: 'wall (ms)', align: 'right' },
  { header: 'requests', align: 'right' },
  { header: 'writes', align: 'right' },
  { header: '429s', align: 'right' },
  { header: 'state retries', align: 'right' },
];

const quotaRow = (label: string, run: RunMeasurement): string[] => [
  label,
  run.pass,
  fixed(run.wallMs, 0),
  String(run.requests),
  String(run.writes),
  String(run.rateLimited),
  String(run.retries),
];

/** The same store under a small quota, next to its unlimited runs from the matrix. */
export async function quotaSection(
  store: ScenarioStore,
  scenario: QuotaScenario,
  unlimited: readonly RunMeasurement[],
): Promise<void> {
  heading(`2c. Store quota of ${scenario.quota} requests per ${scenario.windowMs} ms window`);
  const retry = zoneTaskRetry(store.asl, 'BigCommerceRateLimited');
  const cap = retry.maxDelaySeconds === undefined ? '' : `, capped at ${retry.maxDelaySeconds} s`;
  console.log(
    `${store.zones} zones x ${store.methodsPerZone} methods, no latency. The state machine's retry waits are ` +
      `replaced by retryDelayMs ${scenario.retryDelayMs} ms; the definition waits ${retry.intervalSeconds} s, ` +
      `x${retry.backoffRate} per attempt${cap}, up to ${retry.maxAttempts} retries.`,
  );
  const rows = unlimited.map((run) => quotaRow('no quota (runs of 2)', run));
  const clients: { label: string; rateLimitBudgetMs?: number }[] = [
    { label: 'client waits them out (5 s budget)' },
  ];
  if (scenario.stateMachineRetries) {
    clients.push({ label: 'client budget 0: state machine Retry', rateLimitBudgetMs: 0 });
  }
  for (const client of clients) {
    const runs = await benchStore({
      ...store,
      sandbox: { quota: scenario.quota, windowMs: scenario.windowMs },
      retryDelayMs: scenario.retryDelayMs,
      ...(client.rateLimitBudgetMs === undefined ? {} : { rateLimitBudgetMs: client.rateLimitBudgetMs }),
    });
    rows.push(...runs.map((run) => quotaRow(client.label, run)));
  }
  console.log(formatTable(quotaColumns, rows));
}

export function memorySection(
  beforeSynthesis: MemorySnapshot,
  matrix: StoreMatrix,
  sampler: MemorySampler,
): void {
  heading('3. Memory');
  const snapshotRow = (when: string, snapshot: MemorySnapshot) => [
    when,
    mebibytes(snapshot.rss),
    mebibytes(snapshot.heapUsed),
    mebibytes(snapshot.heapUsedAfterGc),
  ];
  const { zones, methodsPerZone } = matrix.largest;
  console.log(
    formatTable(
      [
        { header: 'when' },
        { header: 'RSS (MiB)', align: 'right' },
        { header: 'heapUsed (MiB)', align: 'right' },
        { header: 'heapUsed after GC (MiB)', align: 'right' },
      ],
      [
        snapshotRow('modules loaded, before synthesis', beforeSynthesis),
        snapshotRow(
          `after the largest run (${zones} zones x ${methodsPerZone} methods, both passes)`,
          matrix.afterLargest,
        ),
        [
          `peak, sampled every ${sampler.intervalMs} ms during sections 2-2c`,
          mebibytes(sampler.peakRss),
          mebibytes(sampler.peakHeapUsed),
          '',
        ],
        [
          'peak RSS of the process (resourceUsage().maxRSS)',
          mebibytes(process.resourceUsage().maxRSS * 1024),
          '',
          '',
        ],
      ],
    ),
  );
}

/** Goals of the lean-functions work: each bundle at most this many bytes, its import at most this x an empty one. */
const BUNDLE_BYTES_GOAL = 150_000;
const IMPORT_RATIO_GOAL = 2;

const meets = (ok: boolean): string => (ok ? 'yes' : 'NO');

export function bundlesSection(processes: number): void {
  heading('4. Function bundles (as cdk synth builds them)');
  const report = measureBundles(processes);
  console.log(
    `import = wall time of a fresh \`node\` process importing the bundle, median of ${report.processes} ` +
      `processes; an empty module takes ${fixed(report.emptyImportMs, 0)} ms. Goals: index.mjs <= ` +
      `${integer(BUNDLE_BYTES_GOAL)} bytes (source map separate), import <= ${IMPORT_RATIO_GOAL}x empty`,
  );
  console.log(
    formatTable(
      [
        { header: 'function' },
        { header: 'index.mjs (bytes)', align: 'right' },
        { header: 'source map (bytes)', align: 'right' },
        { header: 'size goal met' },
        { header: 'import (ms)', align: 'right' },
        { header: 'x empty', align: 'right' },
        { header: 'import goal met' },
      ],
      report.bundles.map((bundle) => {
        const ratio = bundle.importMs / report.emptyImportMs;
        return [
          bundle.operation,
          integer(bundle.bytes),
          integer(bundle.sourceMapBytes),
          meets(bundle.bytes <= BUNDLE_BYTES_GOAL),
          fixed(bundle.importMs, 0),
          `${fixed(ratio, 2)}x`,
          meets(ratio <= IMPORT_RATIO_GOAL),
        ];
      }),
    ),
  );
}

/** Goals of reconciliation's cost: per store-run, and 10,000 stores reconciled daily for a month. */
const RUN_COST_GOAL = 0.00001;
const MONTHLY_GOAL = 3;
const FLEET_STORES = 10_000;
const DAYS_PER_MONTH = 30;

const dollars = (value: number, digits = 7): string => `$${value.toFixed(digits)}`;

export async function scenariosSection(asl: OnboardAsl, zoneCounts: readonly number[], latencyMs: number) {
  heading(
    `5. Requests, wall time and transitions per run (${latencyMs} ms per request, ${METHODS_PER_ZONE} methods a zone)`,
  );
  console.log(
    'lower bound = store + zone list + one list per zone + the writes + one read-back per zone written; ' +
      'critical path = the wall time if requests overlapped as far as the Map allows; Lambda busy = the time ' +
      "the run's invocations wait on BigCommerce, summed (parallel zones add up); " +
      'goals: requests = lower bound, apply transitions <= 10 + Z',
  );
  const measurements: ScenarioMeasurement[] = [];
  for (const zones of zoneCounts) measurements.push(...(await measureScenarios(asl, zones, latencyMs)));
  console.log(
    formatTable(
      [
        { header: 'scenario' },
        { header: 'Z', align: 'right' },
        { header: 'outcome' },
        { header: 'requests', align: 'right' },
        { header: 'lower bound', align: 'right' },
        { header: 'ratio', align: 'right' },
        { header: 'wall (ms)', align: 'right' },
        { header: 'critical path (ms)', align: 'right' },
        { header: 'wall/critical', align: 'right' },
        { header: 'Lambda busy (ms)', align: 'right' },
        { header: 'transitions', align: 'right' },
        { header: 'goals met' },
      ],
      measurements.map((run) => {
        const transitionGoal = modeOf(run.scenario) === 'verify' || run.transitions <= 10 + run.zones;
        return [
          run.scenario,
          String(run.zones),
          run.outcome,
          String(run.requests),
          String(run.lowerBound),
          fixed(run.requests / run.lowerBound, 2),
          fixed(run.wallMs, 0),
          String(run.criticalPathMs),
          fixed(run.wallMs / run.criticalPathMs, 2),
          String(run.lambdaBusyMs),
          String(run.transitions),
          meets(run.requests === run.lowerBound && transitionGoal),
        ];
      }),
    ),
  );
  return measurements;
}

export function costSection(measurements: readonly ScenarioMeasurement[]): void {
  heading('6. Cost per store-run and per month (model: see bench/README.md)');
  console.log(
    `Step Functions (Express: critical path + ${MODEL.taskOverheadSeconds * 1000} ms a task), Lambda ` +
      `(${MODEL.lambdaMemoryGb * 1024} MB arm64, time waiting on BigCommerce + ${MODEL.taskOverheadSeconds * 1000} ms a ` +
      'task), DynamoDB, EventBridge and, for scheduled runs, SQS and the claims. Reconciliation = a scheduled ' +
      `verify on Express. Goals: <= ${dollars(RUN_COST_GOAL, 5)} per reconciliation run, <= $${MONTHLY_GOAL} a month for ` +
      `${integer(FLEET_STORES)} stores reconciled daily`,
  );
  const rows = measurements
    .filter((run) => run.scenario !== 'fresh')
    .flatMap((run) =>
      (['Standard', 'Express'] as const).map((machine) => {
        const cost = machine === 'Standard' ? standardCost(run, true) : expressCost(run, true);
        const monthly = cost.total * FLEET_STORES * DAYS_PER_MONTH;
        const reconciliation = run.scenario === 'verify' && machine === 'Express';
        return [
          modeOf(run.scenario) === 'apply' ? `apply (${run.scenario})` : run.scenario,
          String(run.zones),
          machine,
          String(run.transitions),
          dollars(cost.stepFunctions),
          dollars(cost.lambda),
          dollars(cost.other),
          dollars(cost.total),
          `$${fixed(monthly, 2)}`,
          reconciliation ? meets(cost.total <= RUN_COST_GOAL && monthly <= MONTHLY_GOAL) : '',
        ];
      }),
    );
  console.log(
    formatTable(
      [
        { header: 'mode' },
        { header: 'Z', align: 'right' },
        { header: 'machine' },
        { header: 'transitions', align: 'right' },
        { header: 'Step Functions', align: 'right' },
        { header: 'Lambda', align: 'right' },
        { header: 'other', align: 'right' },
        { header: 'per store-run', align: 'right' },
        { header: `${integer(FLEET_STORES)} daily, a month`, align: 'right' },
        { header: 'goals met (reconciliation)' },
      ],
      rows,
    ),
  );
}

export async function fleetSection(scenario: FleetScenario): Promise<void> {
  heading(`7. Fleet of ${integer(scenario.stores)} stores, simulated (real fan-out code, stub AWS clients)`);
  console.log(
    `StartExecution throttled at 1,300 burst / 300 per second; reconcileConcurrency ${scenario.concurrency}, ` +
      `reconcileStartsPerSecond ${scenario.startsPerSecond}; the first listing invocation is killed while queueing ` +
      'its 3rd page, and the 5th starter invocation during its 10th start. Goals: missed 0, peak invocations <= ' +
      'the configured concurrency',
  );
  const started = performance.now();
  const result = await simulateFleet(scenario);
  console.log(
    formatTable(
      [
        { header: 'stores', align: 'right' },
        { header: 'time to start all (s, simulated)', align: 'right' },
        { header: 'peak invocations', align: 'right' },
        { header: 'peak starts/s', align: 'right' },
        { header: 'throttled', align: 'right' },
        { header: 'missed', align: 'right' },
        { header: 'started twice', align: 'right' },
        { header: 'listing attempts', align: 'right' },
        { header: 'killed invocations', align: 'right' },
        { header: 'goals met' },
      ],
      [
        [
          integer(scenario.stores),
          fixed(result.secondsToStartAll, 0),
          String(result.peakInvocations),
          String(result.peakStartsPerSecond),
          integer(result.throttled),
          String(result.missed),
          String(result.startedTwice),
          String(result.listingAttempts),
          String(result.killedInvocations),
          meets(result.missed === 0 && result.peakInvocations <= scenario.concurrency),
        ],
      ],
    ),
  );
  console.log(`(simulated in ${fixed((performance.now() - started) / 1000, 1)} s of wall time)`);
}
