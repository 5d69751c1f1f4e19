/**
 * bcship benchmarks: prints figures, asserts nothing about speed. `npm run bench` (add `-- --quick` for a
 * shorter run). See bench/README.md for what each figure means.
 */
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { synthesizeLocalAsl } from '../local/runner.ts';
import { MAX_ZONES } from './fixtures.ts';
import type { FleetScenario } from './fleet.ts';
import { MemorySampler, memorySnapshot } from './memory.ts';
import {
  bundlesSection,
  concurrencySection,
  costSection,
  domainSection,
  fleetSection,
  memorySection,
  quotaSection,
  scenariosSection,
  storeMatrixSection,
} from './sections.ts';
import { fixed, mebibytes } from './table.ts';
import type { ThroughputOptions } from './timing.ts';

interface Plan {
  quick: boolean;
  /** Fresh processes per bundle (and per empty module) whose import times give the median. */
  importProcesses: number;
  /** Simulated fleets: the deployed defaults, and a start rate above the account's quota. */
  fleets: FleetScenario[];
  domain: ThroughputOptions;
  zoneCounts: number[];
  methodCounts: number[];
  /** Map MaxConcurrency values to try besides the definition's own (each costs one more synthesis). */
  otherConcurrencies: number[];
  stateMachineRetries: boolean;
}

/** The latency and quota sections use the largest zone count with few methods per zone. */
const SCENARIO_METHODS = 3;
const LATENCY_MS = 20;
/** The latency the figures assume: 50 ms per BigCommerce request. */
const SCENARIO_LATENCY_MS = 50;
const QUOTA = { quota: 40, windowMs: 2_000 };
/** Stands in for the definition's rate-limit backoff (5 s and up): long enough to matter, short enough to wait for. */
const RETRY_DELAY_MS = 500;

function planFrom(args: readonly string[]): Plan {
  const unknown = args.filter((arg) => arg !== '--quick');
  if (unknown.length > 0)
    throw new Error(`Unknown argument ${unknown.join(' ')} (the only option is --quick)`);
  const quick = args.includes('--quick');
  const common = { quick, zoneCounts: [1, 5, MAX_ZONES] };
  return quick
    ? {
        ...common,
        importProcesses: 5,
        fleets: [{ stores: 20_000, concurrency: 10, startsPerSecond: 200 }],
        domain: { warmupMs: 100, rounds: 5, roundMs: 100 },
        methodCounts: [SCENARIO_METHODS],
        otherConcurrencies: [],
        stateMachineRetries: false,
      }
    : {
        ...common,
        importProcesses: 15,
        fleets: [
          { stores: 100_000, concurrency: 10, startsPerSecond: 200 },
          { stores: 100_000, concurrency: 40, startsPerSecond: 1_000 },
        ],
        domain: { warmupMs: 500, rounds: 9, roundMs: 250 },
        methodCounts: [SCENARIO_METHODS, 10],
        otherConcurrencies: [1, 4],
        stateMachineRetries: true,
      };
}

function printMachine(plan: Plan): void {
  const model = cpus()[0]?.model.trim() ?? 'unknown model';
  console.log('bcship benchmarks');
  console.log(`date:    ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus().length} CPUs (${model}), ${mebibytes(totalmem())} MiB RAM, ${process.platform}/${process.arch}`,
  );
  console.log(`node:    ${process.version}`);
  console.log(`mode:    ${plan.quick ? 'quick (--quick)' : 'full'}`);
}

async function main(): Promise<void> {
  const plan = planFrom(process.argv.slice(2));
  const started = performance.now();
  printMachine(plan);
  domainSection(plan.domain);

  const beforeSynthesis = memorySnapshot();
  const sampler = new MemorySampler();
  sampler.start();
  try {
    const matrix = await storeMatrixSection(plan.zoneCounts, plan.methodCounts, sampler);
    const store = { asl: matrix.asl, zones: Math.max(...plan.zoneCounts), methodsPerZone: SCENARIO_METHODS };
    await concurrencySection(store, LATENCY_MS, plan.otherConcurrencies);
    const unlimited = matrix.runs.filter(
      (run) => run.zones === store.zones && run.methodsPerZone === store.methodsPerZone,
    );
    await quotaSection(
      store,
      { ...QUOTA, retryDelayMs: RETRY_DELAY_MS, stateMachineRetries: plan.stateMachineRetries },
      unlimited,
    );
    sampler.stop();
    memorySection(beforeSynthesis, matrix, sampler);
  } finally {
    sampler.stop();
  }
  bundlesSection(plan.importProcesses);
  const asl = synthesizeLocalAsl();
  const scenarios = await scenariosSection(asl, [1, 3, 20], SCENARIO_LATENCY_MS);
  costSection(scenarios);
  for (const fleet of plan.fleets) await fleetSection(fleet);
  console.log(`\ntotal: ${fixed((performance.now() - started) / 1000, 1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
