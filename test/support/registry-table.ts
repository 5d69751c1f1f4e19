/**
 * The registry table on moto, created from the table the stack deploys: a bare stack holding only the
 * StoreRegistry construct is synthesized and its `AWS::DynamoDB::Table` properties become the CreateTable
 * request, so the adapters are tested against the keys, index and time to live that are deployed.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createDocumentClient, type RegistryTable } from '../../lambdas/platform/aws-document-client.ts';
import { StoreRegistry } from '../../lib/store-registry.ts';
import { motoClientConfig } from './moto.ts';

/** The table's CloudFormation properties that CreateTable takes as they are. */
export type TableProperties = Pick<
  CreateTableCommandInput,
  'KeySchema' | 'AttributeDefinitions' | 'GlobalSecondaryIndexes' | 'BillingMode'
> & { TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean } };

let synthesized: TableProperties | undefined;

/** The deployed table's properties, synthesized once per test file. */
function deployedTable(): TableProperties {
  if (synthesized) return synthesized;
  const stack = new Stack(new App(), 'RegistryOnly');
  new StoreRegistry(stack, 'Registry');
  const tables = Template.fromStack(stack).findResources('AWS::DynamoDB::Table');
  const [table, ...others] = Object.values(tables) as { Properties: TableProperties }[];
  if (!table || others.length > 0) throw new Error('StoreRegistry should define exactly one table');
  synthesized = table.Properties;
  return synthesized;
}

let tables = 0;

/**
 * A new, empty registry table on moto, named for the test that asked for it, and a document client made
 * the way the Lambda makes it. Point-in-time recovery and encryption are left out: CreateTable does not take
 * them, and they change nothing the adapters can observe.
 */
export async function createRegistryTable(endpoint: string): Promise<RegistryTable> {
  const tableName = `bcship-registry-${++tables}`;
  const dynamo = new DynamoDBClient(motoClientConfig(endpoint));
  oneRequestAtATime(dynamo);
  await createTableAsDeployed(dynamo, tableName, deployedTable());
  const client: DynamoDBDocumentClient = await createDocumentClient(dynamo);
  return { client, tableName };
}

/**
 * DynamoDB applies each request atomically: a conditional write's check and write are one step. moto serves
 * requests on threads and checks a condition apart from the write it guards, so two concurrent conditional
 * writes can both pass there, more often the busier the machine. Sending moto one request at a time gives the
 * tests DynamoDB's atomicity per request, while concurrent callers still interleave between their requests
 * as they would on AWS (a claim, then a read, then a mark).
 */
function oneRequestAtATime(dynamo: DynamoDBClient): void {
  let previous: Promise<unknown> = Promise.resolve();
  dynamo.middlewareStack.add(
    (next) => (args) => {
      const response = previous.then(() => next(args));
      previous = response.catch(() => undefined);
      return response;
    },
    { step: 'finalizeRequest', name: 'oneRequestAtATime' },
  );
}

/** Creates the table on moto as the template declares it: its keys, indexes, billing and TTL. */
export async function createTableAsDeployed(
  dynamo: DynamoDBClient,
  tableName: string,
  {
    KeySchema,
    AttributeDefinitions,
    GlobalSecondaryIndexes,
    BillingMode,
    TimeToLiveSpecification,
  }: TableProperties,
): Promise<void> {
  await dynamo.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema,
      AttributeDefinitions,
      GlobalSecondaryIndexes,
      BillingMode,
    }),
  );
  if (TimeToLiveSpecification) {
    await dynamo.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification }));
  }
}
