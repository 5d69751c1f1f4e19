/**
 * PendingRunPort on the registry table: one item per store (`STORE#{hash}` / `PENDING_RUN`). Claiming is one
 * conditional UpdateItem, so of concurrent deliveries for a store exactly one is granted a new run; a refused
 * claim reads the item back (consistently) to tell the owner's own retry from a delivery the run covers.
 * Times are whole epoch seconds; the item expires through `ttl` a day after its run read the store.
 */
import {
  documentSdk,
  type RegistryTable,
  type RegistryTableOptions,
  systemClock,
  unlessConditionFails,
} from './aws-document-client.ts';
import {
  PENDING_RUN_MARGIN_SECONDS,
  type PendingRunClaim,
  type PendingRunClaimRequest,
  type PendingRunPort,
} from './ports.ts';
import {
  DAY_SECONDS,
  epochSeconds,
  pendingRunKey,
  readsAtTimestamp,
  TTL_ATTRIBUTE,
} from './registry-layout.ts';

const NAMES = {
  '#owner': 'owner',
  '#status': 'status',
  '#readsAt': 'readsAt',
  '#heldUntil': 'heldUntil',
  '#ttl': TTL_ATTRIBUTE,
};

export function createDynamoPendingRuns(options: RegistryTableOptions): PendingRunPort {
  const { client, tableName, now = systemClock } = options;
  const table: RegistryTable = { client, tableName };
  return {
    claim: (request) => claim(table, request, epochSeconds(now())),
    markStarted: (storeHash, owner) => setStatus(table, storeHash, owner, 'started'),
    release: (storeHash, owner) => setStatus(table, storeHash, owner, 'released'),
  };
}

async function claim(
  table: RegistryTable,
  request: PendingRunClaimRequest,
  now: number,
): Promise<PendingRunClaim> {
  const { UpdateCommand, GetCommand } = await documentSdk();
  const Key = pendingRunKey(request.storeHash);
  const readsAt = now + request.windowSeconds;
  const granted = await unlessConditionFails(
    table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key,
        UpdateExpression:
          'SET #owner = :owner, #status = :starting, #readsAt = :readsAt, #heldUntil = :heldUntil, #ttl = :ttl',
        // No run pending, or one that cannot cover this delivery (it reads too soon, was released, or its
        // owner's hold lapsed before it started). Never the owner's own claim: its retry keeps its readsAt.
        ConditionExpression:
          'attribute_not_exists(#owner) OR (#owner <> :owner AND (#readsAt <= :soon OR #status = :released OR (#status = :starting AND #heldUntil < :now)))',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: {
          ':owner': request.owner,
          ':starting': 'starting',
          ':released': 'released',
          ':readsAt': readsAt,
          ':heldUntil': now + request.holdSeconds,
          ':ttl': readsAt + DAY_SECONDS,
          ':now': now,
          ':soon': now + PENDING_RUN_MARGIN_SECONDS,
        },
      }),
    ),
  );
  if (granted) return { claimed: true, readsAt: readsAtTimestamp(readsAt) };
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key, ConsistentRead: true }),
  );
  // Refused, then gone: its time to live ran out in between, and the claim can be made again.
  if (!Item) return claim(table, request, now);
  const owner = String(Item.owner);
  return owner === request.owner
    ? { claimed: true, readsAt: readsAtTimestamp(Number(Item.readsAt)) }
    : { claimed: false, owner };
}

/** Only the owner's claim changes: a claim another delivery has taken over since is left alone. */
async function setStatus(
  { client, tableName }: RegistryTable,
  storeHash: string,
  owner: string,
  status: 'started' | 'released',
): Promise<void> {
  const { UpdateCommand } = await documentSdk();
  await unlessConditionFails(
    client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: pendingRunKey(storeHash),
        UpdateExpression: 'SET #status = :status',
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
        ExpressionAttributeValues: { ':status': status, ':owner': owner },
      }),
    ),
  );
}
