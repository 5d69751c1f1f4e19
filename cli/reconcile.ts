/**
 * `bcship reconcile`: what the scheduled reconciliation does on AWS, over the local registry. The same
 * operation starts one execution per registered store; here "starting" runs the synthesized state machine
 * locally, one store after another, and the command reports each store's outcome and what drifted.
 */

import { startReconciliation } from '../lambdas/operations/reconcile-stores.ts';
import type { Deps, ExecutionStarterPort } from '../lambdas/platform/ports.ts';
import type { RunSummary } from '../lambdas/workflow-contract.ts';
import { runOnboardLocally, synthesizeLocalAsl } from '../local/runner.ts';
import { renderStoreRuns, type StoreRun } from './fleet-report.ts';
import type { CliIO } from './report.ts';
import { EXIT } from './run.ts';

export async function reconcileLocally(
  options: { apply?: boolean; json?: boolean },
  deps: Deps,
  io: CliIO,
): Promise<number> {
  const asl = synthesizeLocalAsl();
  const runs: StoreRun[] = [];
  const executions: ExecutionStarterPort = {
    async start(input, name) {
      const run = await runOnboardLocally(input, { deps, asl, executionName: name });
      const summary = run.output as RunSummary | undefined;
      const profile = summary?.profileName ?? String(input.profile);
      runs.push(
        run.status === 'SUCCEEDED' && summary
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
            },
      );
      return { started: true };
    },
  };

  const result = await startReconciliation(
    { scheduledTime: new Date().toISOString(), mode: options.apply ? 'apply' : 'verify' },
    { stores: deps.stores, executions, profiles: deps.profiles },
    { concurrency: 1 },
  );
  for (const skip of result.skipped) {
    runs.push({
      storeHash: skip.storeHash,
      profile: '',
      outcome: 'skipped',
      changes: [],
      mismatches: [],
      error: skip.reason,
    });
  }
  const drifted = runs.some((run) => run.outcome === 'drifted' || run.outcome === 'failed');
  if (options.json) io.out(JSON.stringify(runs, null, 2));
  else if (runs.length === 0)
    io.out('no stores registered yet: an apply with a profile from profiles/ registers one');
  else io.out(renderStoreRuns(runs));
  return drifted ? EXIT.mismatch : EXIT.ok;
}
