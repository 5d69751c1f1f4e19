import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { createStepFunctionsStarter } from '../../../lambdas/platform/aws-execution-starter.ts';
import type { ExecutionInput } from '../../../lambdas/workflow-contract.ts';

const sfn = mockClient(SFNClient);
afterEach(() => sfn.reset());

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Onboard';
const input: ExecutionInput = {
  storeHash: 'abc123',
  profile: 'us-standard',
  mode: 'verify',
  trigger: { kind: 'schedule', id: '2026-11-22T03:00:00Z' },
};

const starter = () =>
  createStepFunctionsStarter({
    client: new SFNClient({ region: 'us-east-1' }),
    stateMachineArn: STATE_MACHINE,
  });

describe('Step Functions execution starter', () => {
  test('starts the state machine under the given name with the input as JSON', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:run-1`, startDate: new Date() });

    expect(await starter().start(input, 'run-1')).toEqual({ started: true });

    const sent = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(sent).toEqual({ stateMachineArn: STATE_MACHINE, name: 'run-1', input: JSON.stringify(input) });
  });

  test('a name already used starts nothing and is not an error', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    expect(await starter().start(input, 'run-1')).toEqual({ started: false });
  });

  test('lets other failures through', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(starter().start(input, 'run-1')).rejects.toThrow('Rate exceeded');
  });
});
