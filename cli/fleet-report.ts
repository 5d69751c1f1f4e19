/**
 * What a command over many stores prints at its end: one row per store (store, profile, outcome, changes,
 * drift), then, store by store, what changed or would change and what drifted. `reconcile` and every
 * `--stores`/`--all` run share it, so an operator reads one format whichever command ran.
 */
import { describeAction, describeMismatch } from '../lambdas/shipping/index.ts';
import type { Mismatch, PlanAction } from '../lambdas/shipping/types.ts';
import { table, terminalSafe } from './report.ts';

export interface StoreRun {
  storeHash: string;
  profile: string;
  /** The run's outcome (`succeeded`, `in-sync`, `planned`, `drifted`, `exported`), or `failed`. */
  outcome: string;
  changes: PlanAction[];
  mismatches: Mismatch[];
  /** `Name: cause` of a failed run. */
  error?: string;
}

export function renderStoreRuns(runs: readonly StoreRun[]): string {
  const ordered = [...runs].sort((a, b) => a.storeHash.localeCompare(b.storeHash));
  const rows = ordered.map((run) => [
    run.storeHash,
    run.profile,
    run.outcome,
    String(run.changes.length),
    String(run.mismatches.length),
  ]);
  const details = ordered.flatMap((run) => {
    const lines = [
      ...run.changes.map((change) => `  ${describeAction(change)}`),
      ...run.mismatches.map((mismatch) => `  ✗ ${describeMismatch(mismatch)}`),
      ...(run.error ? [`  ${run.error.split('\n')[0]}`] : []),
    ];
    return lines.length === 0 ? [] : ['', `${run.storeHash}:`, ...lines.map(terminalSafe)];
  });
  return [table(['store', 'profile', 'outcome', 'changes', 'drift'], rows), ...details].join('\n');
}
