/**
 * JournalPort on the registry table (layout in registry-layout.ts): one item per logical change, keyed by the
 * entry's key (undoEntryKey), numbered by an atomic counter item per execution, marked `undone` by Rollback.
 *
 * Map iterations append to one execution's journal in parallel, so sequence numbers come from an atomic
 * counter rather than from a clock: entries keep the order in which they were first appended. Each put is
 * conditional on the key being new, so a retried task's entry neither duplicates the first nor replaces its
 * pre-image (the counter number it took is simply skipped). Items written before entries were keyed sit under
 * their sequence number (`UNDO#{execId}#{seq}`): they are read under the key their entry has now, and marked
 * undone where they are, so that a rollback of such a journal finishes as the JSON journal's does.
 */
import {
  documentSdk,
  type RegistryTable,
  type RegistryTableOptions,
  systemClock,
  unlessConditionFails,
} from './aws-document-client.ts';
import type { JournalPort, JournalRecord, UndoEntry } from './ports.ts';
import {
  DAY_SECONDS,
  epochSeconds,
  storePartition,
  undoPrefix,
  undoSequenceKey,
  undoSortKey,
} from './registry-layout.ts';
import { undoEntryKey } from './undo-entry-key.ts';

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
    markUndone: (storeHash, executionId, entryKey) => markUndone(table, storeHash, executionId, entryKey),
  };
}

async function append(
  table: RegistryTable,
  storeHash: string,
  executionId: string,
  entries: UndoEntry[],
  ttl: number,
): Promise<void> {
  if (entries.length === 0) return;
  const last = await takeSequenceNumbers(table, storeHash, executionId, entries.length, ttl);
  const first = last - entries.length + 1;
  const { PutCommand } = await documentSdk();
  for (const [index, entry] of entries.entries()) {
    const key = undoEntryKey(entry);
    // Journalled by an earlier attempt when the key exists: its entry, with the first pre-image, stays.
    await unlessConditionFails(
      table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            pk: storePartition(storeHash),
            sk: undoSortKey(executionId, key),
            seq: first + index,
            key,
            ttl,
            entry,
          },
          ConditionExpression: 'attribute_not_exists(#sk)',
          ExpressionAttributeNames: { '#sk': 'sk' },
        }),
      ),
    );
  }
}

/** Reserves `count` sequence numbers; returns the last. */
async function takeSequenceNumbers(
  { client, tableName }: RegistryTable,
  storeHash: string,
  executionId: string,
  count: number,
  ttl: number,
): Promise<number> {
  const { UpdateCommand } = await documentSdk();
  const { Attributes } = await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: undoSequenceKey(storeHash, executionId),
      UpdateExpression: 'ADD #seq :count SET #ttl = :ttl',
      ExpressionAttributeNames: { '#seq': 'seq', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':count': count, ':ttl': ttl },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.seq);
}

async function read(table: RegistryTable, storeHash: string, executionId: string): Promise<JournalRecord[]> {
  const items = await readItems(table, storeHash, executionId);
  return items.map(({ key, entry, undone }) => ({ key, entry, undone }));
}

/** The execution's items in the order of their `seq`, each with its sort key. */
async function readItems(
  { client, tableName }: RegistryTable,
  storeHash: string,
  executionId: string,
): Promise<Array<JournalRecord & { sk: string }>> {
  const { paginateQuery } = await documentSdk();
  const items: Array<JournalRecord & { sk: string; seq: number }> = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': storePartition(storeHash), ':prefix': undoPrefix(executionId) },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      // Items written before entries were keyed (`UNDO#{execId}#{seq}`, `entry` only) come first, as they are older.
      const { sk, entry, undone, seq = 0 } = item;
      const key = item.key ?? undoEntryKey(entry);
      items.push({ sk: String(sk), key, entry, undone: undone === true, seq: Number(seq) });
    }
  }
  return items.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...item }) => item);
}

async function markUndone(
  table: RegistryTable,
  storeHash: string,
  executionId: string,
  entryKey: string,
): Promise<void> {
  if (await markItemUndone(table, storeHash, undoSortKey(executionId, entryKey))) return;
  // An item written before entries were keyed is under its sequence number, not its key: found by reading.
  const items = await readItems(table, storeHash, executionId);
  const older = items.find((item) => item.key === entryKey && !item.undone);
  if (older) await markItemUndone(table, storeHash, older.sk);
}

/** False when the table holds no item under `sk`: there was nothing to mark. */
async function markItemUndone(
  { client, tableName }: RegistryTable,
  storeHash: string,
  sk: string,
): Promise<boolean> {
  const { UpdateCommand } = await documentSdk();
  return unlessConditionFails(
    client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: storePartition(storeHash), sk },
        UpdateExpression: 'SET #undone = :true',
        // Never creates an item: a key the journal does not hold has nothing to mark.
        ConditionExpression: 'attribute_exists(#sk)',
        ExpressionAttributeNames: { '#undone': 'undone', '#sk': 'sk' },
        ExpressionAttributeValues: { ':true': true },
      }),
    ),
  );
}
