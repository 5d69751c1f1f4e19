/**
 * RecordFailure: any task's caught error ends here (after Rollback when one was asked for). It gives the
 * store's lease back (an apply run held it since ResolveZones; nothing is written to the store after this),
 * records the failed run, announces `bcship.run.failed` (the compact detail Record publishes too), and hands
 * the Fail state a readable error and cause.
 */
import type { Deps, NotUndoneChange, RunRecord } from '../platform/ports.ts';
import type { CaughtError, FailureSummary, Mode } from '../workflow-contract.ts';
import { MODES, storeHashOf } from '../workflow-contract.ts';
import { type FailureTaskInput, FailureTaskInputSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { runEventDetail } from './record.ts';
import { changesNotUndone, notUndoneReport } from './undo-report.ts';

/**
 * The message a person should read. Lambda hands over `{"errorType","errorMessage","trace"}` as a JSON
 * string; the trace is for developers and stays in the logs.
 */
export function readableCause(error: CaughtError): string {
  const cause = error.Cause?.trim();
  if (!cause) return error.Error;
  try {
    const parsed: unknown = JSON.parse(cause);
    if (parsed !== null && typeof parsed === 'object') {
      const message = (parsed as Record<string, unknown>).errorMessage;
      if (typeof message === 'string' && message !== '') return message;
    }
  } catch {
    // Not JSON: a plain-text cause (States.* errors, the local runner) is already readable.
  }
  return cause;
}

/** The clock is injectable so tests can pin `finishedAt`. */
export async function recordRunFailure(
  input: FailureTaskInput,
  deps: Deps,
  now: () => Date = () => new Date(),
): Promise<FailureSummary> {
  const { state, executionId } = input;
  const rolledBack = state.rolledBack !== undefined && state.rolledBack !== false;
  // Read as ResolveZones reads it (lower case): a run that failed there still has the raw execution input.
  const storeHash = storeHashOf(state.storeHash);
  const notUndone =
    state.rollbackError && storeHash !== undefined
      ? await changesNotUndone(deps.journal, storeHash, executionId)
      : [];
  const cause = readableCause(state.error) + rollbackNote(state, storeHash, executionId, notUndone);
  const failure = { error: state.error.Error, cause };
  const mode = modeOf(state.mode);
  const run: RunRecord = {
    storeHash: storeHash ?? (typeof state.storeHash === 'string' ? state.storeHash : '(unknown)'),
    profileName: profileNameOf(state),
    mode,
    outcome: failureOutcome(mode, failure.error, rolledBack),
    executionId,
    trigger: triggerOf(state.trigger),
    finishedAt: now().toISOString(),
    changes: [],
    mismatches: [],
    error: { name: failure.error, message: cause },
    // Bounded: a registry item holds at most 400 KB, and the record is kept twice (the run, the store's last run).
    ...(notUndone.length > 0 ? { notUndone: notUndone.slice(0, RECORDED_NOT_UNDONE) } : {}),
  };
  // A run that failed on its input may not name a store the registry can key.
  if (storeHash !== undefined) {
    // Released first, so that failing to record does not keep the store from other runs until the lease
    // lapses. A run that never took the lease (it failed first, or found the store busy) releases nothing.
    if (run.mode === 'apply') await deps.leases.release(run.storeHash, executionId);
    await deps.stores.recordRun(run);
  }
  await deps.events.publish(`bcship.run.${run.outcome === 'busy' ? 'busy' : 'failed'}`, {
    ...runEventDetail(run),
    rolledBack,
  });
  return { failure, rolledBack };
}

/** The most changes not undone a run record lists; the cause gives their number. */
const RECORDED_NOT_UNDONE = 100;

/** A rollback that failed too: its error, what it left in the store and the command that finishes it. */
function rollbackNote(
  state: FailureTaskInput['state'],
  storeHash: string | undefined,
  executionId: string,
  notUndone: NotUndoneChange[],
): string {
  if (!state.rollbackError) return '';
  const error = `${state.rollbackError.Error}: ${readableCause(state.rollbackError)}`;
  const left = storeHash === undefined ? '' : `\n${notUndoneReport(storeHash, executionId, notUndone)}`;
  return `\nRolling back failed too: ${error}${left}`;
}

/** RunState has `profileName`; the raw execution input has `profile`, a name or an inline profile. */
function profileNameOf(state: FailureTaskInput['state']): string {
  if (typeof state.profileName === 'string') return state.profileName;
  const profile = state.profile;
  if (typeof profile === 'string') return profile;
  if (profile !== null && typeof profile === 'object') {
    const name = (profile as Record<string, unknown>).name;
    if (typeof name === 'string') return name;
  }
  return '(unknown)';
}

/**
 * A verify that waited out an apply holding the store never compared anything: it is `busy`, neither drift nor
 * a failure of the store (the next reconciliation verifies it).
 */
function failureOutcome(mode: Mode, error: string, rolledBack: boolean): RunRecord['outcome'] {
  if (rolledBack) return 'rolled-back';
  return mode === 'verify' && error === 'StoreBusy' ? 'busy' : 'failed';
}

function modeOf(mode: unknown): Mode {
  return MODES.find((m) => m === mode) ?? 'apply';
}

function triggerOf(trigger: unknown): RunRecord['trigger'] {
  if (trigger !== null && typeof trigger === 'object') {
    const { kind, id } = trigger as Record<string, unknown>;
    if (typeof kind === 'string') return { kind, ...(typeof id === 'string' ? { id } : {}) };
  }
  return { kind: 'manual' };
}

export const recordFailure = defineOperation({
  name: 'record-failure',
  input: FailureTaskInputSchema,
  timeoutSeconds: 30,
  // Query: a run whose rollback failed too lists what its journal still holds (changesNotUndone).
  uses: { registry: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], events: true },
  run: recordRunFailure,
  report: ({ failure, rolledBack }) => ({
    counts: { RunsFailed: 1, RunsRolledBack: rolledBack ? 1 : 0 },
    summary: { error: failure.error, cause: failure.cause, rolledBack },
  }),
});
