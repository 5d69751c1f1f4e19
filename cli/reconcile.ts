/**
 * `bcship reconcile`: what the scheduled reconciliation does on AWS, over the local registry. The same
 * operation starts one execution per registered store; here "starting" runs the synthesized state machine
 * locally, one store after another, and the command reports each store's outcome.
 */

import { startReconciliation } from '../lambdas/operations/reconcile-stores.ts';
import type { Deps, ExecutionStarterPort } from '../lambdas/platform/ports.ts';
import type { RunSummary } from '../lambdas/workflow-contract.ts';
import { runOnboardLocally, synthesizeLocalAsl } from '../local/runner.ts';
import { type CliIO, terminalSafe } from './report.ts';
import { EXIT } from './run.ts';

export async function reconcileLocally(options: { apply?: boolean }, deps: Deps, io: CliIO): Promise<number> {
  const asl = synthesizeLocalAsl();
  const lines: string[] = [];
  let drifted = false;
  const executions: ExecutionStarterPort = {
    async start(input, name) {
      const run = await runOnboardLocally(input, { deps, asl, executionName: name });
      const summary = run.output as RunSummary | undefined;
      if (run.status !== 'SUCCEEDED' || summary?.outcome === 'drifted') drifted = true;
      lines.push(
        run.status === 'SUCCEEDED' && summary
          ? `${input.storeHash}  ${summary.profileName}  ${summary.outcome}  ` +
              `${summary.changes.length} change(s), ${summary.mismatches.length} mismatch(es)`
          : `${input.storeHash}  ${String(input.profile)}  failed  ${run.error}: ${run.cause}`,
      );
      return { started: true };
    },
  };

  const result = await startReconciliation(
    { scheduledTime: new Date().toISOString(), mode: options.apply ? 'apply' : 'verify' },
    { stores: deps.stores, executions, profiles: deps.profiles },
    { concurrency: 1 },
  );
  for (const skip of result.skipped) lines.push(`${skip.storeHash}  skipped  ${skip.reason}`);
  if (lines.length === 0) {
    io.out('no stores registered yet: an apply with a profile from profiles/ registers one');
    return EXIT.ok;
  }
  // A failure's cause may quote BigCommerce.
  for (const line of lines.sort()) io.out(terminalSafe(line));
  return drifted ? EXIT.mismatch : EXIT.ok;
}
