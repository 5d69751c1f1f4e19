/** Turns the local interpreter's event log and AWS execution history into progress signals. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { EventLog } from '../local/runner.ts';
import type { ProgressSignal } from './progress.ts';

export function signalsFromLocalEvents(): (event: EventLog) => ProgressSignal | undefined {
  const lastError = new Map<string, string>();
  return (event) => {
    switch (event.type) {
      case 'StateEntered':
        return { kind: 'entered', state: event.state.name };
      case 'StateExited':
        return { kind: 'exited', state: event.state.name };
      case 'StateFailed':
        lastError.set(event.state.name, event.Error);
        return undefined;
      case 'StateRetried':
        return {
          kind: 'retried',
          state: event.state.name,
          error: lastError.get(event.state.name) ?? 'an error',
        };
      case 'MapIterationStarted':
        return { kind: 'iteration', state: event.parentState.name, index: event.index, status: 'started' };
      case 'MapIterationSucceeded':
        return { kind: 'iteration', state: event.parentState.name, index: event.index, status: 'succeeded' };
      case 'MapIterationFailed':
        return { kind: 'iteration', state: event.parentState.name, index: event.index, status: 'failed' };
      case 'ExecutionSucceeded':
        return { kind: 'ended', status: 'SUCCEEDED' };
      case 'ExecutionFailed':
      case 'ExecutionAborted':
      case 'ExecutionTimeout':
        return { kind: 'ended', status: 'FAILED' };
      default:
        return undefined;
    }
  };
}

/** AWS history: `*StateEntered`/`*StateExited` carry the state name; Lambda failures precede retries. */
export function signalsFromHistory(): (event: HistoryEvent) => ProgressSignal | undefined {
  let lastFailedError: string | undefined;
  let currentState: string | undefined;
  return (event) => {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name) {
      currentState = event.stateEnteredEventDetails.name;
      return { kind: 'entered', state: currentState };
    }
    if (type.endsWith('StateExited') && event.stateExitedEventDetails?.name) {
      return { kind: 'exited', state: event.stateExitedEventDetails.name };
    }
    if (type === 'LambdaFunctionFailed' || type === 'LambdaFunctionTimedOut') {
      lastFailedError = event.lambdaFunctionFailedEventDetails?.error ?? 'States.Timeout';
      return undefined;
    }
    if (type === 'LambdaFunctionScheduled' && lastFailedError && currentState) {
      const error = lastFailedError;
      lastFailedError = undefined;
      return { kind: 'retried', state: currentState, error };
    }
    if (type === 'MapIterationStarted' || type === 'MapIterationSucceeded' || type === 'MapIterationFailed') {
      const details = event.mapIterationStartedEventDetails ??
        event.mapIterationSucceededEventDetails ??
        event.mapIterationFailedEventDetails ?? { name: 'ApplyZones', index: 0 };
      const status =
        type === 'MapIterationStarted'
          ? 'started'
          : type === 'MapIterationSucceeded'
            ? 'succeeded'
            : 'failed';
      return { kind: 'iteration', state: details.name ?? 'ApplyZones', index: details.index ?? 0, status };
    }
    if (type === 'ExecutionSucceeded') return { kind: 'ended', status: 'SUCCEEDED' };
    if (type === 'ExecutionFailed' || type === 'ExecutionAborted' || type === 'ExecutionTimedOut') {
      return { kind: 'ended', status: 'FAILED' };
    }
    return undefined;
  };
}
