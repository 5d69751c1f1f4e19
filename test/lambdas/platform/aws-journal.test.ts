import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDynamoJournal } from '../../../lambdas/platform/aws-journal.ts';
import type { UndoEntry } from '../../../lambdas/platform/ports.ts';
import { undoEntryKey } from '../../../lambdas/platform/undo-entry-key.ts';
import { type Moto, startMoto } from '../../support/moto.ts';
import { createRegistryTable } from '../../support/registry-table.ts';
import { describeJournalContract } from './contracts/journal.contract.ts';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(() => moto?.stop());

describeJournalContract('DynamoDB journal on moto', async () =>
  createDynamoJournal(await createRegistryTable(moto.endpoint)),
);

test('reads items written before entries were keyed, before the newer ones, under their keys', async () => {
  const table = await createRegistryTable(moto.endpoint);
  const journal = createDynamoJournal(table);
  const older: UndoEntry = { kind: 'delete-cart', cartId: 'cart-left-behind' };
  const newer: UndoEntry = { kind: 'cart-deleted', cartId: 'cart-left-behind' };
  await journal.append('abc123', 'probe', [newer]);
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk: 'STORE#abc123', sk: 'UNDO#probe#00000001', ttl: 1, entry: older },
    }),
  );
  expect(await journal.read('abc123', 'probe')).toEqual([
    { key: undoEntryKey(older), entry: older, undone: false },
    { key: undoEntryKey(newer), entry: newer, undone: false },
  ]);
});

test('marks an item written before entries were keyed undone, under its key as read', async () => {
  const table = await createRegistryTable(moto.endpoint);
  const journal = createDynamoJournal(table);
  const entries: UndoEntry[] = [
    { kind: 'delete-created', zoneId: 1, zoneName: 'United States', type: 'perorder', name: 'A' },
    { kind: 'delete-created', zoneId: 1, zoneName: 'United States', type: 'perorder', name: 'B' },
  ];
  for (const [index, entry] of entries.entries()) {
    const sk = `UNDO#exec-1#${String(index + 1).padStart(8, '0')}`;
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { pk: 'STORE#abc123', sk, ttl: 1, entry } }),
    );
  }
  const [first, second] = await journal.read('abc123', 'exec-1');
  await journal.markUndone('abc123', 'exec-1', second!.key);
  expect(await journal.read('abc123', 'exec-1')).toEqual([
    { ...first, undone: false },
    { ...second, undone: true },
  ]);
});
