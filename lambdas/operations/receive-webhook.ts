/**
 * A BigCommerce webhook callback, turned into an Onboard run. In order:
 *
 *   1. the Standard Webhooks signature over the raw body      bad → 401, nothing else done
 *   2. the payload                                            malformed → 400
 *   3. the store, keyed by `producer` (`stores/{hash}`)       not registered → 200, ignored
 *   4. the scope                                              one bcship does not act on → 200, ignored
 *   5. the action: start an `apply` run, or end the store's registration on an uninstall
 *
 * Deduplication is Step Functions' own: the run is named after the delivery (the `webhook-id` header, unique
 * per message and the same on each of BigCommerce's retries of it), and a name is accepted once in 90 days.
 * The payload `hash` cannot name it: it is the SHA-1 of the payload's `data`, which is the same
 * `{"type":"store"}` for every store/information/updated event. So a retried delivery starts nothing twice,
 * and a delivery whose start failed is simply started by BigCommerce's retry.
 *
 * BigCommerce retries anything but a 2xx for up to 48 hours and blocklists a destination that fails too
 * often, so only a forged request (401), a payload this code cannot read (400) or a failure worth a retry
 * (thrown) answer anything else. There are no shipping-configuration webhooks: the scopes acted on are those
 * that invalidate a store's shipping setup (units, currency, origin address) or add a channel it must cover.
 *
 * store/app/uninstalled is acted on when it arrives, but it cannot be relied on: BigCommerce deletes an app's
 * webhooks when the app is uninstalled, so the hook may be gone before it fires. The app's `/uninstall`
 * callback (a request the app server receives from BigCommerce) is the reliable signal; it should deregister
 * the store the same way (RegistryPort.deregisterStore).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { executionNameFor } from '../platform/execution-names.ts';
import type { TriggerDeps } from '../platform/ports.ts';
import { STORE_UNINSTALLED_EVENT } from '../platform/store-events.ts';
import type { RequestHeaders, SignatureVerifier } from '../platform/webhook-signature.ts';
import type { FieldIssue } from '../shipping/errors.ts';
import type { ExecutionInput } from '../workflow-contract.ts';
import { toFieldIssues } from './input.ts';
import { defineOperation } from './operation.ts';

/** What each scope leads to. Scopes not listed are acknowledged and ignored. */
export const SCOPE_ACTIONS = {
  // Weight unit, currency or origin changes invalidate weight/total ranges and carrier availability.
  'store/information/updated': 'apply',
  // A new channel gets the methods of the store's zones (channel_ids defaults).
  'store/channel/created': 'apply',
  'store/app/uninstalled': 'deregister',
} as const satisfies Record<string, 'apply' | 'deregister'>;

export type WebhookScope = keyof typeof SCOPE_ACTIONS;
export const WEBHOOK_SCOPES = Object.keys(SCOPE_ACTIONS) as WebhookScope[];

export const WebhookPayloadSchema = z.looseObject({
  scope: z.string().check(z.minLength(1)),
  // A string in current documentation, an integer in older examples; not the store hash either way.
  store_id: z.union([z.string(), z.number()]),
  data: z.record(z.string(), z.unknown()),
  // Part of the delivery's name when the `webhook-id` header is missing: held to what a SHA-1 hex digest
  // looks like.
  hash: z.string().check(z.regex(/^[A-Za-z0-9]{1,128}$/, 'must be the payload hash (letters and digits)')),
  created_at: z.int().check(z.nonnegative()),
  // Lower case, as BigCommerce store hashes are and as every execution input is read: one store, one key.
  producer: z
    .string()
    .check(z.regex(/^stores\/[a-z0-9]{1,32}$/i, 'must be "stores/{store_hash}"'), z.toLowerCase()),
});
export type WebhookPayload = z.output<typeof WebhookPayloadSchema>;

export interface WebhookRequest {
  /** The body exactly as received: the signature covers these bytes, not a re-serialization. */
  rawBody: string;
  headers: RequestHeaders;
}

export type WebhookOutcome =
  | 'rejected-signature'
  | 'invalid-payload'
  | 'unregistered-store'
  | 'ignored-scope'
  | 'started'
  | 'already-started'
  | 'deregistered';

export interface WebhookResult {
  statusCode: 200 | 400 | 401;
  outcome: WebhookOutcome;
  scope?: string;
  storeHash?: string;
  /** The delivery the run is named after: the `webhook-id` header, or what identifies the event without it. */
  deliveryId?: string;
  /** Why the payload was refused (outcome invalid-payload). */
  issues?: FieldIssue[];
}

export interface ReceiveWebhookDeps extends TriggerDeps {
  verifySignature: SignatureVerifier;
}

async function run(request: WebhookRequest, deps: ReceiveWebhookDeps): Promise<WebhookResult> {
  if (!(await deps.verifySignature(request.rawBody, request.headers))) {
    return { statusCode: 401, outcome: 'rejected-signature' };
  }

  const payload = parsePayload(request.rawBody);
  if (!payload.success) return { statusCode: 400, outcome: 'invalid-payload', issues: payload.issues };
  const { scope } = payload.data;
  const storeHash = payload.data.producer.slice('stores/'.length);
  const deliveryId = deliveryIdOf(request.headers, payload.data);
  const seen = { scope, storeHash, deliveryId };

  const store = await deps.stores.getStore(storeHash);
  if (!store) return { statusCode: 200, outcome: 'unregistered-store', ...seen };
  if (!Object.hasOwn(SCOPE_ACTIONS, scope)) return { statusCode: 200, outcome: 'ignored-scope', ...seen };

  if (SCOPE_ACTIONS[scope as WebhookScope] === 'deregister') {
    // Published first: a retry after a failed deregistration still finds the store registered and does both
    // (the event at least once), whereas the other order would lose the event to a failed publish.
    await deps.events.publish(STORE_UNINSTALLED_EVENT, {
      storeHash,
      profileName: store.profileName,
      deliveryId,
      createdAt: new Date(payload.data.created_at * 1000).toISOString(),
    });
    // Reconciliation stops starting runs that could only fail on the revoked token.
    await deps.stores.deregisterStore(storeHash);
    return { statusCode: 200, outcome: 'deregistered', ...seen };
  }
  const input: ExecutionInput = {
    storeHash,
    profile: store.profileName,
    mode: 'apply',
    trigger: { kind: 'webhook', id: deliveryId },
  };
  const { started } = await deps.executions.start(input, executionNameFor(input, deliveryId));
  return { statusCode: 200, outcome: started ? 'started' : 'already-started', ...seen };
}

/** What a `webhook-id` may look like to be used as is (Standard Webhooks ids are like `msg_2KWPBg…`). */
const DELIVERY_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The `webhook-id` header: the same on every retry of one message, different for every message. One that
 * cannot name an execution as it is goes by its SHA-256 (`sha256-{hex}`), which is still one name per message.
 * Only without the header at all does the event's own identity stand in: the store, the scope, the second it
 * happened and its data's hash (two events alike in all four would be taken for one).
 */
export function deliveryIdOf(headers: RequestHeaders, payload: WebhookPayload): string {
  const header = Object.entries(headers).find(([name]) => name.toLowerCase() === 'webhook-id')?.[1];
  if (header) {
    if (DELIVERY_ID.test(header)) return header;
    return `sha256-${createHash('sha256').update(header).digest('hex')}`;
  }
  // Within the 200 characters a trigger id may have; the execution name digests the whole input anyway.
  return `${payload.producer}:${payload.scope}:${payload.created_at}:${payload.hash}`.slice(0, 200);
}

type ParsedPayload = { success: true; data: WebhookPayload } | { success: false; issues: FieldIssue[] };

function parsePayload(rawBody: string): ParsedPayload {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { success: false, issues: [{ path: '', message: 'must be a JSON object' }] };
  }
  const parsed = z.safeParse(WebhookPayloadSchema, json);
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, issues: toFieldIssues(parsed.error) };
}

/** The raw body and headers of a Function URL event; Function URLs base64-encode bodies they deem binary. */
const FunctionUrlRequestSchema = z.pipe(
  z.nullish(
    z.looseObject({
      body: z.nullish(z.string()),
      isBase64Encoded: z.nullish(z.boolean()),
      headers: z.nullish(z.record(z.string(), z.optional(z.string()))),
    }),
  ),
  z.transform(
    (event): WebhookRequest => ({
      rawBody: event?.isBase64Encoded
        ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
        : (event?.body ?? ''),
      headers: event?.headers ?? {},
    }),
  ),
);

export const receiveWebhook = defineOperation({
  name: 'receive-webhook',
  input: FunctionUrlRequestSchema,
  // BigCommerce wants an answer at once.
  timeoutSeconds: 10,
  uses: {
    webhookSecret: true,
    registry: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    startExecutions: true,
    events: true,
  },
  run,
  // The outcome and where it came from; never the headers, which carry the signature.
  report: ({ statusCode, outcome, scope, storeHash, deliveryId, issues }) => ({
    counts: {
      WebhooksReceived: 1,
      WebhookSignaturesRejected: statusCode === 401 ? 1 : 0,
      WebhookRunsStarted: outcome === 'started' ? 1 : 0,
    },
    summary: { statusCode, outcome, scope, storeHash, deliveryId, issues },
  }),
  /** A status and no body, as BigCommerce asks of webhook destinations. */
  respond: ({ statusCode }) => ({ statusCode }),
});
