/**
 * ExecutionStarterPort on this machine: each start runs the synthesized Onboard state machine locally, in the
 * background, as Step Functions would run it after StartExecution returned. A name is used once, as Step
 * Functions uses it, so a trigger handled twice starts one run. `settled()` waits for every run started so far.
 */
import type { Deps, ExecutionStarterPort } from '../../lambdas/platform/ports.ts';
import type { ExecutionInput } from '../../lambdas/workflow-contract.ts';
import type { OnboardAsl } from '../../lib/asl.ts';
import { type LocalExecution, runOnboardLocally } from '../runner.ts';

export interface LocalExecutionsOptions {
  deps: Deps;
  /** The synthesized definition (synthesized on the first start when absent). */
  asl?: OnboardAsl;
  /** Called when a run has ended, whatever its outcome. */
  onEnd?: (execution: LocalExecution, input: ExecutionInput) => void;
}

export class LocalExecutions implements ExecutionStarterPort {
  private readonly runs = new Map<string, Promise<LocalExecution>>();
  /** Every execution started, by name, with its input, in the order they started. */
  readonly started: { name: string; input: ExecutionInput }[] = [];
  private readonly options: LocalExecutionsOptions;

  constructor(options: LocalExecutionsOptions) {
    this.options = options;
  }

  async start(input: ExecutionInput, name: string): Promise<{ started: boolean }> {
    if (this.runs.has(name)) return { started: false };
    this.started.push({ name, input: structuredClone(input) });
    const { deps, asl, onEnd } = this.options;
    const run = runOnboardLocally(input, { deps, executionName: name, ...(asl ? { asl } : {}) }).catch(
      (error: unknown): LocalExecution => ({
        executionName: name,
        status: 'FAILED',
        error: error instanceof Error ? error.name : 'Error',
        cause: error instanceof Error ? error.message : String(error),
        events: [],
        largestPayload: { bytes: 0, what: 'nothing: the run did not start' },
      }),
    );
    this.runs.set(
      name,
      run.then((execution) => {
        onEnd?.(execution, input);
        return execution;
      }),
    );
    return { started: true };
  }

  /** Every run started so far, once each has ended. */
  async settled(): Promise<LocalExecution[]> {
    return Promise.all(this.runs.values());
  }
}
