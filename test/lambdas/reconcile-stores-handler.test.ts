/**
 * The deployed reconcile-stores handler: the registry's index read and the slot's cursor kept through
 * DynamoDB, the stores queued through SQS (all mocked), as the schedule invokes it, with the profiles deployed
 * in its bundle.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { type ReconcilePlan, reconcileStores } from '../../lambdas/operations/reconcile-stores.ts';
import type { LambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import { deployedHandler, shipDeployedProfiles } from '../support/deployed-handler.ts';
import { lambdaContext } from '../support/lambda-context.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/bcship-reconcile';
let handler: LambdaHandler;

beforeAll(async () => {
  vi.stubEnv('REGISTRY_TABLE_NAME', 'bcship-registry');
  vi.stubEnv('RECONCILE_QUEUE_URL', QUEUE_URL);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  shipDeployedProfiles({ 'us-standard': {}, 'flat-rate': {} });
  handler = await deployedHandler(reconcileStores);
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
});

afterAll(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

const event = { scheduledTime: '2026-11-22T03:00:00Z', mode: 'verify' };

describe('reconcile-stores handler', () => {
  test('queues the stores of deployed profiles, saves the cursor and counts the skipped', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({
      Items: [
        { storeHash: 'abc123', profileName: 'us-standard' },
        { storeHash: 'def456', profileName: 'flat-rate' },
        { storeHash: 'old999', profileName: 'retired-profile' },
      ],
    });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    const result = (await handler(event, lambdaContext('reconcile-stores'))) as ReconcilePlan;

    expect(result).toMatchObject({ queued: 2, skipped: 1, pages: 1, resumed: false });
    const [send] = sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(send!.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(send!.Entries![0]!.MessageBody!)).toEqual({
      slot: event.scheduledTime,
      stores: [
        { storeHash: 'abc123', profileName: 'us-standard' },
        { storeHash: 'def456', profileName: 'flat-rate' },
      ],
    });
    const [cursor] = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(cursor).toMatchObject({ pk: `RECONCILE#${event.scheduledTime}`, sk: 'CURSOR', cursor: 'done' });
  });

  test('fails the invocation when SQS refuses a message, before saving the cursor past it', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [{ storeHash: 'abc123', profileName: 'us-standard' }] });
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
    });

    await expect(handler(event, lambdaContext('reconcile-stores'))).rejects.toThrow(/SQS refused 1 of 1/);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });
});
