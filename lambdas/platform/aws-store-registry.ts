/**
 * StoreRegistryPort on the registry table (layout in registry-layout.ts): one store entry per store, and one
 * item per run.
 *
 * A store entry carries `entity` only while the store is registered, so the sparse byEntity index lists
 * exactly the registered stores; an entry without it holds the connected carriers of a store that is not
 * (or no longer) registered.
 */
import {
  documentSdk,
  isConditionFailure,
  type RegistryTable,
  type RegistryTableOptions,
  systemClock,
} from './aws-document-client.ts';
import type { RegisteredStore, RunRecord, StoreEntry, StorePage, StoreRegistryPort } from './ports.ts';
import {
  BY_ENTITY_INDEX,
  DAY_SECONDS,
  epochSeconds,
  runSortKey,
  STORE_ENTITY,
  storeKey,
} from './registry-layout.ts';

export interface DynamoStoreRegistryOptions extends RegistryTableOptions {
  runRetentionDays?: number;
}

/** One update expression with its aliased attribute names and values. */
interface StoreEntryUpdate {
  expression: string;
  names: Record<string, string>;
  values?: Record<string, unknown>;
}

export function createDynamoStoreRegistry(options: DynamoStoreRegistryOptions): StoreRegistryPort {
  const { runRetentionDays = 90, now = systemClock } = options;
  const table: RegistryTable = { client: options.client, tableName: options.tableName };
  return {
    getStore: (storeHash) => getStore(table, storeHash),
    listStores: () => listStores(table),
    listStorePage: (cursor) => listStorePage(table, cursor),
    registerStore: (storeHash, profileName) => registerStore(table, storeHash, profileName),
    deregisterStore: (storeHash) => deregisterStore(table, storeHash),
    markCarriersConnected: (storeHash, carrierIds) => markCarriersConnected(table, storeHash, carrierIds),
    connectedCarriers: (storeHash) => connectedCarriers(table, storeHash),
    markCarriersDisconnected: (storeHash, carrierIds) =>
      markCarriersDisconnected(table, storeHash, carrierIds),
    recordRun: (run) => recordRun(table, run, epochSeconds(now()) + runRetentionDays * DAY_SECONDS),
    runRecorded: (storeHash, executionId, since) => runRecorded(table, storeHash, executionId, since),
  };
}

/** Run items sort by when they finished: only those from `since` on are read. */
async function runRecorded(
  { client, tableName }: RegistryTable,
  storeHash: string,
  executionId: string,
  since = '',
): Promise<boolean> {
  const { paginateQuery } = await documentSdk();
  const pages = paginateQuery(
    { client },
    {
      TableName: tableName,
      // `RUN$` sorts right after every `RUN#…` key.
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      FilterExpression: '#run.#executionId = :executionId',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#run': 'run', '#executionId': 'executionId' },
      ExpressionAttributeValues: {
        ':pk': storeKey(storeHash).pk,
        ':from': `RUN#${since}`,
        ':to': 'RUN$',
        ':executionId': executionId,
      },
      ProjectionExpression: '#pk',
    },
  );
  for await (const page of pages) if ((page.Items ?? []).length > 0) return true;
  return false;
}

async function getStore(
  { client, tableName }: RegistryTable,
  storeHash: string,
): Promise<StoreEntry | undefined> {
  const { GetCommand } = await documentSdk();
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: storeKey(storeHash) }));
  // An entry without `entity` holds the carriers of a store that is not registered.
  return Item?.entity === STORE_ENTITY ? toStoreEntry(Item) : undefined;
}

/**
 * Pages of the sparse byEntity index, which holds registered stores only and projects what listing needs
 * (store hash, profile name): a page is one Query of up to 1 MB, its cursor the encoded LastEvaluatedKey.
 */
async function listStorePage({ client, tableName }: RegistryTable, cursor?: string): Promise<StorePage> {
  const { QueryCommand } = await documentSdk();
  const { Items = [], LastEvaluatedKey } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: BY_ENTITY_INDEX,
      KeyConditionExpression: '#entity = :entity',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: { ':entity': STORE_ENTITY },
      ...(cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) } : {}),
    }),
  );
  const stores = Items.map((item) => ({
    storeHash: String(item.storeHash),
    profileName: String(item.profileName),
  }));
  return LastEvaluatedKey
    ? { stores, cursor: Buffer.from(JSON.stringify(LastEvaluatedKey)).toString('base64url') }
    : { stores };
}

/** Every registered store in full: the index pages, then each store's entry (an operator's listing). */
async function listStores(table: RegistryTable): Promise<StoreEntry[]> {
  const entries: StoreEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listStorePage(table, cursor);
    for (const store of page.stores) {
      const entry = await getStore(table, store.storeHash);
      if (entry) entries.push(entry);
    }
    cursor = page.cursor;
  } while (cursor);
  return entries;
}

async function registerStore({ client, tableName }: RegistryTable, storeHash: string, profileName: string) {
  const { UpdateCommand } = await documentSdk();
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
}

/** Conditional on `entity`: of concurrent deregistrations only the first finds the store registered. */
async function deregisterStore(
  { client, tableName }: RegistryTable,
  storeHash: string,
): Promise<RegisteredStore | undefined> {
  const { UpdateCommand } = await documentSdk();
  try {
    const { Attributes } = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: storeKey(storeHash),
        UpdateExpression: 'REMOVE #entity, #profileName',
        ConditionExpression: 'attribute_exists(#entity)',
        ExpressionAttributeNames: { '#entity': 'entity', '#profileName': 'profileName' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return { storeHash, profileName: String(Attributes?.profileName) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return undefined;
  }
}

async function markCarriersConnected(
  { client, tableName }: RegistryTable,
  storeHash: string,
  carrierIds: string[],
) {
  const { UpdateCommand } = await documentSdk();
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
}

async function connectedCarriers({ client, tableName }: RegistryTable, storeHash: string): Promise<string[]> {
  const { GetCommand } = await documentSdk();
  const { Item } = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: storeKey(storeHash),
      ProjectionExpression: '#carriers',
      ExpressionAttributeNames: { '#carriers': 'connectedCarriers' },
    }),
  );
  return carrierIdsOf(Item?.connectedCarriers);
}

async function markCarriersDisconnected(table: RegistryTable, storeHash: string, carrierIds: string[]) {
  if (carrierIds.length === 0) return;
  // DELETE removes the ids from the string set (and the attribute with its last member). A store without
  // an entry has no connected carriers recorded: nothing to forget.
  await updateExistingStore(
    table,
    storeHash,
    {
      expression: 'DELETE #carriers :carrierIds',
      names: { '#carriers': 'connectedCarriers' },
      values: { ':carrierIds': new Set(carrierIds) },
    },
    'entry',
  );
}

async function recordRun(table: RegistryTable, run: RunRecord, ttl: number) {
  const { PutCommand } = await documentSdk();
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk: storeKey(run.storeHash).pk, sk: runSortKey(run), ttl, run },
    }),
  );
  // A run of an unregistered store keeps its history but registers nothing.
  await updateExistingStore(
    table,
    run.storeHash,
    { expression: 'SET #lastRun = :run', names: { '#lastRun': 'lastRun' }, values: { ':run': run } },
    'registration',
  );
}

/**
 * Updates the store's entry only if it exists (`#pk`) or only if it is registered (`#entity`); writes
 * nothing otherwise. Without a condition, an update creates a bare entry.
 */
async function updateExistingStore(
  { client, tableName }: RegistryTable,
  storeHash: string,
  update: StoreEntryUpdate,
  mustHave: 'entry' | 'registration',
): Promise<void> {
  const { UpdateCommand } = await documentSdk();
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
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

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
