/**
 * Convergence under faults: N onboardings, each of a fresh sandbox store that fails 20 % of requests (5xx,
 * reset connections, timeouts) and loses the response of 5 % of writes after making the change. Prints how
 * many converged on the first try (the execution succeeded and verified, no manual re-run) and how many
 * duplicate methods the stores ended with, next to the goals: N of N, and 0.
 *
 * Then rollback under faults: R runs forced to fail at their last zone, with `rollback: true` and about 12 %
 * of requests failing during the apply and the rollback (bench/rollback-under-faults.ts). Prints how many
 * stores were restored exactly by the state machine's own retries (no re-run) and the journal entries that
 * duplicated a change, next to the goals: R of R, and 0.
 *
 *   npm run bench:faults                              # 200 onboardings, 50 rollbacks
 *   npm run bench:faults -- --runs 50 --rollbacks 10
 *
 * The definition's retries run with their real attempt counts; only their waits are cut (`retryDelayMs`),
 * and the client's request timeout is short, so that a timeout fault costs half a second rather than 15.
 */
import type { RunSummary } from '../lambdas/workflow-contract.ts';
import { runOnboardLocally, synthesizeLocalAsl } from '../local/runner.ts';
import { type FaultSpec, startSandbox } from '../sandbox/index.ts';
import { BENCH_STORE, inlineProfile, storeSeed } from './fixtures.ts';
import { benchDeps } from './onboard.ts';
import { rollbackUnderFaults } from './rollback-under-faults.ts';

const ZONES = 4;
const METHODS_PER_ZONE = 3;
const REQUEST_TIMEOUT_MS = 500;

/** 20 % of every request fails (writes lose a further 5 %: the change is made, its answer never arrives). */
const faultsFor = (seed: number): FaultSpec => ({
  seed,
  rules: [
    { kind: 'lost', probability: 0.05 },
    { kind: '503', probability: 0.06 },
    { kind: '500', probability: 0.04 },
    { kind: '502', probability: 0.03 },
    { kind: 'reset', probability: 0.04 },
    { kind: 'timeout', probability: 0.03 },
  ],
});

interface Onboarding {
  converged: boolean;
  duplicates: number;
  error?: string;
}

/** Methods a zone holds more than once, by (type, name). */
function duplicatesIn(methodsByZone: Record<string, Array<{ type: string; name: string }>>): number {
  let duplicates = 0;
  for (const methods of Object.values(methodsByZone)) {
    const identities = methods.map((method) => `${method.type}:${method.name}`);
    duplicates += identities.length - new Set(identities).size;
  }
  return duplicates;
}

async function onboardUnderFaults(seed: number, asl: Asl): Promise<Onboarding> {
  const sandbox = await startSandbox({ seed: storeSeed(ZONES), faults: faultsFor(seed) });
  try {
    const deps = benchDeps(sandbox.url, { timeoutMs: REQUEST_TIMEOUT_MS });
    const execution = await runOnboardLocally(
      { storeHash: BENCH_STORE, profile: inlineProfile(ZONES, METHODS_PER_ZONE), mode: 'apply' },
      { deps, asl, executionName: `faults-${seed}`, retryDelayMs: 0 },
    );
    const outcome = (execution.output as RunSummary | undefined)?.outcome;
    return {
      converged: execution.status === 'SUCCEEDED' && outcome === 'succeeded',
      duplicates: duplicatesIn(sandbox.state(BENCH_STORE).methodsByZone),
      ...(execution.status === 'SUCCEEDED' ? {} : { error: `${execution.error}: ${execution.cause}` }),
    };
  } finally {
    await sandbox.close();
  }
}

/** A positive whole number given as `flag N`, or the fallback when the flag is absent. */
function countFrom(args: readonly string[], flag: string, fallback: number): number {
  const at = args.indexOf(flag);
  if (at < 0) return fallback;
  const count = Number(args[at + 1]);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`${flag} must be a positive integer, got ${args[at + 1]}`);
  return count;
}

type Asl = ReturnType<typeof synthesizeLocalAsl>;

/** Prints the onboardings' figures; true when they meet their goals. */
async function measureConvergence(runs: number, asl: Asl): Promise<boolean> {
  let converged = 0;
  let duplicates = 0;
  const failures: string[] = [];
  for (let seed = 1; seed <= runs; seed++) {
    const result = await onboardUnderFaults(seed, asl);
    if (result.converged) converged++;
    else failures.push(`seed ${seed}: ${result.error ?? 'did not converge'}`);
    duplicates += result.duplicates;
  }
  console.log(`Onboardings of ${ZONES} zones x ${METHODS_PER_ZONE} methods, 20 % faults + 5 % lost writes`);
  console.log(`  converged on the first try: ${converged}/${runs}   (goal: ${runs}/${runs})`);
  console.log(`  duplicate methods:          ${duplicates}   (goal: 0)`);
  for (const failure of failures) console.log(`  ${failure}`);
  return converged === runs && duplicates === 0;
}

/** Prints the rollbacks' figures; true when they meet their goals. */
async function measureRollbacks(runs: number, asl: Asl): Promise<boolean> {
  let restored = 0;
  let duplicates = 0;
  let entries = 0;
  let retries = 0;
  let mostRetries = 0;
  const failures: string[] = [];
  for (let seed = 1; seed <= runs; seed++) {
    const result = await rollbackUnderFaults(seed, asl);
    if (result.restored) restored++;
    else failures.push(`seed ${seed}: ${result.detail}`);
    duplicates += result.duplicates;
    entries += result.entries;
    retries += result.rollbackRetries;
    mostRetries = Math.max(mostRetries, result.rollbackRetries);
  }
  console.log('Forced failures rolled back, ~12 % faults during the apply and the rollback');
  console.log(`  restored exactly:           ${restored}/${runs}   (goal: ${runs}/${runs}, no re-run)`);
  console.log(`  duplicate journal entries:  ${duplicates} of ${entries}   (goal: 0)`);
  console.log(`  Rollback task retries:      ${retries} in all, at most ${mostRetries} in one run`);
  for (const failure of failures) console.log(`  ${failure}`);
  return restored === runs && duplicates === 0;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const runs = countFrom(args, '--runs', 200);
  const rollbacks = countFrom(args, '--rollbacks', 50);
  const asl = synthesizeLocalAsl();
  const converged = await measureConvergence(runs, asl);
  const restored = await measureRollbacks(rollbacks, asl);
  return converged && restored ? 0 : 1;
}

process.exitCode = await main();
