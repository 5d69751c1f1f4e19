/**
 * `bcship reconcile`: what the scheduled reconciliation does on AWS, over the local registry. The same
 * fan-out code lists and queues the stores and starts one verify run per store; here "starting" runs the
 * synthesized state machine locally, one store after another, and the command reports each store's outcome
 * and what drifted.
 */

import { applyDriftedStore } from '../lambdas/operations/hand-off-apply.ts';
import { planReconciliation } from '../lambdas/operations/reconcile-stores.ts';
import { startBatch } from '../lambdas/operations/start-reconciliations.ts';
import type { Deps, ExecutionStarterPort } from '../lambdas/platform/ports.ts';
import type { ExecutionInput, RunSummary } from '../lambdas/workflow-contract.ts';
import { MemoryReconcileProgress, MemoryReconcileQueue } from '../local/platform/memory-reconcile.ts';
import { type LocalExecution, runOnboardLocally, synthesizeLocalAsl } from '../local/runner.ts';
import { renderStoreRuns, type StoreRun } from './fleet-report.ts';
import type { CliIO } from './report.ts';
import { EXIT } from './run.ts';

/** A store's run as the CLI reports it: the summary of a run that ended, or its error. */
function storeRunOf(run: LocalExecution, input: ExecutionInput): StoreRun {
  const summary = run.output as RunSummary | undefined;
  const profile = summary?.profileName ?? String(input.profile);
  return run.status === 'SUCCEEDED' && summary
    ? {
        storeHash: summary.storeHash,
        profile,
        outcome: summary.outcome,
        changes: summary.changes,
        mismatches: summary.mismatches,
      }
    : {
        storeHash: input.storeHash,
        profile,
        outcome: 'failed',
        changes: [],
        mismatches: [],
        error: `${run.error}: ${run.cause}`,
      };
}

/**
 * The schedule's fan-out over the local registry: list and queue every store, then start each queued store's
 * verify run; with --apply a drifted store is handed to an apply, as the hand-off rule does on AWS.
 */
export async function reconcileLocally(
  options: { apply?: boolean; json?: boolean },
  deps: Deps,
  io: CliIO,
): Promise<number> {
  const asl = synthesizeLocalAsl();
  const runs: StoreRun[] = [];
  const runLocally = (input: ExecutionInput, name: string) =>
    runOnboardLocally(input, { deps, asl, executionName: name });
  const applies: ExecutionStarterPort = {
    async start(input, name) {
      runs.push(storeRunOf(await runLocally(input, name), input));
      return { started: true };
    },
  };
  const reconcileRuns: ExecutionStarterPort = {
    async start(input, name) {
      const run = await runLocally(input, name);
      const summary = run.output as RunSummary | undefined;
      if (options.apply && summary?.outcome === 'drifted' && input.trigger?.kind === 'schedule') {
        const trigger = { kind: 'schedule' as const, id: input.trigger.id ?? '' };
        const detail = { storeHash: summary.storeHash, profileName: summary.profileName, trigger };
        await applyDriftedStore(
          { detail: { ...detail, mode: 'verify', outcome: 'drifted' } },
          { executions: applies },
        );
      } else runs.push(storeRunOf(run, input));
      return { started: true };
    },
  };

  const scheduledTime = new Date().toISOString();
  const queue = new MemoryReconcileQueue();
  const reconcileProgress = new MemoryReconcileProgress();
  const plan = await planReconciliation(
    { scheduledTime, mode: options.apply ? 'apply' : 'verify' },
    { stores: deps.stores, reconcileQueue: queue, reconcileProgress, profiles: deps.profiles },
  );
  for (const batch of queue.receive(queue.messages.length)) {
    await startBatch(
      batch,
      { reconcileProgress, reconcileRuns },
      { owner: 'local', startsPerSecond: Infinity },
    );
  }
  const deployed = new Set(deps.profiles.names());
  const skipped =
    plan.skipped === 0
      ? []
      : (await deps.stores.listStores()).filter((store) => !deployed.has(store.profileName));
  for (const store of skipped) {
    runs.push({
      storeHash: store.storeHash,
      profile: '',
      outcome: 'skipped',
      changes: [],
      mismatches: [],
      error: `profile "${store.profileName}" is not deployed; apply a deployed profile to the store to reconcile it again`,
    });
  }
  const drifted = runs.some((run) => run.outcome === 'drifted' || run.outcome === 'failed');
  if (options.json) io.out(JSON.stringify(runs, null, 2));
  else if (runs.length === 0)
    io.out('no stores registered yet: an apply with a profile from profiles/ registers one');
  else io.out(renderStoreRuns(runs));
  return drifted ? EXIT.mismatch : EXIT.ok;
}
