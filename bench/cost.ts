/**
 * What one store-run costs on AWS (us-east-1 list prices, December 2026), from the transitions, tasks and
 * wall times the scenario runs measured. A model, stated in full so it can be checked: the figures it prints
 * are only as good as its assumptions (bench/README.md lists them).
 */
import { FUNCTION_MEMORY_MB_DEFAULT } from '../lib/settings.ts';
import type { ScenarioMeasurement } from './scenarios.ts';

const PRICES = {
  standardTransition: 0.025 / 1000,
  expressRequest: 1 / 1_000_000,
  /** Per GB-second of an Express execution, billed in 64 MB and rounded up to 100 ms. */
  expressGbSecond: 0.00001667,
  lambdaRequest: 0.2 / 1_000_000,
  /** arm64. */
  lambdaGbSecond: 0.0000133334,
  dynamoWrite: 0.625 / 1_000_000,
  dynamoRead: 0.125 / 1_000_000,
  eventBridgeEvent: 1 / 1_000_000,
  sqsRequest: 0.4 / 1_000_000,
} as const;

/** Assumptions of the model. */
export const MODEL = {
  /**
   * Each Lambda invocation's own time besides waiting on BigCommerce: start, secrets cache, registry I/O; and,
   * in an Express run's duration, Step Functions' own time around each task.
   */
  taskOverheadSeconds: 0.05,
  /** The stack's default (`bcship:memorySize`). */
  lambdaMemoryGb: FUNCTION_MEMORY_MB_DEFAULT / 1024,
  expressMemoryGb: 0.0625,
  /** Record: the run item and the store entry's lastRun, about 1 KB each; fan-out: claim and mark started. */
  writesPerRun: 2,
  claimWritesPerRun: 2,
  /** ResolveZones' store entry and lease holder, Verify's two lease checks. */
  readsPerRun: 4,
  /** SendMessageBatch, ReceiveMessage and DeleteMessage per 25-store message, shared by its stores. */
  sqsRequestsPerRun: 3 / 25,
} as const;

export interface RunCost {
  stepFunctions: number;
  lambda: number;
  other: number;
  total: number;
}

/**
 * Durations come from the scenario's latency model, not the local wall time: locally the sandbox and the
 * interpreter share the process (and the machine) with the run, so the wall time measures this machine's load.
 */
const lambdaCost = (run: ScenarioMeasurement): number => {
  const seconds = run.lambdaBusyMs / 1000 + run.tasks * MODEL.taskOverheadSeconds;
  return run.tasks * PRICES.lambdaRequest + seconds * MODEL.lambdaMemoryGb * PRICES.lambdaGbSecond;
};

/** DynamoDB, EventBridge and, for scheduled runs, the fan-out's queue and claims. */
const otherCost = (scheduled: boolean): number =>
  MODEL.writesPerRun * PRICES.dynamoWrite +
  MODEL.readsPerRun * PRICES.dynamoRead +
  PRICES.eventBridgeEvent +
  (scheduled
    ? MODEL.claimWritesPerRun * PRICES.dynamoWrite + MODEL.sqsRequestsPerRun * PRICES.sqsRequest
    : 0);

export function standardCost(run: ScenarioMeasurement, scheduled: boolean): RunCost {
  const stepFunctions = run.transitions * PRICES.standardTransition;
  const lambda = lambdaCost(run);
  const other = otherCost(scheduled);
  return { stepFunctions, lambda, other, total: stepFunctions + lambda + other };
}

export function expressCost(run: ScenarioMeasurement, scheduled: boolean): RunCost {
  const seconds = run.criticalPathMs / 1000 + run.tasks * MODEL.taskOverheadSeconds;
  const billedSeconds = Math.ceil(seconds * 10) / 10;
  const stepFunctions =
    PRICES.expressRequest + billedSeconds * MODEL.expressMemoryGb * PRICES.expressGbSecond;
  const lambda = lambdaCost(run);
  const other = otherCost(scheduled);
  return { stepFunctions, lambda, other, total: stepFunctions + lambda + other };
}
