/**
 * Webhook deliveries as BigCommerce sends them, for the receiver's tests: a payload for a store and scope, and
 * the request carrying it, signed the Standard Webhooks way with the app's client secret under a message id
 * (the same on every retry of one message).
 */
import { Webhook } from 'standardwebhooks';
import type { WebhookRequest } from '../../lambdas/operations/receive-webhook.ts';
import {
  type SignatureVerifier,
  webhookSignatureVerifier,
} from '../../lambdas/platform/webhook-signature.ts';

const WEBHOOK_SECRET_NAME = 'bcship/webhooks/client-secret';
const WEBHOOK_CLIENT_SECRET = 'client-secret-of-the-app';
/** What BigCommerce sends as `hash` for every store/information/updated: the SHA-1 of `{"type":"store"}`. */
export const STORE_DATA_HASH = 'dd70c0976e06b67aaf671e73f49dcb79230ebf9d';

/** A store/information/updated payload of `storeHash`, as JSON, with any field replaced. */
export function webhookPayload(storeHash: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    scope: 'store/information/updated',
    store_id: '1025646',
    data: { type: 'store' },
    hash: STORE_DATA_HASH,
    created_at: 1_561_479_335,
    producer: `stores/${storeHash}`,
    ...overrides,
  });
}

export interface SigningOptions {
  /** The message id (`webhook-id`). */
  id: string;
  secret?: string;
  at?: Date;
}

export function signedDelivery(rawBody: string, options: SigningOptions): WebhookRequest {
  const webhook = new Webhook(Buffer.from(options.secret ?? WEBHOOK_CLIENT_SECRET).toString('base64'));
  const at = options.at ?? new Date();
  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      'webhook-id': options.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': webhook.sign(options.id, at, rawBody),
    },
  };
}

/** The receiver's signature check, with the client secret where the deployed one reads it. */
export const testSignatureVerifier = (): SignatureVerifier =>
  webhookSignatureVerifier({
    secretName: WEBHOOK_SECRET_NAME,
    lookup: async (name) =>
      name === WEBHOOK_SECRET_NAME ? JSON.stringify({ clientSecret: WEBHOOK_CLIENT_SECRET }) : undefined,
  });
