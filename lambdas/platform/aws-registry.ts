/**
 * RegistryPort on one DynamoDB table (`pk`/`sk` strings, `ttl`, sparse GSI `byEntity` on `entity` + `pk`).
 *
 *   store entry   pk=STORE#{hash}  sk=STORE                      entity=store (only these are in byEntity)
 *   run           pk=STORE#{hash}  sk=RUN#{finishedAt}#{execId}   ttl 90 days
 *   journal       pk=STORE#{hash}  sk=UNDO#{execId}#{seq}         ttl 30 days
 *   journal seq   pk=STORE#{hash}  sk=UNDOSEQ#{execId}            ttl 30 days (atomic counter)
 *   delivery      pk=WEBHOOK#{payload hash}  sk=DELIVERY          ttl 7 days (webhook dedupe claim)
 *
 * Map iterations append to one execution's journal in parallel, so sequence numbers come from an atomic
 * counter rather than from a clock: entries keep the order in which they were appended. Attribute names are
 * always aliased (`#name`) so that none can collide with DynamoDB's reserved words.
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

export const STORE_ENTITY = 'store';
export const BY_ENTITY_INDEX = 'byEntity';

const DAY_SECONDS = 24 * 60 * 60;

export interface DynamoRegistryOptions {
  /** A document client created with `removeUndefinedValues` (see `createDocumentClient`). */
  client: DynamoDBDocumentClient;
  /** `REGISTRY_TABLE_NAME`. */
  tableName: string;
  runRetentionDays?: number;
  journalRetentionDays?: number;
  /** How long a webhook delivery is remembered; BigCommerce stops retrying an event after about 48 hours. */
  webhookRetentionDays?: number;
  now?: () => Date;
}

/** One update expression with its aliased attribute names and values. */
interface StoreEntryUpdate {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

const defaults = {
  runRetentionDays: 90,
  journalRetentionDays: 30,
  webhookRetentionDays: 7,
  now: () => new Date(),
};

export const storeKey = (storeHash: string) => ({ pk: `STORE#${storeHash}`, sk: 'STORE' });
export const runSortKey = (run: RunRecord) => `RUN#${run.finishedAt}#${run.executionId}`;
export const webhookDeliveryKey = (hash: string) => ({ pk: `WEBHOOK#${hash}`, sk: 'DELIVERY' });
export const undoPrefix = (executionId: string) => `UNDO#${executionId}#`;
/** Zero-padded so that string order is numeric order. */
export const undoSortKey = (executionId: string, seq: number) =>
  `${undoPrefix(executionId)}${String(seq).padStart(8, '0')}`;

/** Run records carry optional fields; DynamoDB rejects `undefined` unless told to drop it. */
export const createDocumentClient = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

export function createDynamoRegistry(options: DynamoRegistryOptions): RegistryPort {
  const { client, tableName, runRetentionDays, journalRetentionDays, webhookRetentionDays, now } = {
    ...defaults,
    ...options,
  };
  const expiresAfter = (days: number) => Math.floor(now().getTime() / 1000) + days * DAY_SECONDS;

  /** Updates the entry of a registered store; resolves false, having written nothing, when there is none. */
  const updateRegisteredStore = async (storeHash: string, update: StoreEntryUpdate): Promise<boolean> => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: storeKey(storeHash),
          UpdateExpression: update.expression,
          // Without the condition, an update of a missing store entry would create a bare one.
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { ...update.names, '#pk': 'pk' },
          ExpressionAttributeValues: update.values,
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };

  const updateConnectedCarriers = (
    storeHash: string,
    action: 'ADD' | 'DELETE',
    carrierIds: readonly string[],
  ) =>
    updateRegisteredStore(storeHash, {
      expression: `${action} #carriers :carrierIds`,
      names: { '#carriers': 'connectedCarriers' },
      values: { ':carrierIds': new Set(carrierIds) },
    });

  return {
    async getStore(storeHash) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: storeKey(storeHash) }));
      return Item ? toStoreEntry(Item) : undefined;
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

    async markCarriersConnected(storeHash, carrierIds) {
      if (carrierIds.length === 0) return;
      // A string set: ADD merges atomically with what another execution recorded.
      const registered = await updateConnectedCarriers(storeHash, 'ADD', carrierIds);
      if (!registered) {
        throw new Error(
          `Store ${storeHash} is not registered; register it before recording connected carriers`,
        );
      }
    },

    async markCarriersDisconnected(storeHash, carrierIds) {
      if (carrierIds.length === 0) return;
      // DELETE removes the ids from the string set (and the attribute with its last member). An unregistered
      // store has no connected carriers recorded: nothing to forget.
      await updateConnectedCarriers(storeHash, 'DELETE', carrierIds);
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
      // A plan or verify run of an unregistered store keeps its history but registers nothing.
      await updateRegisteredStore(run.storeHash, {
        expression: 'SET #lastRun = :run',
        names: { '#lastRun': 'lastRun' },
        values: { ':run': run },
      });
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

    async recordWebhookDelivery(hash) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...webhookDeliveryKey(hash), ttl: expiresAfter(webhookRetentionDays) },
            // TTL deletion lags expiry by up to days, so an expired claim counts as gone; a released one too.
            ConditionExpression: 'attribute_not_exists(#pk) OR #ttl < :now OR #released = :released',
            ExpressionAttributeNames: { '#pk': 'pk', '#ttl': 'ttl', '#released': 'released' },
            ExpressionAttributeValues: { ':now': expiresAfter(0), ':released': true },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async releaseWebhookDelivery(hash) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: webhookDeliveryKey(hash),
          UpdateExpression: 'SET #released = :released, #ttl = if_not_exists(#ttl, :ttl)',
          ExpressionAttributeNames: { '#released': 'released', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':released': true, ':ttl': expiresAfter(webhookRetentionDays) },
        }),
      );
    },
  };
}

function toStoreEntry(item: Record<string, unknown>): StoreEntry {
  const carriers = item.connectedCarriers;
  return {
    storeHash: String(item.storeHash),
    profileName: String(item.profileName),
    connectedCarriers: carriers instanceof Set ? [...carriers].map(String).sort() : [],
    lastRun: item.lastRun as RunRecord | undefined,
  };
}
