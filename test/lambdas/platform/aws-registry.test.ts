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

describe('DynamoDB registry store leases', () => {
  test('takes a lease with a put that only succeeds when it is free, lapsed or already this execution’s', async () => {
    dynamo.on(PutCommand).resolves({});
    expect(await registry().acquireLease('abc123', 'exec-1', 7_800)).toBe(true);
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
    expect(await registry().acquireLease('abc123', 'exec-2', 7_800)).toBe(false);
  });

  test('lets other failures of taking a lease through', async () => {
    dynamo.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(registry().acquireLease('abc123', 'exec-1', 7_800)).rejects.toThrow('ProvisionedThroughput');
  });

  test('releases its own lease by ending it now, for TTL to remove the item later', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await registry().releaseLease('abc123', 'exec-1');
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
    await expect(registry().releaseLease('abc123', 'exec-1')).resolves.toBeUndefined();
  });

  test('lets other failures of releasing a lease through', async () => {
    dynamo.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(registry().releaseLease('abc123', 'exec-1')).rejects.toThrow('ProvisionedThroughput');
  });

  test('tells the holder of a lease from a strongly consistent read of the lease item', async () => {
    dynamo.on(GetCommand).resolves({ Item: { executionId: 'exec-1', expiresAt: NOW_SECONDS + 600 } });
    expect(await registry().leaseHolder('abc123')).toBe('exec-1');
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'STORE#abc123', sk: 'LEASE' },
      ConsistentRead: true,
    });
  });

  test('a lease that was never taken has no holder', async () => {
    dynamo.on(GetCommand).resolves({});
    expect(await registry().leaseHolder('abc123')).toBeUndefined();
  });

  test('a released or lapsed lease has no holder, though TTL has not removed its item', async () => {
    dynamo.on(GetCommand).resolves({ Item: { executionId: 'exec-1', expiresAt: NOW_SECONDS - 1 } });
    expect(await registry().leaseHolder('abc123')).toBeUndefined();
  });

  test('a lease is held through its last second, as taking it is refused until then', async () => {
    dynamo.on(GetCommand).resolves({ Item: { executionId: 'exec-1', expiresAt: NOW_SECONDS } });
    expect(await registry().leaseHolder('abc123')).toBe('exec-1');
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
    const port = createDynamoRegistry({
      client: createDocumentClient(new DynamoDBClient({ region: 'us-east-1' })),
      tableName: TABLE,
      now: () => now,
    });
    expect(await port.acquireLease('abc123', 'died', 600)).toBe(true);
    expect(await port.acquireLease('abc123', 'exec-2', 600)).toBe(false);
    now = new Date(NOW.getTime() + 601 * 1000);
    expect(await port.acquireLease('abc123', 'exec-2', 600)).toBe(true);
  });
});
