/**
 * The deployed release-lease handler: the registry table mocked, invoked with the status-change event the
 * lease-recovery rule forwards.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { releaseLease } from '../../lambdas/operations/release-lease.ts';
import type { LambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import { deployedHandler } from '../support/deployed-handler.ts';
import { lambdaContext } from '../support/lambda-context.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: LambdaHandler;

beforeAll(async () => {
  vi.stubEnv('REGISTRY_TABLE_NAME', 'bcship-registry');
  vi.stubEnv('EVENT_BUS_NAME', 'bcship');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  handler = await deployedHandler(releaseLease);
});

afterEach(() => dynamo.reset());

afterAll(() => vi.unstubAllEnvs());

const event = (detail: Record<string, unknown> = {}) => ({
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail: {
    name: 'bcship-abc123-apply-0123456789ab-r1',
    status: 'TIMED_OUT',
    input: JSON.stringify({ storeHash: 'abc123', profile: 'us-standard' }),
    ...detail,
  },
});

describe('release-lease handler', () => {
  test('gives back the lease the timed-out execution holds, with a conditional update of the lease item', async () => {
    dynamo.on(UpdateCommand).resolves({});
    // A run of the execution is on record: nothing more to record.
    dynamo.on(QueryCommand).resolves({ Items: [{ pk: 'STORE#abc123' }] });
    const result = await handler(event(), lambdaContext('release-lease'));
    expect(result).toMatchObject({ outcome: 'released', storeHash: 'abc123' });
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'bcship-registry',
      Key: { pk: 'STORE#abc123', sk: 'LEASE' },
      ConditionExpression: '#executionId = :me',
      ExpressionAttributeValues: { ':me': 'bcship-abc123-apply-0123456789ab-r1' },
    });
  });

  test('succeeds when the lease is no longer the execution’s', async () => {
    dynamo
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    dynamo.on(QueryCommand).resolves({ Items: [{ pk: 'STORE#abc123' }] });
    await expect(handler(event(), lambdaContext('release-lease'))).resolves.toMatchObject({
      outcome: 'released',
    });
  });

  test('succeeds without touching the table when the event names no store', async () => {
    await expect(
      handler(event({ name: 'started-by-hand', input: 'not json' }), lambdaContext('release-lease')),
    ).resolves.toMatchObject({ outcome: 'ignored' });
    expect(dynamo.calls()).toEqual([]);
  });
});
