/**
 * ExecutionStarterPort on Step Functions: StartExecution under the caller's name. A name Step Functions has
 * already seen means the same trigger was handled before: nothing is started. Step Functions says so in one
 * of two ways: ExecutionAlreadyExists, or (same name, same input, the execution still running) a success
 * that returns the running execution, whose start date is then older than the request.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionStarterPort } from './ports.ts';

/** How far our clock may run ahead of Step Functions' without a start we made looking like an earlier one. */
const CLOCK_SKEW_MS = 1_000;

export interface StepFunctionsStarterOptions {
  client: SFNClient;
  /** `STATE_MACHINE_ARN`. */
  stateMachineArn: string;
}

export function createStepFunctionsStarter({
  client,
  stateMachineArn,
}: StepFunctionsStarterOptions): ExecutionStarterPort {
  return {
    async start(input, name) {
      // Imported here rather than with the module, so that only a function that starts executions loads the SDK.
      const { ExecutionAlreadyExists, StartExecutionCommand } = await import('@aws-sdk/client-sfn');
      const sentAt = Date.now();
      try {
        const { startDate } = await client.send(
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
        );
        return { started: startDate === undefined || startDate.getTime() >= sentAt - CLOCK_SKEW_MS };
      } catch (error) {
        if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') {
          return { started: false };
        }
        throw error;
      }
    },
  };
}
