import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RegistryTable } from '../../../lambdas/platform/aws-document-client.ts';
import { createDynamoStoreRegistry } from '../../../lambdas/platform/aws-store-registry.ts';
import { BY_ENTITY_INDEX, STORE_ENTITY, storeKey } from '../../../lambdas/platform/registry-layout.ts';
import { type Moto, startMoto } from '../../support/moto.ts';
import { createRegistryTable } from '../../support/registry-table.ts';
import { describeStoreRegistryContract } from './contracts/store-registry.contract.ts';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(() => moto?.stop());

/**
 * Registers the first store through the adapter and writes the others as copies of the item it wrote,
 * 25 to a BatchWriteItem: one request per store would take moto many seconds.
 */
async function registerMany(table: RegistryTable, storeHashes: string[], profileName: string) {
  const [first, ...others] = storeHashes;
  if (first === undefined) return;
  await createDynamoStoreRegistry(table).registerStore(first, profileName);
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: storeKey(first) }),
  );
  const items = others.map((storeHash) => ({ ...Item, ...storeKey(storeHash), storeHash }));
  for (let at = 0; at < items.length; at += 25) {
    const batch = items.slice(at, at + 25).map((item) => ({ PutRequest: { Item: item } }));
    await table.client.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: batch } }));
  }
}

describeStoreRegistryContract('DynamoDB store registry on moto', async () => {
  const table = await createRegistryTable(moto.endpoint);
  return {
    stores: createDynamoStoreRegistry(table),
    registerMany: (storeHashes, profileName) => registerMany(table, storeHashes, profileName),
  };
});

test('the contract’s many stores are more than one page of the byEntity index', async () => {
  const table = await createRegistryTable(moto.endpoint);
  const hashes = Array.from({ length: 1_500 }, (_, i) => `store${i}`);
  await registerMany(table, hashes, `profile-${'x'.repeat(700)}`);
  const page = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: BY_ENTITY_INDEX,
      KeyConditionExpression: '#entity = :entity',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: { ':entity': STORE_ENTITY },
    }),
  );
  expect(page.LastEvaluatedKey).toBeDefined();
  expect(page.Items?.length).toBeLessThan(hashes.length);
});
