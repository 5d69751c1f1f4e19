import type { Context } from 'aws-lambda';
import {
  type ReceiveWebhookDeps,
  receiveWebhookTask,
  type WebhookResult,
} from './operations/receive-webhook.ts';
import { awsWebhookDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';

export const receiveWebhookDefinition: OperationDefinition<WebhookResult, ReceiveWebhookDeps> = {
  operation: 'receive-webhook',
  task: receiveWebhookTask,
  // The outcome and where it came from; never the headers, which carry the signature.
  report: ({ statusCode, outcome, scope, storeHash, hash, issues }) => ({
    counts: {
      WebhooksReceived: 1,
      WebhookSignaturesRejected: statusCode === 401 ? 1 : 0,
      WebhookRunsStarted: outcome === 'started' ? 1 : 0,
    },
    summary: { statusCode, outcome, scope, storeHash, hash, issues },
  }),
};

const receive = operationHandler(receiveWebhookDefinition, () => awsWebhookDeps());

/** The Function URL response: a status and no body, as BigCommerce asks of webhook destinations. */
export const handler = async (event: unknown, context: Context): Promise<{ statusCode: number }> => {
  const { statusCode } = await receive(event, context);
  return { statusCode };
};
