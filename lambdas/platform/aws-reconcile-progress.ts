/**
 * ReconcileProgressPort on the registry table: a slot's listing cursor (`RECONCILE#{slot}` / `CURSOR`) and each
 * store's claim on its run in the slot (`STORE#{hash}` / `SLOT#{slot}`), both expiring through `ttl` a week
 * after the slot.
 */
import {
  documentSdk,
  isConditionFailure,
  type RegistryTable,
  type RegistryTableOptions,
  systemClock,
} from './aws-document-client.ts';
import type { ReconcileProgressPort, SlotClaim } from './ports.ts';
import { DAY_SECONDS, epochSeconds, storePartition, TTL_ATTRIBUTE } from './registry-layout.ts';

const KEPT_SECONDS = 7 * DAY_SECONDS;

const cursorKey = (slot: string) => ({ pk: `RECONCILE#${slot}`, sk: 'CURSOR' });
const claimKey = (storeHash: string, slot: string) => ({ pk: storePartition(storeHash), sk: `SLOT#${slot}` });

export function createDynamoReconcileProgress(options: RegistryTableOptions): ReconcileProgressPort {
  const { client, tableName, now = systemClock } = options;
  const table: RegistryTable = { client, tableName };
  const nowSeconds = () => epochSeconds(now());
  return {
    async cursor(slot) {
      const { GetCommand } = await documentSdk();
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: cursorKey(slot), ConsistentRead: true }),
      );
      return typeof Item?.cursor === 'string' ? Item.cursor : undefined;
    },
    async saveCursor(slot, cursor) {
      const { PutCommand } = await documentSdk();
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...cursorKey(slot), cursor, [TTL_ATTRIBUTE]: nowSeconds() + KEPT_SECONDS },
        }),
      );
    },
    claim: (storeHash, slot, owner, holdSeconds) =>
      claim(table, { storeHash, slot, owner, holdSeconds, now: nowSeconds() }),
    markStarted: (storeHash, slot, owner) => setStatus(table, storeHash, slot, owner, 'started'),
    release: (storeHash, slot, owner) => setStatus(table, storeHash, slot, owner, 'released'),
  };
}

interface ClaimRequest {
  storeHash: string;
  slot: string;
  owner: string;
  holdSeconds: number;
  now: number;
}

async function claim({ client, tableName }: RegistryTable, request: ClaimRequest): Promise<SlotClaim> {
  const { UpdateCommand, GetCommand } = await documentSdk();
  const Key = claimKey(request.storeHash, request.slot);
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key,
        UpdateExpression: 'SET #status = :claimed, #owner = :owner, #heldUntil = :heldUntil, #ttl = :ttl',
        // Unclaimed, released, this owner's, or lapsed; never a started run.
        ConditionExpression:
          'attribute_not_exists(#status) OR (#status <> :started AND (#status = :released OR #owner = :owner OR #heldUntil < :now))',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#owner': 'owner',
          '#heldUntil': 'heldUntil',
          '#ttl': TTL_ATTRIBUTE,
        },
        ExpressionAttributeValues: {
          ':claimed': 'claimed',
          ':started': 'started',
          ':released': 'released',
          ':owner': request.owner,
          ':now': request.now,
          ':heldUntil': request.now + request.holdSeconds,
          ':ttl': request.now + KEPT_SECONDS,
        },
      }),
    );
    return 'claimed';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
  return Item?.status === 'started' ? 'started' : 'held';
}

async function setStatus(
  { client, tableName }: RegistryTable,
  storeHash: string,
  slot: string,
  owner: string,
  status: 'started' | 'released',
): Promise<void> {
  const { UpdateCommand } = await documentSdk();
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: claimKey(storeHash, slot),
        UpdateExpression: 'SET #status = :status',
        // A run that started is started whoever holds the claim now; a release only gives back one's own claim.
        ...(status === 'released' ? { ConditionExpression: '#owner = :owner' } : {}),
        ExpressionAttributeNames: {
          '#status': 'status',
          ...(status === 'released' ? { '#owner': 'owner' } : {}),
        },
        ExpressionAttributeValues: {
          ':status': status,
          ...(status === 'released' ? { ':owner': owner } : {}),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
