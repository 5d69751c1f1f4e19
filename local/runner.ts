/**
 * Runs the Onboard state machine on this machine: the definition is the one `cdk synth` produces (extracted
 * by lib/asl.ts from the synthesized template), executed by aws-local-stepfunctions, with each Task mapped to
 * the real operation code through the function's BCSHIP_OPERATION. What AWS would provide comes in as Deps.
 */
import { randomInt } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { operationNamed } from '../lambdas/operations/index.ts';
import { type AnyOperation, runOperation } from '../lambdas/operations/operation.ts';
import { executionNameFor } from '../lambdas/platform/execution-names.ts';
import type { Deps } from '../lambdas/platform/ports.ts';
import type { ExecutionInput } from '../lambdas/workflow-contract.ts';
import { type OnboardAsl, synthesizeOnboardAsl } from '../lib/asl.ts';

/** One entry of the interpreter's event log (the package does not export the type). */
export type EventLog =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** Runs one Task's function on its (parsed) payload: resolves with its result, rejects with its error. */
export type TaskInvoker = (operationName: string, payload: unknown) => Promise<unknown>;

/**
 * How each Task runs: its operation in this process with these ports, or through `invokeTask` (tests route
 * Tasks to the deployed bundles with it). Either way the result makes Lambda's JSON round trip and an error
 * is shaped as Step Functions reports it.
 */
type TaskExecution = { deps: Deps; invokeTask?: never } | { invokeTask: TaskInvoker; deps?: never };

export type LocalRunOptions = LocalRunSettings & TaskExecution;

export interface LocalRunSettings {
  /** The synthesized definition; synthesized from lib/ (CDK context below) when absent. */
  asl?: OnboardAsl;
  /** CDK context for synthesis (e.g. `bcship:mapMaxConcurrency`). */
  context?: Record<string, unknown>;
  /** Wait this long before each retry instead of the definition's backoff (tests use 0). */
  retryDelayMs?: number;
  /** Execution name, as `$$.Execution.Name`; derived from the input when absent. */
  executionName?: string;
  onEvent?: (event: EventLog) => void;
  /**
   * Awaited before each task's operation runs. Tests use it to change the store at an exact point of the
   * flow (another app editing it mid-run, a store that does not keep a value), which events cannot do:
   * they are delivered asynchronously.
   */
  beforeTask?: (stateName: string, input: unknown) => Promise<void> | void;
}

/**
 * Step Functions' limit on a state's input or output, an execution's input and a task's result: 256 KiB of
 * UTF-8 JSON. Exceeding it ends the execution with `States.DataLimitExceeded`, which no Catch can handle.
 */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

export interface LocalExecution {
  executionName: string;
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
  events: EventLog[];
  /** The largest payload the limit was checked on: how close the run came to it, and where. */
  largestPayload: LargestPayload;
}

interface LargestPayload {
  bytes: number;
  /** Which payload: `The state 'Verify' input`, `The task 'Record' result`, … */
  what: string;
}

type TaskHandlers = NonNullable<
  NonNullable<Parameters<StateMachine['run']>[1]>['overrides']
>['taskResourceLocalHandlers'];

/** State name → operation, for every Task state at any depth (Map iterations included). */
function taskOperations(asl: OnboardAsl): Map<string, AnyOperation> {
  const byState = new Map<string, AnyOperation>();
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') {
        const task = asl.tasks[state.Resource as string];
        if (!task)
          throw new Error(`Task ${name} calls ${String(state.Resource)}, which is not a bcship function`);
        byState.set(name, operationNamed(task.operation));
      }
      const nested = (state.ItemProcessor ?? state.Iterator) as
        | { States?: Record<string, never> }
        | undefined;
      if (nested?.States) visit(nested.States);
      for (const branch of (state.Branches as { States: Record<string, never> }[] | undefined) ?? []) {
        visit(branch.States);
      }
    }
  };
  visit(asl.definition.States as Record<string, Record<string, unknown>>);
  return byState;
}

/** States that carry a Retry (their retry waits can be overridden). */
function retryingStates(states: Record<string, Record<string, unknown>>, into: string[] = []): string[] {
  for (const [name, state] of Object.entries(states)) {
    if (Array.isArray(state.Retry) && state.Retry.length > 0) into.push(name);
    const nested = (state.ItemProcessor ?? state.Iterator) as { States?: Record<string, never> } | undefined;
    if (nested?.States) retryingStates(nested.States, into);
  }
  return into;
}

/**
 * An error shaped the way Step Functions reports a Lambda failure: the name is the error type Retry and
 * Catch match, and the cause is the JSON document Lambda produces, so RecordFailure reads the same either way.
 */
class TaskFailure extends Error {
  constructor(error: unknown) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    super(message, { cause: JSON.stringify({ errorType: name, errorMessage: message }) });
    this.name = name;
  }
}

/**
 * The definition `cdk synth` deploys (the app reads cdk.json's context as the CDK CLI would). Bundling the
 * functions is skipped: it changes asset hashes, never the definition.
 */
export const synthesizeLocalAsl = (context: Record<string, unknown> = {}): OnboardAsl =>
  synthesizeOnboardAsl(context, { bundle: false });

/** Four random base-36 characters: what tells apart local runs started in the same millisecond. */
const randomRunSuffix = (): string =>
  randomInt(36 ** 4)
    .toString(36)
    .padStart(4, '0');

/**
 * Local runs are named like deployed ones (see execution-names.ts), with the start time to the millisecond
 * and a random suffix as the run id (`local` + yyMMddHHmmssSSS + suffix: the 24 characters a run id keeps).
 * The name is the id a store lease is held under, so two runs, in one process or two, must never share one.
 */
export const defaultExecutionName = (
  input: ExecutionInput,
  now = new Date(),
  suffix = randomRunSuffix(),
): string =>
  executionNameFor(
    input,
    `local${now
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(2, 17)}${suffix}`,
  );

/** The size Step Functions counts: the UTF-8 bytes of the payload as JSON. */
const payloadBytes = (payload: unknown): number => Buffer.byteLength(JSON.stringify(payload ?? null), 'utf8');

/**
 * Enforces the payload limit as Step Functions does: any state's input or output, the execution's input or a
 * task's result over PAYLOAD_LIMIT_BYTES ends the execution at once with States.DataLimitExceeded, past every
 * Catch. The interpreter reports payloads in its event log, which is read asynchronously: a task therefore
 * waits one turn of the event loop before it runs, and never runs once the limit was exceeded.
 */
class PayloadLimit {
  exceeded: { error: string; cause: string } | undefined;
  largest: LargestPayload = { bytes: 0, what: 'nothing yet' };
  /** Ends the execution; set once the interpreter has started it. */
  abort: () => void = () => undefined;

  observe(event: EventLog): void {
    if (event.type === 'ExecutionStarted') this.check('The execution input', event.input);
    if (event.type === 'StateEntered') this.check(`The state '${event.state.name}' input`, event.state.input);
    if (event.type === 'StateExited') {
      this.check(`The state '${event.state.name}' output`, event.state.output);
    }
  }

  check(what: string, payload: unknown): void {
    if (this.exceeded !== undefined) return;
    const bytes = payloadBytes(payload);
    if (bytes > this.largest.bytes) this.largest = { bytes, what };
    if (bytes <= PAYLOAD_LIMIT_BYTES) return;
    this.exceeded = {
      error: DATA_LIMIT_EXCEEDED,
      cause: `${what} has a size (${bytes} bytes) exceeding the maximum number of bytes service limit (${PAYLOAD_LIMIT_BYTES}).`,
    };
    this.abort();
  }

  /** Resolves when a task may run; never, once the execution has ended on the limit. */
  async clearance(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.exceeded !== undefined) await new Promise(() => undefined);
  }
}

/** A handler per Task state: the operation, run in process or through `invokeTask`, as Lambda would run it. */
function taskHandlers(
  asl: OnboardAsl,
  options: LocalRunOptions,
  limit: PayloadLimit,
): NonNullable<TaskHandlers> {
  const { deps } = options;
  const invoke: TaskInvoker =
    options.invokeTask === undefined
      ? (operationName, payload) => runOperation(operationNamed(operationName), payload, deps)
      : options.invokeTask;
  const handlers: NonNullable<TaskHandlers> = {};
  for (const [stateName, operation] of taskOperations(asl)) {
    handlers[stateName] = async (payload) => {
      await limit.clearance();
      // What the task receives, after its Parameters (or a Map's ItemSelector) built it from the state.
      limit.check(`The task '${stateName}' input`, payload);
      await limit.clearance();
      let result: unknown;
      try {
        await options.beforeTask?.(stateName, payload);
        // The JSON round trip is what Lambda does to a result: undefined fields vanish, dates become strings.
        result = JSON.parse(JSON.stringify((await invoke(operation.name, payload)) ?? null));
      } catch (error) {
        throw new TaskFailure(error);
      }
      limit.check(`The task '${stateName}' result`, result);
      await limit.clearance();
      return result as never;
    };
  }
  return handlers;
}

export async function runOnboardLocally(
  input: ExecutionInput,
  options: LocalRunOptions,
): Promise<LocalExecution> {
  const asl = options.asl ?? synthesizeLocalAsl(options.context);
  const executionName = options.executionName ?? defaultExecutionName(input);
  const limit = new PayloadLimit();
  const machine = new StateMachine(asl.definition as never, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: taskHandlers(asl, options, limit),
      retryIntervalOverrides: retryIntervals(asl, options.retryDelayMs),
    },
    context: {
      Execution: {
        Id: `arn:aws:states:local:000000000000:execution:Onboard:${executionName}`,
        Name: executionName,
        Input: input as never,
        StartTime: new Date().toISOString(),
      },
    },
  });
  limit.abort = execution.abort;

  const events: EventLog[] = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      limit.observe(event);
      events.push(event);
      options.onEvent?.(event);
    }
  })();

  try {
    const output = await execution.result;
    await collecting;
    return { executionName, status: 'SUCCEEDED', output, events, largestPayload: limit.largest };
  } catch (error) {
    await collecting;
    if (error instanceof ExecutionAbortedError && limit.exceeded) {
      return { executionName, status: 'FAILED', ...limit.exceeded, events, largestPayload: limit.largest };
    }
    if (!(error instanceof ExecutionError)) throw error;
    const failure = error.cause as Error;
    return {
      executionName,
      status: 'FAILED',
      error: failure.name,
      cause: failure.message,
      events,
      largestPayload: limit.largest,
    };
  }
}

/** Every retrying state waits `delayMs` instead of its backoff, when given. */
function retryIntervals(asl: OnboardAsl, delayMs: number | undefined): Record<string, number> {
  const intervals: Record<string, number> = {};
  if (delayMs === undefined) return intervals;
  for (const name of retryingStates(asl.definition.States as Record<string, Record<string, unknown>>)) {
    intervals[name] = delayMs;
  }
  return intervals;
}
