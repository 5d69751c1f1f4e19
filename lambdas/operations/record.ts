/**
 * Record: the run's outcome, written to the store registry and announced as a `bcship.run.<outcome>` event.
 * Its result is the execution's output. An apply run gives its store's lease back first: the store is done
 * with, whatever happens to the recording.
 *
 * An apply of a deployed profile that got here was applied and verified, so the store is registered with that
 * profile (or moved to it), and scheduled reconciliation runs what was last applied. Registering only now
 * means a run that failed or was rolled back never registers a profile that did not take effect. Carriers
 * ConnectCarriers remembered for the store before it was registered are kept by the registration.
 *
 * The event carries counts and ids, not the changes themselves: an update's `previous` method can be large,
 * and an EventBridge entry is limited to 256 KB. The full run is in the registry and in the execution output.
 */
import type { Deps, RunRecord } from '../platform/ports.ts';
import type { PlanAction } from '../shipping/types.ts';
import type { RunState, RunSummary, TaskInput } from '../workflow-contract.ts';
import { RunStateTaskInputSchema } from './input.ts';
import { defineOperation } from './operation.ts';

/** An error message in an event is cut here; the run record keeps all of it. */
const MAX_EVENT_ERROR_MESSAGE = 2_000;

export function summarizeRun(state: RunState): RunSummary {
  const changes: PlanAction[] = [
    // States written before zones as code have none.
    ...(state.zoneActions ?? []),
    ...state.connected.actions,
    ...state.applied.flatMap((zone) => zone.actions),
  ];
  const mismatches = state.verification?.mismatches ?? [];
  return {
    storeHash: state.storeHash,
    profileName: state.profileName,
    mode: state.mode,
    // In mode verify a shopper offered something other than the profile expects is drift like any other.
    outcome: outcomeOf(state.mode, changes, mismatches.length + (state.probe?.ok === false ? 1 : 0)),
    changes,
    mismatches,
    // Apply and Verify both see a duplicate that is left alone: it is reported once.
    warnings: [
      ...new Set([
        ...state.applied.flatMap((zone) => zone.warnings ?? []),
        ...(state.verification?.warnings ?? []),
      ]),
    ],
    zones: state.zones.map((zone) => ({
      zoneId: zone.zoneId,
      zoneName: zone.zoneName,
      methods: zone.methods.map((method) => ({ type: method.type, name: method.name })),
    })),
    probe: state.probe,
  };
}

function outcomeOf(
  mode: RunState['mode'],
  changes: PlanAction[],
  differenceCount: number,
): RunSummary['outcome'] {
  switch (mode) {
    case 'plan':
      return 'planned';
    case 'verify':
      return differenceCount > 0 ? 'drifted' : 'in-sync';
    case 'apply':
      return changes.length > 0 ? 'succeeded' : 'in-sync';
  }
}

/** What a `bcship.run.*` event says about a run: who, what, how it ended, and how much, in a bounded size. */
export function runEventDetail(run: RunRecord): Record<string, unknown> {
  const countsOf = (kinds: string[]) => {
    const counts: Record<string, number> = {};
    for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
    return { total: kinds.length, ...counts };
  };
  const zoneIds = new Set<number>();
  for (const item of [...run.changes, ...run.mismatches]) if ('zoneId' in item) zoneIds.add(item.zoneId);
  const carrierIds = run.changes.flatMap((change) =>
    change.kind === 'connect-carrier' ? [change.carrierId] : [],
  );
  return {
    // The same for every publication of one run's end (a retried Record, the status-change rule): consumers
    // dedupe on it.
    eventId: `${run.executionId}/${run.outcome}`,
    storeHash: run.storeHash,
    profileName: run.profileName,
    mode: run.mode,
    outcome: run.outcome,
    executionId: run.executionId,
    trigger: run.trigger,
    finishedAt: run.finishedAt,
    changes: countsOf(run.changes.map((change) => change.kind)),
    mismatches: countsOf(run.mismatches.map((mismatch) => mismatch.kind)),
    zoneIds: [...zoneIds].sort((a, b) => a - b),
    carrierIds: [...new Set(carrierIds)].sort(),
    ...(run.error
      ? {
          error: {
            name: run.error.name,
            message: run.error.message.slice(0, MAX_EVENT_ERROR_MESSAGE),
          },
        }
      : {}),
  };
}

/** The clock is injectable so tests can pin `finishedAt`. */
export async function recordRun(
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
    ...(summary.probe ? { probe: summary.probe } : {}),
  };
  if (summary.mode === 'apply') await deps.leases.release(summary.storeHash, input.executionId);
  if (registersStore(input.state, summary)) {
    // Before the run is recorded, so that a first registration gets it as its last run.
    await deps.stores.registerStore(summary.storeHash, summary.profileName);
  }
  await deps.stores.recordRun(run);
  await deps.events.publish(`bcship.run.${summary.outcome}`, runEventDetail(run));
  return summary;
}

function registersStore(state: RunState, summary: RunSummary): boolean {
  const appliedWell = summary.outcome === 'succeeded' || summary.outcome === 'in-sync';
  return summary.mode === 'apply' && appliedWell && state.profileDeployed;
}

export const record = defineOperation({
  name: 'record',
  input: RunStateTaskInputSchema,
  timeoutSeconds: 30,
  uses: { registry: 'write', events: true },
  run: recordRun,
  report: ({ storeHash, mode, outcome, changes, mismatches }) => ({
    counts: { RunsRecorded: 1, Changes: changes.length, Drifted: outcome === 'drifted' ? 1 : 0 },
    summary: { storeHash, mode, outcome, changes: changes.length, mismatches: mismatches.length },
  }),
});
