import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { createDynamoLease } from '../../../lambdas/platform/aws-lease.ts';
import { conditionFailed, documentClient, NOW, NOW_SECONDS, TABLE } from './registry-table-fixture.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const lease = () => createDynamoLease({ client: documentClient(), tableName: TABLE, now: () => NOW });

describe('DynamoDB store leases', () => {
  test('takes a lease with a put that only succeeds when it is free, lapsed or already this execution’s', async () => {
    dynamo.on(PutCommand).resolves({});
    expect(await lease().acquire('abc123', 'exec-1', 7_800)).toBe(true);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'STORE#abc123',
        sk: 'LEASE',
        executionId: 'exec-1',
        expiresAt: NOW_SECONDS + 7_800,
        ttl: NOW_SECONDS + 7_800,
      },
      ConditionExpression: 'attribute_not_exists(#pk) OR #expiresAt < :now OR #executionId = :me',
      ExpressionAttributeNames: { '#pk': 'pk', '#expiresAt': 'expiresAt', '#executionId': 'executionId' },
      ExpressionAttributeValues: { ':now': NOW_SECONDS, ':me': 'exec-1' },
    });
  });

  test('a lease another execution holds is not taken', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    expect(await lease().acquire('abc123', 'exec-2', 7_800)).toBe(false);
  });

  test('lets other failures of taking a lease through', async () => {
    dynamo.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(lease().acquire('abc123', 'exec-1', 7_800)).rejects.toThrow('ProvisionedThroughput');
  });

  test('releases its own lease by ending it now, for TTL to remove the item later', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await lease().release('abc123', 'exec-1');
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'STORE#abc123', sk: 'LEASE' },
      UpdateExpression: 'SET #expiresAt = :released, #ttl = :released',
      ConditionExpression: '#executionId = :me',
      ExpressionAttributeNames: { '#expiresAt': 'expiresAt', '#ttl': 'ttl', '#executionId': 'executionId' },
      ExpressionAttributeValues: { ':released': NOW_SECONDS - 1, ':me': 'exec-1' },
    });
  });

  test('releasing a lease it does not hold (any more) does nothing', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(lease().release('abc123', 'exec-1')).resolves.toBeUndefined();
  });

  test('lets other failures of releasing a lease through', async () => {
    dynamo.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(lease().release('abc123', 'exec-1')).rejects.toThrow('ProvisionedThroughput');
  });

  test('tells the holder of a lease from a strongly consistent read of the lease item', async () => {
    dynamo.on(GetCommand).resolves({ Item: { executionId: 'exec-1', expiresAt: NOW_SECONDS + 600 } });
    expect(await lease().holder('abc123')).toBe('exec-1');
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'STORE#abc123', sk: 'LEASE' },
      ConsistentRead: true,
    });
  });

  test('a lease that was never taken has no holder', async () => {
    dynamo.on(GetCommand).resolves({});
    expect(await lease().holder('abc123')).toBeUndefined();
  });

  test('a released or lapsed lease has no holder, though TTL has not removed its item', async () => {
    dynamo.on(GetCommand).resolves({ Item: { executionId: 'exec-1', expiresAt: NOW_SECONDS - 1 } });
    expect(await lease().holder('abc123')).toBeUndefined();
  });

  test('a lease is held through its last second, as taking it is refused until then', async () => {
    dynamo.on(GetCommand).resolves({ Item: { executionId: 'exec-1', expiresAt: NOW_SECONDS } });
    expect(await lease().holder('abc123')).toBe('exec-1');
  });

  test('a lease decides by its own expiry, so a lapsed lease is taken though TTL has not removed it', async () => {
    // A table in miniature that evaluates the lease condition as DynamoDB would.
    let stored: { executionId: string; expiresAt: number } | undefined;
    dynamo
      .on(PutCommand)
      .callsFake(
        (input: {
          Item: typeof stored & object;
          ExpressionAttributeValues: { ':now': number; ':me': string };
        }) => {
          const { ':now': now, ':me': me } = input.ExpressionAttributeValues;
          if (stored && !(stored.expiresAt < now || stored.executionId === me)) throw conditionFailed();
          stored = input.Item;
          return {};
        },
      );
    let now = NOW;
    const port = createDynamoLease({ client: documentClient(), tableName: TABLE, now: () => now });
    expect(await port.acquire('abc123', 'died', 600)).toBe(true);
    expect(await port.acquire('abc123', 'exec-2', 600)).toBe(false);
    now = new Date(NOW.getTime() + 601 * 1000);
    expect(await port.acquire('abc123', 'exec-2', 600)).toBe(true);
  });
});
