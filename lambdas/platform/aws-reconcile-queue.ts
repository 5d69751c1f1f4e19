/** ReconcileQueuePort on Amazon SQS: one message per batch, sent ten to a SendMessageBatch call. */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ReconcileBatch, ReconcileQueuePort } from './ports.ts';

/** SendMessageBatch's limit. */
const ENTRIES_PER_CALL = 10;

export interface SqsReconcileQueueOptions {
  client: SQSClient;
  /** `RECONCILE_QUEUE_URL`. */
  queueUrl: string;
}

export function createSqsReconcileQueue({ client, queueUrl }: SqsReconcileQueueOptions): ReconcileQueuePort {
  return {
    async send(batches: ReconcileBatch[]) {
      // Imported here rather than with the module, so that only a function that queues loads the SDK.
      const { SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
      for (let first = 0; first < batches.length; first += ENTRIES_PER_CALL) {
        const entries = batches.slice(first, first + ENTRIES_PER_CALL).map((batch, index) => ({
          Id: String(first + index),
          MessageBody: JSON.stringify(batch),
        }));
        const result = await client.send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
        );
        // SendMessageBatch reports a rejected entry in the response, not as an exception.
        const failed = result.Failed ?? [];
        if (failed.length > 0) {
          throw new Error(
            `SQS refused ${failed.length} of ${entries.length} reconciliation messages: ${failed[0]?.Code ?? 'unknown'} (${failed[0]?.Message ?? ''})`,
          );
        }
      }
    },
  };
}
