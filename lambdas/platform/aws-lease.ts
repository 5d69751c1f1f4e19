/**
 * LeasePort on the registry table (layout in registry-layout.ts): one lease item per store.
 *
 * The lease is decided by its own `expiresAt`, never by its `ttl`: DynamoDB deletes expired items when it
 * gets round to it (typically within days), so an item still present says nothing about the lease.
 */
import {
  documentSdk,
  isConditionFailure,
  type RegistryTable,
  type RegistryTableOptions,
  systemClock,
} from './aws-document-client.ts';
import type { LeaseHolder, LeasePort } from './ports.ts';
import { epochSeconds, leaseKey, TTL_ATTRIBUTE } from './registry-layout.ts';

/** The table and the clock leases are taken and checked against, in epoch seconds. */
interface LeaseTable extends RegistryTable {
  nowSeconds: () => number;
}

export function createDynamoLease(options: RegistryTableOptions): LeasePort {
  const { client, tableName, now = systemClock } = options;
  const table: LeaseTable = { client, tableName, nowSeconds: () => epochSeconds(now()) };
  return {
    acquire: (storeHash, executionId, ttlSeconds) => acquire(table, storeHash, executionId, ttlSeconds),
    release: (storeHash, executionId) => release(table, storeHash, executionId),
    holder: (storeHash) => holder(table, storeHash),
  };
}

async function acquire(
  { client, tableName, nowSeconds }: LeaseTable,
  storeHash: string,
  executionId: string,
  ttlSeconds: number,
): Promise<boolean> {
  const { PutCommand } = await documentSdk();
  const takenAt = nowSeconds();
  const expiresAt = takenAt + ttlSeconds;
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        // TTL removes the item of a lease nobody released, some time after it lapsed.
        Item: { ...leaseKey(storeHash), executionId, takenAt, expiresAt, [TTL_ATTRIBUTE]: expiresAt },
        ConditionExpression: 'attribute_not_exists(#pk) OR #expiresAt < :now OR #executionId = :me',
        ExpressionAttributeNames: {
          '#pk': 'pk',
          '#expiresAt': 'expiresAt',
          '#executionId': 'executionId',
        },
        ExpressionAttributeValues: { ':now': nowSeconds(), ':me': executionId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function release(
  { client, tableName, nowSeconds }: LeaseTable,
  storeHash: string,
  executionId: string,
) {
  const { UpdateCommand } = await documentSdk();
  // An update rather than a delete, so the registry keeps needing no dynamodb:DeleteItem: the lease is
  // over at once (expiresAt in the past) and TTL removes the item later. (TTL ignores values more than
  // five years old, so the time is a recent one, not 0.)
  const releasedAt = nowSeconds() - 1;
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: leaseKey(storeHash),
        UpdateExpression: 'SET #expiresAt = :released, #ttl = :released',
        ConditionExpression: '#executionId = :me',
        ExpressionAttributeNames: {
          '#expiresAt': 'expiresAt',
          '#ttl': TTL_ATTRIBUTE,
          '#executionId': 'executionId',
        },
        ExpressionAttributeValues: { ':released': releasedAt, ':me': executionId },
      }),
    );
  } catch (error) {
    // Released already, lapsed and taken by another execution, or never taken: none of ours to give back.
    if (!isConditionFailure(error)) throw error;
  }
}

async function holder(
  { client, tableName, nowSeconds }: LeaseTable,
  storeHash: string,
): Promise<LeaseHolder | undefined> {
  const { GetCommand } = await documentSdk();
  // Strongly consistent: a lease taken a moment ago must be seen, or a verify run would read a store an
  // apply has just started changing.
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: leaseKey(storeHash), ConsistentRead: true }),
  );
  // Held through its expiry second, as `acquire` refuses it until `expiresAt < now`.
  if (Item === undefined || Number(Item.expiresAt) < nowSeconds()) return undefined;
  const takenAt = Number(Item.takenAt ?? Item.expiresAt);
  return { executionId: String(Item.executionId), since: new Date(takenAt * 1000).toISOString() };
}
