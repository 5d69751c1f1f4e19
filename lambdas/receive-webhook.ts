import type { Context } from 'aws-lambda';
import {
  type ReceiveWebhookDeps,
  receiveWebhookOperation,
  type WebhookRequest,
  type WebhookResult,
} from './operations/receive-webhook.ts';
import { awsWebhookDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';
import type { RequestHeaders } from './platform/webhook-signature.ts';

/** The part of a Lambda Function URL event the receiver reads. */
export interface FunctionUrlRequest {
  body?: string | undefined;
  isBase64Encoded?: boolean | undefined;
  headers?: RequestHeaders | undefined;
}

/** The raw body and headers of a Function URL event; Function URLs base64-encode bodies they deem binary. */
export function webhookRequestFrom(event: FunctionUrlRequest): WebhookRequest {
  const body = event.body ?? '';
  return {
    rawBody: event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
    headers: event.headers ?? {},
  };
}

export const receiveWebhookDefinition: OperationDefinition<WebhookResult, ReceiveWebhookDeps> = {
  operation: 'receive-webhook',
  task: (event, deps) =>
    receiveWebhookOperation(webhookRequestFrom((event ?? {}) as FunctionUrlRequest), deps),
  // The outcome and where it came from; never the headers, which carry the signature.
  report: ({ statusCode, outcome, scope, storeHash, deliveryId, issues }) => ({
    counts: {
      WebhooksReceived: 1,
      WebhookSignaturesRejected: statusCode === 401 ? 1 : 0,
      WebhookRunsStarted: outcome === 'started' ? 1 : 0,
    },
    summary: { statusCode, outcome, scope, storeHash, deliveryId, issues },
  }),
};

const receive = operationHandler(receiveWebhookDefinition, () => awsWebhookDeps());

/** The Function URL response: a status and no body, as BigCommerce asks of webhook destinations. */
export const handler = async (event: unknown, context: Context): Promise<{ statusCode: number }> => {
  const { statusCode } = await receive(event, context);
  return { statusCode };
};
