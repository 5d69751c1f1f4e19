/**
 * JournalPort on the registry table (layout in registry-layout.ts): one item per undo entry, numbered by an
 * atomic counter item per execution.
 *
 * Map iterations append to one execution's journal in parallel, so sequence numbers come from an atomic
 * counter rather than from a clock: entries keep the order in which they were appended.
 */
import {
  documentSdk,
  type RegistryTable,
  type RegistryTableOptions,
  systemClock,
} from './aws-document-client.ts';
import type { JournalPort, UndoEntry } from './ports.ts';
import {
  DAY_SECONDS,
  epochSeconds,
  storePartition,
  undoPrefix,
  undoSequenceKey,
  undoSortKey,
} from './registry-layout.ts';

export interface DynamoJournalOptions extends RegistryTableOptions {
  journalRetentionDays?: number;
}

export function createDynamoJournal(options: DynamoJournalOptions): JournalPort {
  const { journalRetentionDays = 30, now = systemClock } = options;
  const table: RegistryTable = { client: options.client, tableName: options.tableName };
  const expiry = () => epochSeconds(now()) + journalRetentionDays * DAY_SECONDS;
  return {
    append: (storeHash, executionId, entries) => append(table, storeHash, executionId, entries, expiry()),
    read: (storeHash, executionId) => read(table, storeHash, executionId),
  };
}

async function append(
  { client, tableName }: RegistryTable,
  storeHash: string,
  executionId: string,
  entries: UndoEntry[],
  ttl: number,
): Promise<void> {
  const { PutCommand, UpdateCommand } = await documentSdk();
  if (entries.length === 0) return;
  const { Attributes } = await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: undoSequenceKey(storeHash, executionId),
      UpdateExpression: 'ADD #seq :count SET #ttl = :ttl',
      ExpressionAttributeNames: { '#seq': 'seq', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':count': entries.length, ':ttl': ttl },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const last = Number(Attributes?.seq);
  const first = last - entries.length + 1;
  const pk = storePartition(storeHash);
  for (const [index, entry] of entries.entries()) {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk, sk: undoSortKey(executionId, first + index), ttl, entry },
      }),
    );
  }
}

async function read(
  { client, tableName }: RegistryTable,
  storeHash: string,
  executionId: string,
): Promise<UndoEntry[]> {
  const { paginateQuery } = await documentSdk();
  const entries: UndoEntry[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': storePartition(storeHash), ':prefix': undoPrefix(executionId) },
      ScanIndexForward: true,
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) entries.push(item.entry as UndoEntry);
  }
  return entries;
}
