import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createStepFunctionsStarter } from '../../../lambdas/platform/aws-execution-starter.ts';
import type { ExecutionInput } from '../../../lambdas/workflow-contract.ts';
import { memoryDeps } from '../../support/memory-deps.ts';
import { type Moto, motoClientConfig, startMoto } from '../../support/moto.ts';
import { describeExecutionStarterContract } from './contracts/execution-starter.contract.ts';

let moto: Moto;
let client: SFNClient;
beforeAll(async () => {
  moto = await startMoto();
  client = new SFNClient(motoClientConfig(moto.endpoint));
});
afterAll(() => moto?.stop());

let machines = 0;

async function createStateMachine(): Promise<string> {
  const { stateMachineArn } = await client.send(
    new CreateStateMachineCommand({
      name: `Onboard-${++machines}`,
      roleArn: 'arn:aws:iam::123456789012:role/onboard',
      definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }),
    }),
  );
  return stateMachineArn as string;
}

describeExecutionStarterContract('Step Functions starter on moto', async () =>
  createStepFunctionsStarter({ client, stateMachineArn: await createStateMachine() }),
);

// The only other starter is the CLI's (cli/reconcile.ts), which runs each execution to its end locally.
describeExecutionStarterContract(
  'MemoryExecutions (the trigger tests’ double)',
  async () => memoryDeps({ apiUrl: 'http://127.0.0.1:9/v2' }).executions,
);

test('starts the state machine under the given name with the input', async () => {
  const stateMachineArn = await createStateMachine();
  const input: ExecutionInput = { storeHash: 'abc123', profile: 'us-standard', trigger: { kind: 'manual' } };
  await createStepFunctionsStarter({ client, stateMachineArn }).start(input, 'run-1');
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:run-1`;
  const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
  expect(JSON.parse(execution.input ?? '')).toEqual(input);
});
