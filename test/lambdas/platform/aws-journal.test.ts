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
