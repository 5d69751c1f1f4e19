/**
 * The deployed reconcile-stores handler: the registry read through the byEntity index and executions started
 * through Step Functions (both mocked), as the schedule invokes it, with the profiles deployed in its bundle.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { type ReconcileResult, reconcileStores } from '../../lambdas/operations/reconcile-stores.ts';
import type { LambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import { deployedHandler } from '../support/deployed-handler.ts';
import { lambdaContext } from '../support/lambda-context.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Onboard';
let handler: LambdaHandler;

beforeAll(async () => {
  vi.stubEnv('REGISTRY_TABLE_NAME', 'bcship-registry');
  vi.stubEnv('STATE_MACHINE_ARN', STATE_MACHINE);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubGlobal('BCSHIP_PROFILES', JSON.stringify({ 'us-standard': {}, 'flat-rate': {} }));
  handler = await deployedHandler(reconcileStores);
});

afterEach(() => {
  dynamo.reset();
  sfn.reset();
});

afterAll(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

const event = { scheduledTime: '2026-11-22T03:00:00Z', mode: 'verify' };

function givenStores() {
  dynamo.on(QueryCommand).resolves({
    Items: [
      { storeHash: 'abc123', profileName: 'us-standard' },
      { storeHash: 'def456', profileName: 'flat-rate' },
    ],
  });
}

describe('reconcile-stores handler', () => {
  test('starts a verify execution of the Onboard state machine per registered store', async () => {
    givenStores();
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });

    const result = (await handler(event, lambdaContext('reconcile-stores'))) as ReconcileResult;

    expect(result.started).toEqual(['abc123', 'def456']);
    const starts = sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
    expect(starts.map((start) => start.stateMachineArn)).toEqual([STATE_MACHINE, STATE_MACHINE]);
    expect(starts.map((start) => JSON.parse(start.input!).mode)).toEqual(['verify', 'verify']);
  });

  test('fails the invocation when a store could not be started, so the failure is dead-lettered', async () => {
    givenStores();
    sfn.on(StartExecutionCommand).callsFake(({ input }: { input: string }) => {
      if (JSON.parse(input).storeHash === 'def456') {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      return { executionArn: `${STATE_MACHINE}:x`, startDate: new Date() };
    });

    await expect(handler(event, lambdaContext('reconcile-stores'))).rejects.toMatchObject({
      name: 'ReconcileIncomplete',
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(2);
  });

  test('skips a store registered with a profile that is not deployed, saying why', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        { storeHash: 'abc123', profileName: 'us-standard' },
        { storeHash: 'old999', profileName: 'retired-profile' },
      ],
    });
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });

    const result = (await handler(event, lambdaContext('reconcile-stores'))) as ReconcileResult;

    expect(result.started).toEqual(['abc123']);
    expect(result.skipped).toEqual([
      { storeHash: 'old999', reason: expect.stringContaining('"retired-profile" is not deployed') },
    ]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });
});
