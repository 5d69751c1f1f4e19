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
 * and an EventBridge entry is limited to 256 KB. The full run is the `report` artifact, assembled here from
 * the artifacts the tasks before wrote; the execution output and the registry's last run list its first
 * changes and mismatches, with their counts and where the report is.
 */
import type { Deps, RunRecord } from '../platform/ports.ts';
import type { PlanAction } from '../shipping/types.ts';
import {
  RUN_ARTIFACT,
  type RunReport,
  type RunState,
  type RunSummary,
  type TaskInput,
  type ZoneResult,
} from '../workflow-contract.ts';
import { mapConcurrently } from './concurrency.ts';
import { RunStateTaskInputSchema, VerificationResultSchema, ZoneResultSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { readArtifact, readResolvedRun } from './run-artifacts.ts';

/** An error message in an event is cut here; the run record keeps all of it. */
const MAX_EVENT_ERROR_MESSAGE = 2_000;

/**
 * How much of each list the execution output and the registry's last run carry: a state must stay well under
 * Step Functions' 256 KB and a registry item under DynamoDB's 400 KB, whatever the store. The rest is in the
 * report artifact; the byte budgets keep the output under 64 KB however large one change is.
 */
export const LISTED_BYTES = { changes: 16_384, mismatches: 16_384, warnings: 4_096, zones: 8_192 } as const;

/** The first items whose JSON fits in `budget` bytes (at least none, at most all). */
export function firstWithin<T>(items: readonly T[], budget: number): T[] {
  const listed: T[] = [];
  let used = 2;
  for (const item of items) {
    used += Buffer.byteLength(JSON.stringify(item), 'utf8') + 1;
    if (used > budget) break;
    listed.push(item);
  }
  return listed;
}

/** The run in full, from the state and the artifacts the tasks before Record wrote. */
export async function assembleReport(input: TaskInput<RunState>, deps: Deps): Promise<RunReport> {
  const { state, executionId } = input;
  const resolved = await readResolvedRun(deps.artifacts, executionId);
  const zoneResults = await readZoneResults(input, deps);
  const verification = state.verification
    ? await readArtifact(deps.artifacts, executionId, RUN_ARTIFACT.verification, VerificationResultSchema)
    : undefined;
  const changes: PlanAction[] = [
    ...resolved.zoneActions,
    ...state.connected.actions,
    ...zoneResults.flatMap((zone) => zone.actions),
  ];
  const mismatches = verification?.mismatches ?? [];
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
      ...new Set([...zoneResults.flatMap((zone) => zone.warnings ?? []), ...(verification?.warnings ?? [])]),
    ],
    zones: resolved.zones.map((zone) => ({
      zoneId: zone.zoneId,
      zoneName: zone.zoneName,
      methods: zone.methods.map((method) => ({ type: method.type, name: method.name })),
    })),
    probe: state.probe,
  };
}

/** The zones' changes and warnings: the artifacts of the iterations that had some. */
async function readZoneResults(input: TaskInput<RunState>, deps: Deps): Promise<ZoneResult[]> {
  const keys = input.state.applied.flatMap((outcome, index) =>
    !outcome.failed && outcome.changes + outcome.warnings > 0 ? [RUN_ARTIFACT.zone(index)] : [],
  );
  return mapConcurrently(keys, ARTIFACT_READS_AT_ONCE, (key) =>
    readArtifact(deps.artifacts, input.executionId, key, ZoneResultSchema),
  );
}

/** Reads of the zones' artifacts in flight at once: S3 serves far more, this bounds the function's memory. */
const ARTIFACT_READS_AT_ONCE = 16;

/** The report with each list cut to its budget, the counts, and where the whole report is. */
export function summarizeReport(report: RunReport, location: string): RunSummary {
  return {
    ...report,
    changes: firstWithin(report.changes, LISTED_BYTES.changes),
    mismatches: firstWithin(report.mismatches, LISTED_BYTES.mismatches),
    warnings: firstWithin(report.warnings, LISTED_BYTES.warnings),
    zones: firstWithin(report.zones, LISTED_BYTES.zones),
    counts: {
      changes: report.changes.length,
      mismatches: report.mismatches.length,
      warnings: report.warnings.length,
      zones: report.zones.length,
    },
    report: location,
  };
}

function outcomeOf(
  mode: RunState['mode'],
  changes: PlanAction[],
  differenceCount: number,
): RunReport['outcome'] {
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
  const report = await assembleReport(input, deps);
  const location = await deps.artifacts.put(input.executionId, RUN_ARTIFACT.report, report);
  const summary = summarizeReport(report, location);
  const run: RunRecord = {
    storeHash: report.storeHash,
    profileName: report.profileName,
    mode: report.mode,
    outcome: report.outcome,
    changes: report.changes,
    mismatches: report.mismatches,
    executionId: input.executionId,
    trigger: input.state.trigger,
    finishedAt: now().toISOString(),
    ...(report.probe ? { probe: report.probe } : {}),
  };
  if (report.mode === 'apply') await deps.leases.release(report.storeHash, input.executionId);
  if (registersStore(input.state, report)) {
    // Before the run is recorded, so that a first registration gets it as its last run.
    await deps.stores.registerStore(report.storeHash, report.profileName);
  }
  // The registry keeps the lists as the output does (a DynamoDB item holds 400 KB); the event counts them all.
  await deps.stores.recordRun({
    ...run,
    changes: summary.changes,
    mismatches: summary.mismatches,
    counts: { changes: report.changes.length, mismatches: report.mismatches.length },
    report: location,
  });
  await deps.events.publish(`bcship.run.${report.outcome}`, runEventDetail(run));
  return summary;
}

function registersStore(state: RunState, summary: RunReport): boolean {
  const appliedWell = summary.outcome === 'succeeded' || summary.outcome === 'in-sync';
  return summary.mode === 'apply' && appliedWell && state.profileDeployed;
}

export const record = defineOperation({
  name: 'record',
  input: RunStateTaskInputSchema,
  timeoutSeconds: 30,
  uses: { registry: 'write', events: true, artifacts: 'read-write' },
  run: recordRun,
  report: ({ storeHash, mode, outcome, counts }) => ({
    counts: { RunsRecorded: 1, Changes: counts.changes, Drifted: outcome === 'drifted' ? 1 : 0 },
    summary: { storeHash, mode, outcome, changes: counts.changes, mismatches: counts.mismatches },
  }),
});
