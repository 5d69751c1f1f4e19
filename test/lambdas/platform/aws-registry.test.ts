import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { createDocumentClient, createDynamoRegistry } from '../../../lambdas/platform/aws-registry.ts';
import type { RunRecord, UndoEntry } from '../../../lambdas/platform/ports.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const TABLE = 'bcship-registry';
const NOW = new Date('2026-11-22T10:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const DAY = 24 * 60 * 60;

const registry = () =>
  createDynamoRegistry({
    client: createDocumentClient(new DynamoDBClient({ region: 'us-east-1' })),
    tableName: TABLE,
    now: () => NOW,
  });

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

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

describe('DynamoDB registry', () => {
  test('reads a store entry by its key and lists its connected carriers', async () => {
    dynamo.on(GetCommand).resolves({
      Item: {
        pk: 'STORE#abc123',
        sk: 'STORE',
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

  test('adds connected carriers to the store’s set, only for a registered store', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await registry().markCarriersConnected('abc123', ['endicia']);
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'STORE#abc123', sk: 'STORE' },
      UpdateExpression: 'ADD #carriers :carrierIds',
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { '#carriers': 'connectedCarriers', '#pk': 'pk' },
      ExpressionAttributeValues: { ':carrierIds': new Set(['endicia']) },
    });
  });

  test('refuses to mark carriers of an unregistered store', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(registry().markCarriersConnected('abc123', ['endicia'])).rejects.toThrow(
      /abc123 is not registered/,
    );
  });

  test('removes disconnected carriers from the store’s set, only for a registered store', async () => {
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

  test('has nothing to forget for an unregistered store', async () => {
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
      ExpressionAttributeNames: { '#lastRun': 'lastRun', '#pk': 'pk' },
      ExpressionAttributeValues: { ':run': run },
    });
  });

  test('records the run of an unregistered store without registering it', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(registry().recordRun(run)).resolves.toBeUndefined();
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
  });

  test('appends journal entries under sequence numbers reserved from an atomic counter, with a 30-day ttl', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
    dynamo.on(PutCommand).resolves({});
    const entries: UndoEntry[] = [
      { kind: 'delete-created', zoneId: 1, type: 'perorder', name: 'A' },
      { kind: 'delete-created', zoneId: 1, type: 'perorder', name: 'B' },
    ];
    await registry().appendUndo('abc123', 'exec-1', entries);
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'STORE#abc123', sk: 'UNDOSEQ#exec-1' },
      UpdateExpression: 'ADD #seq :count SET #ttl = :ttl',
      ExpressionAttributeNames: { '#seq': 'seq', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':count': 2, ':ttl': NOW_SECONDS + 30 * DAY },
      ReturnValues: 'UPDATED_NEW',
    });
    expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item)).toEqual([
      { pk: 'STORE#abc123', sk: 'UNDO#exec-1#00000006', ttl: NOW_SECONDS + 30 * DAY, entry: entries[0] },
      { pk: 'STORE#abc123', sk: 'UNDO#exec-1#00000007', ttl: NOW_SECONDS + 30 * DAY, entry: entries[1] },
    ]);
  });

  test('reads back an execution’s journal in the order it was appended', async () => {
    // A table in miniature: the counter, the items, and a query that sorts by key like DynamoDB does.
    const items = new Map<string, Record<string, unknown>>();
    let seq = 0;
    dynamo.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: { ':count': number } }) => {
      seq += input.ExpressionAttributeValues[':count'];
      return { Attributes: { seq } };
    });
    dynamo.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
      items.set(`${input.Item.pk}|${input.Item.sk}`, input.Item);
      return {};
    });
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => {
      const { ':pk': pk, ':prefix': prefix } = input.ExpressionAttributeValues;
      const Items = [...items.values()]
        .filter((item) => item.pk === pk && String(item.sk).startsWith(prefix ?? ''))
        .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
      return { Items };
    });

    const port = registry();
    const entry = (name: string): UndoEntry => ({
      kind: 'delete-created',
      zoneId: 1,
      type: 'perorder',
      name,
    });
    for (let i = 1; i <= 12; i++) await port.appendUndo('abc123', 'exec-1', [entry(`m${i}`)]);
    await port.appendUndo('abc123', 'exec-2', [entry('other execution')]);

    const journal = await port.readUndo('abc123', 'exec-1');
    expect(journal.map((e) => (e.kind === 'delete-created' ? e.name : e.kind))).toEqual(
      Array.from({ length: 12 }, (_, i) => `m${i + 1}`),
    );
  });
});

describe('DynamoDB registry webhook deliveries', () => {
  test('claims a delivery with a conditional put under WEBHOOK#{hash}, kept for 7 days', async () => {
    dynamo.on(PutCommand).resolves({});
    expect(await registry().recordWebhookDelivery('dd70c097')).toBe(true);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: { pk: 'WEBHOOK#dd70c097', sk: 'DELIVERY', ttl: NOW_SECONDS + 7 * DAY },
      ConditionExpression: 'attribute_not_exists(#pk) OR #ttl < :now OR #released = :released',
      ExpressionAttributeNames: { '#pk': 'pk', '#ttl': 'ttl', '#released': 'released' },
      ExpressionAttributeValues: { ':now': NOW_SECONDS, ':released': true },
    });
  });

  test('a delivery claimed before is a repeat', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    expect(await registry().recordWebhookDelivery('dd70c097')).toBe(false);
  });

  test('lets other failures of claiming a delivery through', async () => {
    dynamo.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(registry().recordWebhookDelivery('dd70c097')).rejects.toThrow('ProvisionedThroughput');
  });

  test('gives a claim back by marking it released, which the next claim overwrites', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await registry().releaseWebhookDelivery('dd70c097');
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'WEBHOOK#dd70c097', sk: 'DELIVERY' },
      UpdateExpression: 'SET #released = :released, #ttl = if_not_exists(#ttl, :ttl)',
      ExpressionAttributeNames: { '#released': 'released', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':released': true, ':ttl': NOW_SECONDS + 7 * DAY },
    });
  });
});
