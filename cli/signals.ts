/** Turns the local interpreter's event log and AWS execution history into progress signals. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { readableCause } from '../lambdas/operations/record-failure.ts';
import type { ZoneOutcome } from '../lambdas/workflow-contract.ts';
import type { EventLog } from '../local/runner.ts';
import type { ProgressSignal, ZoneProgress } from './progress.ts';

/** The Map state whose output lists how each zone ended. */
const ZONES_STATE = 'ApplyZones';

/** How each zone ended, from the ApplyZones output (`$.applied`); nothing when it is not there. */
function zonesOf(output: unknown): ProgressSignal[] {
  const applied = (output as { applied?: unknown } | null)?.applied;
  if (!Array.isArray(applied)) return [];
  const zones = (applied as ZoneOutcome[]).map(
    (zone): ZoneProgress => ({
      zoneId: zone.zoneId,
      zoneName: zone.zoneName,
      actions: typeof zone.changes === 'number' ? zone.changes : 0,
      failed: zone.failed === true,
      ...(zone.error ? { error: `${zone.error.Error}: ${readableCause(zone.error)}` } : {}),
    }),
  );
  return [{ kind: 'zones', zones }];
}

const errorText = (error: string, cause: unknown): string =>
  `${error}: ${readableCause({ Error: error, Cause: typeof cause === 'string' ? cause : undefined })}`;

export function signalsFromLocalEvents(): (event: EventLog) => ProgressSignal[] {
  const lastError = new Map<string, string>();
  return (event) => {
    switch (event.type) {
      case 'StateEntered':
        return [{ kind: 'entered', state: event.state.name }];
      case 'StateExited':
        return [
          ...(event.state.name === ZONES_STATE ? zonesOf(event.state.output) : []),
          { kind: 'exited', state: event.state.name },
        ];
      case 'StateFailed':
        lastError.set(event.state.name, errorText(event.Error, event.Cause));
        return [];
      case 'StateRetried':
        return [
          { kind: 'retried', state: event.state.name, error: lastError.get(event.state.name) ?? 'an error' },
        ];
      case 'StateCaught':
        return [
          { kind: 'failed', state: event.state.name, error: lastError.get(event.state.name) ?? 'an error' },
        ];
      case 'ExecutionSucceeded':
        return [{ kind: 'ended', status: 'SUCCEEDED' }];
      case 'ExecutionFailed':
      case 'ExecutionAborted':
      case 'ExecutionTimeout':
        return [{ kind: 'ended', status: 'FAILED' }];
      default:
        return [];
    }
  };
}

const parsed = (json: string | undefined): unknown => {
  try {
    return json === undefined ? undefined : JSON.parse(json);
  } catch {
    return undefined;
  }
};

/**
 * AWS history: `*StateEntered`/`*StateExited` carry the state name; a Lambda failure is followed by the next
 * attempt (a retry) or by the state's exit (caught: the run goes to its failure path).
 */
export function signalsFromHistory(): (event: HistoryEvent) => ProgressSignal[] {
  let lastFailedError: string | undefined;
  let currentState: string | undefined;
  return (event) => {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name) {
      currentState = event.stateEnteredEventDetails.name;
      return [{ kind: 'entered', state: currentState }];
    }
    if (type.endsWith('StateExited') && event.stateExitedEventDetails?.name) {
      const { name, output } = event.stateExitedEventDetails;
      const caught: ProgressSignal[] = lastFailedError
        ? [{ kind: 'failed', state: name, error: lastFailedError }]
        : [];
      lastFailedError = undefined;
      const zones = name === ZONES_STATE ? zonesOf(parsed(output)) : [];
      return [...caught, ...zones, { kind: 'exited', state: name }];
    }
    if (type === 'LambdaFunctionFailed' || type === 'LambdaFunctionTimedOut') {
      const details = event.lambdaFunctionFailedEventDetails ?? event.lambdaFunctionTimedOutEventDetails;
      lastFailedError = errorText(details?.error ?? 'States.Timeout', details?.cause);
      return [];
    }
    if (type === 'LambdaFunctionScheduled' && lastFailedError && currentState) {
      const error = lastFailedError;
      lastFailedError = undefined;
      return [{ kind: 'retried', state: currentState, error }];
    }
    if (type === 'ExecutionSucceeded') return [{ kind: 'ended', status: 'SUCCEEDED' }];
    if (type === 'ExecutionFailed' || type === 'ExecutionAborted' || type === 'ExecutionTimedOut') {
      return [{ kind: 'ended', status: 'FAILED' }];
    }
    return [];
  };
}
