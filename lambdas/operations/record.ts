/**
 * Record: the run's outcome, written to the store registry and announced as a `bcship.run.<outcome>` event.
 * Its result is the execution's output.
 */
import type { Deps, RunRecord } from '../platform/ports.ts';
import type { PlanAction } from '../shipping/types.ts';
import type { RunState, RunSummary, TaskInput } from '../workflow-contract.ts';
import { parseInput, RunStateTaskInputSchema } from './input.ts';

export function summarizeRun(state: RunState): RunSummary {
  const changes: PlanAction[] = [
    ...state.connected.actions,
    ...state.applied.flatMap((zone) => zone.actions),
  ];
  const mismatches = state.verification?.mismatches ?? [];
  return {
    storeHash: state.storeHash,
    profileName: state.profileName,
    mode: state.mode,
    outcome: outcomeOf(state.mode, changes, mismatches.length),
    changes,
    mismatches,
    zones: state.zones.map((zone) => ({
      zoneId: zone.zoneId,
      zoneName: zone.zoneName,
      methods: zone.methods.map((method) => ({ type: method.type, name: method.name })),
    })),
  };
}

function outcomeOf(
  mode: RunState['mode'],
  changes: PlanAction[],
  mismatchCount: number,
): RunSummary['outcome'] {
  switch (mode) {
    case 'plan':
      return 'planned';
    case 'verify':
      return mismatchCount > 0 ? 'drifted' : 'in-sync';
    case 'apply':
      return changes.length > 0 ? 'succeeded' : 'in-sync';
  }
}

export async function recordOperation(
  input: TaskInput<RunState>,
  deps: Deps,
  now: () => Date = () => new Date(),
): Promise<RunSummary> {
  const summary = summarizeRun(input.state);
  const run: RunRecord = {
    storeHash: summary.storeHash,
    profileName: summary.profileName,
    mode: summary.mode,
    outcome: summary.outcome,
    changes: summary.changes,
    mismatches: summary.mismatches,
    executionId: input.executionId,
    trigger: input.state.trigger,
    finishedAt: now().toISOString(),
  };
  await deps.registry.recordRun(run);
  await deps.events.publish(`bcship.run.${summary.outcome}`, { ...run });
  return summary;
}

export const recordTask = async (event: unknown, deps: Deps): Promise<RunSummary> =>
  recordOperation(parseInput(RunStateTaskInputSchema, event), deps);
