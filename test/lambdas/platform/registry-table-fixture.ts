/** The registry table as the DynamoDB adapter tests see it: its name, a fixed clock and a document client. */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../lambdas/platform/aws-document-client.ts';

export const TABLE = 'bcship-registry';
export const NOW = new Date('2026-11-22T10:00:00.000Z');
export const NOW_SECONDS = NOW.getTime() / 1000;
export const DAY = 24 * 60 * 60;

/** A client whose sends the tests mock with `mockClient(DynamoDBDocumentClient)`. */
export const documentClient = (): DynamoDBDocumentClient =>
  createDocumentClient(new DynamoDBClient({ region: 'us-east-1' }));

export const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
