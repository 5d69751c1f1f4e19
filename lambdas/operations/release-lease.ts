/**
 * ReleaseLease: accounts for an Onboard execution that ended without Record or RecordFailure: stopped from the
 * console or the API, timed out, failed on a limit no Catch handles (States.DataLimitExceeded, States.Runtime),
 * or failed with its RecordFailure failing too. An EventBridge rule invokes it with the execution's status
 * change. It gives the store's lease back at once instead of when the lease lapses and, when no run of the
 * execution was recorded, records the run as failed and publishes `bcship.run.failed`, so every end reaches
 * the registry and the alerts. An execution that did record itself (RecordFailure ran, then the Fail state) is
 * only released: it is never recorded twice.
 *
 * It only ever gives back the lease of the execution the event names, and only if that execution still holds
 * it. The store and mode come from the execution input or, when the event left the input out for its size,
 * from the execution's name (`bcship-{store}-{mode}-…`). An event it cannot read is acknowledged with the
 * reason, not failed: a retry could only fail the same way, and the lease still lapses on its own.
 */
import * as z from 'zod/mini';
import type { EventsPort, LeasePort, RunRecord, StoreRegistryPort } from '../platform/ports.ts';
import { MODES, type Mode, storeHashOf } from '../workflow-contract.ts';
import { defineOperation } from './operation.ts';
import { runEventDetail } from './record.ts';
import { readableCause } from './record-failure.ts';

/** The statuses of an execution that has ended without necessarily giving its lease back. */
export const LEASE_RELEASING_STATUSES = ['ABORTED', 'TIMED_OUT', 'FAILED'] as const;

/** The part of a "Step Functions Execution Status Change" event read here. */
const StatusChangeSchema = z.object({
  detail: z.object({
    /** The execution's name: the id its lease was taken under (`$$.Execution.Name`). */
    name: z.string().check(z.minLength(1), z.maxLength(80)),
    status: z.string(),
    /** The execution input as a JSON string; left out when too large to include in the event. */
    input: z.nullish(z.string()),
    /** Epoch milliseconds. */
    startDate: z.nullish(z.number()),
    stopDate: z.nullish(z.number()),
    /** A failed execution's error and cause (absent for aborted and timed-out ones). */
    error: z.nullish(z.string()),
    cause: z.nullish(z.string()),
  }),
});

type StatusChange = z.infer<typeof StatusChangeSchema>['detail'];

export interface ReleaseLeaseDeps {
  leases: LeasePort;
  stores: StoreRegistryPort;
  events: EventsPort;
}

export type ReleaseLeaseResult =
  | {
      /** The lease was given back if the execution still held it. */
      outcome: 'released';
      storeHash: string;
      executionName: string;
      status: string;
      /** Whether the end was recorded here (no run of the execution had been). */
      recorded: boolean;
    }
  | { outcome: 'ignored'; reason: string; executionName?: string; status?: string };

async function run(event: unknown, deps: ReleaseLeaseDeps): Promise<ReleaseLeaseResult> {
  const parsed = StatusChangeSchema.safeParse(event);
  if (!parsed.success) {
    return { outcome: 'ignored', reason: 'not a Step Functions execution status change' };
  }
  const change = parsed.data.detail;
  const seen = { executionName: change.name, status: change.status };
  // An execution still running holds its lease rightly, whatever a misrouted event says.
  if (!(LEASE_RELEASING_STATUSES as readonly string[]).includes(change.status)) {
    return { outcome: 'ignored', reason: `status ${change.status} does not end a lease`, ...seen };
  }
  const execution = executionOf(change);
  if (execution.storeHash === undefined) {
    return { outcome: 'ignored', reason: 'neither the execution input nor its name names a store', ...seen };
  }
  const { storeHash } = execution;
  await deps.leases.release(storeHash, change.name);
  const since = change.startDate ? new Date(change.startDate).toISOString() : undefined;
  if (await deps.stores.runRecorded(storeHash, change.name, since)) {
    return { outcome: 'released', storeHash, ...seen, recorded: false };
  }
  const record = unrecordedRun(change, { ...execution, storeHash });
  await deps.stores.recordRun(record);
  await deps.events.publish('bcship.run.failed', { ...runEventDetail(record), rolledBack: false });
  return { outcome: 'released', storeHash, ...seen, recorded: true };
}

interface EndedExecution {
  storeHash: string | undefined;
  mode: Mode;
  profileName: string;
  trigger: RunRecord['trigger'];
}

/** What the input says of the execution or, when the event left it out, what its name says. */
function executionOf(change: StatusChange): EndedExecution {
  const input = parsedInput(change.input);
  const named = /^bcship-([a-z0-9]+)-(apply|plan|verify)-/i.exec(change.name);
  const profile = input?.profile;
  const trigger = input?.trigger as RunRecord['trigger'] | undefined;
  return {
    storeHash: storeHashOf(input?.storeHash ?? named?.[1]),
    mode: (MODES as readonly unknown[]).includes(input?.mode)
      ? (input?.mode as Mode)
      : modeOfName(named?.[2]),
    profileName:
      typeof profile === 'string'
        ? profile
        : typeof (profile as { name?: unknown } | undefined)?.name === 'string'
          ? String((profile as { name: string }).name)
          : '(unknown)',
    trigger: trigger !== undefined && typeof trigger.kind === 'string' ? trigger : { kind: 'manual' },
  };
}

const modeOfName = (mode: string | undefined): Mode =>
  (MODES as readonly string[]).includes(mode?.toLowerCase() ?? '') ? (mode!.toLowerCase() as Mode) : 'apply';

/** The run record of an end nothing recorded: failed, with Step Functions' error or the status. */
function unrecordedRun(change: StatusChange, execution: EndedExecution & { storeHash: string }): RunRecord {
  const error = change.error ?? `States.${change.status === 'TIMED_OUT' ? 'Timeout' : 'Aborted'}`;
  const cause =
    change.cause ??
    (change.status === 'TIMED_OUT'
      ? 'The execution ran past the state machine timeout'
      : `The execution ended ${change.status} without recording its result`);
  return {
    storeHash: execution.storeHash,
    profileName: execution.profileName,
    mode: execution.mode,
    outcome: 'failed',
    executionId: change.name,
    trigger: execution.trigger,
    finishedAt: new Date(change.stopDate ?? Date.now()).toISOString(),
    changes: [],
    mismatches: [],
    error: { name: error, message: readableCause({ Error: error, Cause: cause }) },
  };
}

function parsedInput(input: string | null | undefined): Record<string, unknown> | undefined {
  if (!input) return undefined;
  try {
    const value: unknown = JSON.parse(input);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const releaseLease = defineOperation({
  name: 'release-lease',
  // An event it cannot read is acknowledged with the reason (see `run`), so any event is accepted here.
  input: z.unknown(),
  timeoutSeconds: 30,
  // Releases the lease (UpdateItem), looks for the execution's run (Query) and records one (PutItem).
  uses: { registry: ['dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:PutItem'], events: true },
  run,
  // An ignored event is logged with its reason: it is the one trace of a lease left to lapse on its own.
  report: (result) => ({
    counts: {
      LeasesReleased: result.outcome === 'released' ? 1 : 0,
      LeaseEventsIgnored: result.outcome === 'ignored' ? 1 : 0,
    },
    summary: { ...result },
  }),
});
