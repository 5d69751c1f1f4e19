import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { createDynamoStoreRegistry } from '../../../lambdas/platform/aws-store-registry.ts';
import type { RunRecord } from '../../../lambdas/platform/ports.ts';
import { conditionFailed, DAY, documentClient, NOW, NOW_SECONDS, TABLE } from './registry-table-fixture.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const registry = () =>
  createDynamoStoreRegistry({ client: documentClient(), tableName: TABLE, now: () => NOW });

const run: RunRecord = {
  storeHash: 'abc123',
  profileName: 'us-standard',
  mode: 'apply',
  outcome: 'succeeded',
  executionId: 'exec-1',
  trigger: { kind: 'manual', id: undefined },
  finishedAt: '2026-11-22T10:00:00.000Z',
  changes: [],
  mismatches: [],
};

describe('DynamoDB store registry', () => {
  test('reads a store entry by its key and lists its connected carriers', async () => {
    dynamo.on(GetCommand).resolves({
      Item: {
        pk: 'STORE#abc123',
        sk: 'STORE',
        entity: 'store',
        storeHash: 'abc123',
        profileName: 'us-standard',
        connectedCarriers: new Set(['fedex', 'endicia']),
      },
    });
    expect(await registry().getStore('abc123')).toEqual({
      storeHash: 'abc123',
      profileName: 'us-standard',
      connectedCarriers: ['endicia', 'fedex'],
      lastRun: undefined,
    });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'STORE#abc123', sk: 'STORE' },
    });
  });

  test('an unknown store is undefined', async () => {
    dynamo.on(GetCommand).resolves({});
    expect(await registry().getStore('abc123')).toBeUndefined();
  });

  test('an entry holding only the carriers of an unregistered store is not a store', async () => {
    dynamo.on(GetCommand).resolves({
      Item: { pk: 'STORE#abc123', sk: 'STORE', storeHash: 'abc123', connectedCarriers: new Set(['endicia']) },
    });
    expect(await registry().getStore('abc123')).toBeUndefined();
  });

  test('reads the connected carriers of a store, registered or not, from its entry', async () => {
    dynamo.on(GetCommand).resolves({ Item: { connectedCarriers: new Set(['fedex', 'endicia']) } });
    expect(await registry().connectedCarriers('abc123')).toEqual(['endicia', 'fedex']);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'STORE#abc123', sk: 'STORE' },
      ProjectionExpression: '#carriers',
      ExpressionAttributeNames: { '#carriers': 'connectedCarriers' },
    });
  });

  test('a store without an entry, or whose last carrier was forgotten, has no connected carriers', async () => {
    dynamo.on(GetCommand).resolvesOnce({}).resolvesOnce({ Item: {} });
    expect(await registry().connectedCarriers('abc123')).toEqual([]);
    expect(await registry().connectedCarriers('abc123')).toEqual([]);
  });

  test('lists stores from the byEntity index, following pages', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ storeHash: 'a1', profileName: 'p' }], LastEvaluatedKey: { pk: 'STORE#a1' } })
      .resolvesOnce({ Items: [{ storeHash: 'b2', profileName: 'p' }] });
    const stores = await registry().listStores();
    expect(stores.map((s) => s.storeHash)).toEqual(['a1', 'b2']);
    const queries = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries[0]).toMatchObject({
      TableName: TABLE,
      IndexName: 'byEntity',
      KeyConditionExpression: '#entity = :entity',
      ExpressionAttributeValues: { ':entity': 'store' },
    });
    expect(queries[1]?.ExclusiveStartKey).toEqual({ pk: 'STORE#a1' });
  });

  test('registers a store as an entity of the byEntity index with its profile', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await registry().registerStore('abc123', 'us-standard');
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'STORE#abc123', sk: 'STORE' },
      ExpressionAttributeValues: {
        ':entity': 'store',
        ':storeHash': 'abc123',
        ':profileName': 'us-standard',
      },
    });
  });

  test('adds connected carriers to the store’s set, creating an entry for an unregistered store', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await registry().markCarriersConnected('abc123', ['endicia']);
    const update = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update).toEqual({
      TableName: TABLE,
      Key: { pk: 'STORE#abc123', sk: 'STORE' },
      UpdateExpression: 'ADD #carriers :carrierIds SET #storeHash = :storeHash',
      ExpressionAttributeNames: { '#carriers': 'connectedCarriers', '#storeHash': 'storeHash' },
      ExpressionAttributeValues: { ':carrierIds': new Set(['endicia']), ':storeHash': 'abc123' },
    });
    // Without `entity`, the entry stays out of the byEntity index, so listStores does not list it.
    expect(JSON.stringify(update)).not.toContain('entity');
  });

  test('deregisters a store by removing what registered it, only when it is registered', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await registry().deregisterStore('abc123');
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'STORE#abc123', sk: 'STORE' },
      UpdateExpression: 'REMOVE #entity, #profileName',
      ConditionExpression: 'attribute_exists(#entity)',
      ExpressionAttributeNames: { '#entity': 'entity', '#profileName': 'profileName' },
    });
  });

  test('has nothing to deregister for a store that is not registered', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(registry().deregisterStore('abc123')).resolves.toBeUndefined();
  });

  test('removes disconnected carriers from the store’s set, only when the store has an entry', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await registry().markCarriersDisconnected('abc123', ['endicia']);
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'STORE#abc123', sk: 'STORE' },
      UpdateExpression: 'DELETE #carriers :carrierIds',
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { '#carriers': 'connectedCarriers', '#pk': 'pk' },
      ExpressionAttributeValues: { ':carrierIds': new Set(['endicia']) },
    });
  });

  test('has nothing to forget for a store without an entry', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(registry().markCarriersDisconnected('abc123', ['endicia'])).resolves.toBeUndefined();
  });

  test('lets other failures of forgetting carriers through', async () => {
    dynamo.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException: slow down'));
    await expect(registry().markCarriersDisconnected('abc123', ['endicia'])).rejects.toThrow(/slow down/);
  });

  test('sends nothing when there is no carrier to forget', async () => {
    await registry().markCarriersDisconnected('abc123', []);
    expect(dynamo.commandCalls(UpdateCommand)).toEqual([]);
  });

  test('records a run under RUN#{finishedAt}#{executionId} with a 90-day ttl and as the store’s last run', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    await registry().recordRun(run);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'STORE#abc123',
        sk: 'RUN#2026-11-22T10:00:00.000Z#exec-1',
        ttl: NOW_SECONDS + 90 * DAY,
        run,
      },
    });
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'STORE#abc123', sk: 'STORE' },
      UpdateExpression: 'SET #lastRun = :run',
      ConditionExpression: 'attribute_exists(#entity)',
      ExpressionAttributeNames: { '#lastRun': 'lastRun', '#entity': 'entity' },
      ExpressionAttributeValues: { ':run': run },
    });
  });

  test('records the run of an unregistered store without registering it', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(registry().recordRun(run)).resolves.toBeUndefined();
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
  });
});
