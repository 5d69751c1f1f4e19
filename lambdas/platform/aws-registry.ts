/**
 * RegistryPort on one DynamoDB table (`pk`/`sk` strings, `ttl`, sparse GSI `byEntity` on `entity` + `pk`).
 *
 *   store entry   pk=STORE#{hash}  sk=STORE                      entity=store while registered (only then in
 *                                                                byEntity); without it, carriers only
 *   lease         pk=STORE#{hash}  sk=LEASE                      executionId, expiresAt; ttl once released
 *   run           pk=STORE#{hash}  sk=RUN#{finishedAt}#{execId}   ttl 90 days
 *   journal       pk=STORE#{hash}  sk=UNDO#{execId}#{seq}         ttl 30 days
 *   journal seq   pk=STORE#{hash}  sk=UNDOSEQ#{execId}            ttl 30 days (atomic counter)
 *
 * Map iterations append to one execution's journal in parallel, so sequence numbers come from an atomic
 * counter rather than from a clock: entries keep the order in which they were appended. Attribute names are
 * always aliased (`#name`) so that none can collide with DynamoDB's reserved words.
 *
 * The lease is decided by its own `expiresAt`, never by its `ttl`: DynamoDB deletes expired items when it
 * gets round to it (typically within days), so an item still present says nothing about the lease.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RegistryPort, RunRecord, StoreEntry, UndoEntry } from './ports.ts';
import { BY_ENTITY_INDEX, STORE_ENTITY, TTL_ATTRIBUTE } from './registry-layout.ts';

const DAY_SECONDS = 24 * 60 * 60;

export interface DynamoRegistryOptions {
  /** A document client created with `removeUndefinedValues` (see `createDocumentClient`). */
  client: DynamoDBDocumentClient;
  /** `REGISTRY_TABLE_NAME`. */
  tableName: string;
  runRetentionDays?: number;
  journalRetentionDays?: number;
  now?: () => Date;
}

/** One update expression with its aliased attribute names and values. */
interface StoreEntryUpdate {
  expression: string;
  names: Record<string, string>;
  values?: Record<string, unknown>;
}

const defaults = {
  runRetentionDays: 90,
  journalRetentionDays: 30,
  now: () => new Date(),
};

export const storeKey = (storeHash: string) => ({ pk: `STORE#${storeHash}`, sk: 'STORE' });
export const runSortKey = (run: RunRecord) => `RUN#${run.finishedAt}#${run.executionId}`;
export const leaseKey = (storeHash: string) => ({ pk: `STORE#${storeHash}`, sk: 'LEASE' });
export const undoPrefix = (executionId: string) => `UNDO#${executionId}#`;
/** Zero-padded so that string order is numeric order. */
export const undoSortKey = (executionId: string, seq: number) =>
  `${undoPrefix(executionId)}${String(seq).padStart(8, '0')}`;

/** Run records carry optional fields; DynamoDB rejects `undefined` unless told to drop it. */
export const createDocumentClient = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

export function createDynamoRegistry(options: DynamoRegistryOptions): RegistryPort {
  const { client, tableName, runRetentionDays, journalRetentionDays, now } = {
    ...defaults,
    ...options,
  };
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  const expiresAfter = (days: number) => nowSeconds() + days * DAY_SECONDS;

  /**
   * Updates the store's entry only if it exists (`#pk`) or only if it is registered (`#entity`); resolves
   * false, having written nothing, otherwise. Without a condition, an update creates a bare entry.
   */
  const updateExistingStore = async (
    storeHash: string,
    update: StoreEntryUpdate,
    mustHave: 'entry' | 'registration',
  ): Promise<boolean> => {
    const [alias, attribute] = mustHave === 'entry' ? ['#pk', 'pk'] : ['#entity', 'entity'];
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: storeKey(storeHash),
          UpdateExpression: update.expression,
          ConditionExpression: `attribute_exists(${alias})`,
          ExpressionAttributeNames: { ...update.names, [alias]: attribute },
          ...(update.values ? { ExpressionAttributeValues: update.values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  return {
    async getStore(storeHash) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: storeKey(storeHash) }));
      // An entry without `entity` holds the carriers of a store that is not registered.
      return Item?.entity === STORE_ENTITY ? toStoreEntry(Item) : undefined;
    },

    async listStores() {
      const stores: StoreEntry[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          IndexName: BY_ENTITY_INDEX,
          KeyConditionExpression: '#entity = :entity',
          ExpressionAttributeNames: { '#entity': 'entity' },
          ExpressionAttributeValues: { ':entity': STORE_ENTITY },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) stores.push(toStoreEntry(item));
      }
      return stores;
    },

    async registerStore(storeHash, profileName) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: storeKey(storeHash),
          UpdateExpression: 'SET #entity = :entity, #storeHash = :storeHash, #profileName = :profileName',
          ExpressionAttributeNames: {
            '#entity': 'entity',
            '#storeHash': 'storeHash',
            '#profileName': 'profileName',
          },
          ExpressionAttributeValues: {
            ':entity': STORE_ENTITY,
            ':storeHash': storeHash,
            ':profileName': profileName,
          },
        }),
      );
    },

    async deregisterStore(storeHash) {
      await updateExistingStore(
        storeHash,
        { expression: 'REMOVE #entity, #profileName', names: { '#profileName': 'profileName' } },
        'registration',
      );
    },

    async markCarriersConnected(storeHash, carrierIds) {
      if (carrierIds.length === 0) return;
      // A string set: ADD merges atomically with what another execution recorded. No condition: a store that
      // is not registered gets an entry without `entity`, which the byEntity index leaves out.
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: storeKey(storeHash),
          UpdateExpression: 'ADD #carriers :carrierIds SET #storeHash = :storeHash',
          ExpressionAttributeNames: { '#carriers': 'connectedCarriers', '#storeHash': 'storeHash' },
          ExpressionAttributeValues: { ':carrierIds': new Set(carrierIds), ':storeHash': storeHash },
        }),
      );
    },

    async connectedCarriers(storeHash) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: storeKey(storeHash),
          ProjectionExpression: '#carriers',
          ExpressionAttributeNames: { '#carriers': 'connectedCarriers' },
        }),
      );
      return carrierIdsOf(Item?.connectedCarriers);
    },

    async markCarriersDisconnected(storeHash, carrierIds) {
      if (carrierIds.length === 0) return;
      // DELETE removes the ids from the string set (and the attribute with its last member). A store without
      // an entry has no connected carriers recorded: nothing to forget.
      await updateExistingStore(
        storeHash,
        {
          expression: 'DELETE #carriers :carrierIds',
          names: { '#carriers': 'connectedCarriers' },
          values: { ':carrierIds': new Set(carrierIds) },
        },
        'entry',
      );
    },

    async recordRun(run) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: storeKey(run.storeHash).pk,
            sk: runSortKey(run),
            ttl: expiresAfter(runRetentionDays),
            run,
          },
        }),
      );
      // A run of an unregistered store keeps its history but registers nothing.
      await updateExistingStore(
        run.storeHash,
        { expression: 'SET #lastRun = :run', names: { '#lastRun': 'lastRun' }, values: { ':run': run } },
        'registration',
      );
    },

    async appendUndo(storeHash, executionId, entries) {
      if (entries.length === 0) return;
      const { pk } = storeKey(storeHash);
      const ttl = expiresAfter(journalRetentionDays);
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk, sk: `UNDOSEQ#${executionId}` },
          UpdateExpression: 'ADD #seq :count SET #ttl = :ttl',
          ExpressionAttributeNames: { '#seq': 'seq', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':count': entries.length, ':ttl': ttl },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const last = Number(Attributes?.seq);
      const first = last - entries.length + 1;
      for (const [index, entry] of entries.entries()) {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk, sk: undoSortKey(executionId, first + index), ttl, entry },
          }),
        );
      }
    },

    async readUndo(storeHash, executionId) {
      const entries: UndoEntry[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': storeKey(storeHash).pk, ':prefix': undoPrefix(executionId) },
          ScanIndexForward: true,
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) entries.push(item.entry as UndoEntry);
      }
      return entries;
    },

    async acquireLease(storeHash, executionId, ttlSeconds) {
      const expiresAt = nowSeconds() + ttlSeconds;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            // TTL removes the item of a lease nobody released, some time after it lapsed.
            Item: { ...leaseKey(storeHash), executionId, expiresAt, [TTL_ATTRIBUTE]: expiresAt },
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
    },

    async releaseLease(storeHash, executionId) {
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
    },

    async leaseHolder(storeHash) {
      // Strongly consistent: a lease taken a moment ago must be seen, or a verify run would read a store an
      // apply has just started changing.
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: leaseKey(storeHash), ConsistentRead: true }),
      );
      // Held through its expiry second, as acquireLease refuses it until `expiresAt < now`.
      if (Item === undefined || Number(Item.expiresAt) < nowSeconds()) return undefined;
      return String(Item.executionId);
    },
  };
}

const isConditionFailure = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/** A string set as the document client returns it; absent once its last member was deleted. */
const carrierIdsOf = (carriers: unknown): string[] =>
  carriers instanceof Set ? [...carriers].map(String).sort() : [];

function toStoreEntry(item: Record<string, unknown>): StoreEntry {
  return {
    storeHash: String(item.storeHash),
    profileName: String(item.profileName),
    connectedCarriers: carrierIdsOf(item.connectedCarriers),
    lastRun: item.lastRun as RunRecord | undefined,
  };
}
