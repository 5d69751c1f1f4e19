/**
 * ExecutionStarterPort on Step Functions: StartExecution under the caller's name. A name Step Functions has
 * already seen (ExecutionAlreadyExists) means the same trigger was handled before: nothing is started.
 */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionStarterPort } from './ports.ts';

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
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        return { started: true };
      } catch (error) {
        if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') {
          return { started: false };
        }
        throw error;
      }
    },
  };
}
