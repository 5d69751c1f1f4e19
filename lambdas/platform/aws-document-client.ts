/**
 * What the registry table's three adapters (aws-store-registry.ts, aws-lease.ts, aws-journal.ts) share: one
 * way to make their document client, the table and options they are built with, and how a failed condition
 * looks.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The document client's module, imported on first use: a function that never reads the registry never loads it. */
export const documentSdk = () => import('@aws-sdk/lib-dynamodb');

/** The table the adapters' commands go to, and the client that sends them. */
export interface RegistryTable {
  /** A document client created with `removeUndefinedValues` (see `createDocumentClient`). */
  client: DynamoDBDocumentClient;
  /** `REGISTRY_TABLE_NAME`. */
  tableName: string;
}

export interface RegistryTableOptions extends RegistryTable {
  now?: () => Date;
}

/** Run records carry optional fields; DynamoDB rejects `undefined` unless told to drop it. */
export const createDocumentClient = async (client: DynamoDBClient): Promise<DynamoDBDocumentClient> => {
  const { DynamoDBDocumentClient } = await documentSdk();
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
};

export const systemClock = (): Date => new Date();

/** A conditional write whose condition did not hold: the outcome the adapters expect, not a failure. */
export const isConditionFailure = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/**
 * Sends a conditional write for which a condition that did not hold means there was nothing to change: true
 * when the write landed, false when its condition did not hold.
 */
export async function unlessConditionFails(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return false;
  }
}
