/**
 * Requests, wall time and state transitions of one store's runs, against their lower bounds: a fresh apply,
 * an in-sync apply, a plan and an apply of a drifted store (one method changed in every zone), and a verify,
 * for Z zones of three methods each, with the sandbox answering every request after a fixed latency.
 */
import { performance } from 'node:perf_hooks';
import type { ExecutionInput, RunSummary } from '../lambdas/workflow-contract.ts';
import type { OnboardAsl } from '../lib/asl.ts';
import { runOnboardLocally } from '../local/runner.ts';
import { startSandbox } from '../sandbox/index.ts';
import { BENCH_STORE, BENCH_TOKEN, inlineProfile, storeSeed } from './fixtures.ts';
import { benchDeps, mapMaxConcurrency } from './onboard.ts';

export const METHODS_PER_ZONE = 3;

type ScenarioName = 'fresh' | 'in-sync' | 'plan' | 'drifted' | 'verify';

/** The run's mode: the apply scenarios differ only in the store they meet. */
export const modeOf = (scenario: ScenarioName): 'apply' | 'plan' | 'verify' =>
  scenario === 'plan' || scenario === 'verify' ? scenario : 'apply';

export interface ScenarioMeasurement {
  scenario: ScenarioName;
  zones: number;
  outcome: string;
  requests: number;
  /** The fewest requests that can establish the outcome (see bench/README.md). */
  lowerBound: number;
  wallMs: number;
  /** The wall time if every request that may overlap (the Map's concurrency) did, at the latency given. */
  criticalPathMs: number;
  /** The time the run's Lambda invocations spend waiting on BigCommerce, summed: what Lambda bills for. */
  lambdaBusyMs: number;
  /** States entered: what a Standard workflow is billed for. */
  transitions: number;
  /** Lambda invocations (Task states entered). */
  tasks: number;
}

/** Store, zone list, one list per zone, the writes, and a read-back of each zone written to. */
function lowerBound(scenario: ScenarioName, zones: number): number {
  switch (scenario) {
    case 'fresh':
      return 2 + zones * (1 + METHODS_PER_ZONE + 1);
    case 'drifted':
      return 2 + zones * 3;
    default:
      return 2 + zones;
  }
}

const writesPerZone = (scenario: ScenarioName): number =>
  scenario === 'fresh' ? METHODS_PER_ZONE : scenario === 'drifted' ? 1 : 0;

/** Verify reads back the zones written (every zone, in a verify run) at the Map's concurrency. */
function verifyWaves(scenario: ScenarioName, zones: number, concurrency: number): number {
  const readsBack = scenario === 'verify' || writesPerZone(scenario) > 0;
  return readsBack ? Math.ceil(zones / concurrency) : 0;
}

/** ResolveZones' two reads, then the Map's waves of zones (list and writes), then Verify's waves. */
function criticalPath(scenario: ScenarioName, zones: number, concurrency: number, latencyMs: number): number {
  const mapWaves = scenario === 'verify' ? 0 : Math.ceil(zones / concurrency) * (1 + writesPerZone(scenario));
  return latencyMs * (2 + mapWaves + verifyWaves(scenario, zones, concurrency));
}

/**
 * Lambda bills each invocation for its own duration, so the Map's parallel iterations add up where the critical
 * path overlaps them: ResolveZones' two reads, each zone's list and writes, and Verify's waves.
 */
function lambdaBusy(scenario: ScenarioName, zones: number, concurrency: number, latencyMs: number): number {
  const mapRequests = scenario === 'verify' ? 0 : zones * (1 + writesPerZone(scenario));
  return latencyMs * (2 + mapRequests + verifyWaves(scenario, zones, concurrency));
}

/** Changes the rate of each zone's first method, as another app editing the store would. */
async function drift(
  baseUrl: string,
  state: { methodsByZone: Record<string, { id: number; name: string }[]> },
) {
  for (const [zoneId, methods] of Object.entries(state.methodsByZone)) {
    const method = methods.find((candidate) => candidate.name === 'Method 01');
    if (!method) continue;
    await fetch(`${baseUrl}/shipping/zones/${zoneId}/methods/${method.id}`, {
      method: 'PUT',
      headers: {
        'X-Auth-Token': BENCH_TOKEN,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ settings: { rate: 99 } }),
    });
  }
}

/** The four scenarios of one store of `zones` zones, in order (each starts from the store the last left). */
export async function measureScenarios(
  asl: OnboardAsl,
  zones: number,
  latencyMs: number,
): Promise<ScenarioMeasurement[]> {
  const sandbox = await startSandbox({
    seed: storeSeed(zones),
    quota: 1_000_000,
    latency: { fixedMs: latencyMs },
  });
  try {
    const deps = benchDeps(sandbox.url);
    const profile = inlineProfile(zones, METHODS_PER_ZONE);
    const concurrency = mapMaxConcurrency(asl);
    const measurements: ScenarioMeasurement[] = [];
    for (const scenario of ['fresh', 'in-sync', 'plan', 'drifted', 'verify'] as const) {
      if (scenario === 'plan') await drift(sandbox.baseUrl(BENCH_STORE), sandbox.state(BENCH_STORE));
      sandbox.clearLog();
      const input: ExecutionInput = {
        storeHash: BENCH_STORE,
        profile,
        mode: modeOf(scenario),
      };
      const started = performance.now();
      const run = await runOnboardLocally(input, {
        deps,
        asl,
        executionName: `scenario-${zones}-${scenario}`,
      });
      const wallMs = performance.now() - started;
      if (run.status !== 'SUCCEEDED')
        throw new Error(`${scenario} run of ${zones} zones failed: ${run.error}`);
      const entered = run.events.filter((event) => event.type === 'StateEntered');
      measurements.push({
        scenario,
        zones,
        outcome: (run.output as RunSummary).outcome,
        requests: sandbox.requests.length,
        lowerBound: lowerBound(scenario, zones),
        wallMs,
        criticalPathMs: criticalPath(scenario, zones, concurrency, latencyMs),
        lambdaBusyMs: lambdaBusy(scenario, zones, concurrency, latencyMs),
        transitions: entered.length,
        tasks: entered.filter(
          (event) => event.type === 'StateEntered' && asl.definition && isTask(asl, event.state.name),
        ).length,
      });
    }
    return measurements;
  } finally {
    await sandbox.close();
  }
}

/** Whether a state (at any depth) is a Task. */
function isTask(asl: OnboardAsl, name: string): boolean {
  const search = (
    states: Record<string, { Type?: string; ItemProcessor?: { States: Record<string, unknown> } }>,
  ): boolean =>
    Object.entries(states).some(
      ([stateName, state]) =>
        (stateName === name && state.Type === 'Task') ||
        (state.ItemProcessor !== undefined && search(state.ItemProcessor.States as never)),
    );
  return search(asl.definition.States as never);
}
