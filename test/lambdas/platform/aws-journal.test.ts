import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { createDynamoJournal } from '../../../lambdas/platform/aws-journal.ts';
import type { UndoEntry } from '../../../lambdas/platform/ports.ts';
import { DAY, documentClient, NOW, NOW_SECONDS, TABLE } from './registry-table-fixture.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const journal = () => createDynamoJournal({ client: documentClient(), tableName: TABLE, now: () => NOW });

describe('DynamoDB journal', () => {
  test('appends journal entries under sequence numbers reserved from an atomic counter, with a 30-day ttl', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
    dynamo.on(PutCommand).resolves({});
    const entries: UndoEntry[] = [
      { kind: 'delete-created', zoneId: 1, type: 'perorder', name: 'A' },
      { kind: 'delete-created', zoneId: 1, type: 'perorder', name: 'B' },
    ];
    await journal().append('abc123', 'exec-1', entries);
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'STORE#abc123', sk: 'UNDOSEQ#exec-1' },
      UpdateExpression: 'ADD #seq :count SET #ttl = :ttl',
      ExpressionAttributeNames: { '#seq': 'seq', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':count': 2, ':ttl': NOW_SECONDS + 30 * DAY },
      ReturnValues: 'UPDATED_NEW',
    });
    expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item)).toEqual([
      { pk: 'STORE#abc123', sk: 'UNDO#exec-1#00000006', ttl: NOW_SECONDS + 30 * DAY, entry: entries[0] },
      { pk: 'STORE#abc123', sk: 'UNDO#exec-1#00000007', ttl: NOW_SECONDS + 30 * DAY, entry: entries[1] },
    ]);
  });

  test('reads back an execution’s journal in the order it was appended', async () => {
    // A table in miniature: the counter, the items, and a query that sorts by key like DynamoDB does.
    const items = new Map<string, Record<string, unknown>>();
    let seq = 0;
    dynamo.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: { ':count': number } }) => {
      seq += input.ExpressionAttributeValues[':count'];
      return { Attributes: { seq } };
    });
    dynamo.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
      items.set(`${input.Item.pk}|${input.Item.sk}`, input.Item);
      return {};
    });
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => {
      const { ':pk': pk, ':prefix': prefix } = input.ExpressionAttributeValues;
      const Items = [...items.values()]
        .filter((item) => item.pk === pk && String(item.sk).startsWith(prefix ?? ''))
        .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
      return { Items };
    });

    const port = journal();
    const entry = (name: string): UndoEntry => ({
      kind: 'delete-created',
      zoneId: 1,
      type: 'perorder',
      name,
    });
    for (let i = 1; i <= 12; i++) await port.append('abc123', 'exec-1', [entry(`m${i}`)]);
    await port.append('abc123', 'exec-2', [entry('other execution')]);

    const entries = await port.read('abc123', 'exec-1');
    expect(entries.map((e) => (e.kind === 'delete-created' ? e.name : e.kind))).toEqual(
      Array.from({ length: 12 }, (_, i) => `m${i + 1}`),
    );
  });
});
