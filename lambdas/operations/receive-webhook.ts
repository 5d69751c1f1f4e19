/**
 * A BigCommerce webhook callback, turned into an Onboard run. In order:
 *
 *   1. the Standard Webhooks signature over the raw body      bad → 401, nothing else done
 *   2. the payload                                            malformed → 400
 *   3. the store, keyed by `producer` (`stores/{hash}`)       not registered → 200, ignored
 *   4. the scope                                              one bcship does not act on → 200, ignored
 *   5. the delivery, claimed by the payload `hash`            a repeat → 200, nothing done
 *   6. the action: start an `apply` run, or record an uninstall
 *
 * BigCommerce retries anything but a 2xx for up to 48 hours and blocklists a destination that fails too
 * often, so only a forged request (401), a payload this code cannot read (400) or a failure worth a retry
 * (thrown: the claim is given back first, so the retry is not taken for a repeat) answer anything else.
 * There are no shipping-configuration webhooks: the scopes acted on are those that invalidate a store's
 * shipping setup (units, currency, origin address) or add a channel it must cover.
 */
import { z } from 'zod';
import { executionNameFor } from '../platform/execution-names.ts';
import type { TriggerDeps } from '../platform/ports.ts';
import type { RequestHeaders, SignatureVerifier } from '../platform/webhook-signature.ts';
import type { FieldIssue } from '../shipping/errors.ts';
import type { ExecutionInput } from '../workflow-contract.ts';
import { toFieldIssues } from './input.ts';

/** What each scope leads to. Scopes not listed are acknowledged and ignored. */
export const SCOPE_ACTIONS = {
  // Weight unit, currency or origin changes invalidate weight/total ranges and carrier availability.
  'store/information/updated': 'apply',
  // A new channel gets the methods of the store's zones (channel_ids defaults).
  'store/channel/created': 'apply',
  'store/app/uninstalled': 'record-uninstall',
} as const satisfies Record<string, 'apply' | 'record-uninstall'>;

export type WebhookScope = keyof typeof SCOPE_ACTIONS;
export const WEBHOOK_SCOPES = Object.keys(SCOPE_ACTIONS) as WebhookScope[];

/** Published when a registered store uninstalls the app; its registration is kept. */
export const STORE_UNINSTALLED_EVENT = 'bcship.store.uninstalled';

export const WebhookPayloadSchema = z.looseObject({
  scope: z.string().min(1),
  // A string in current documentation, an integer in older examples; not the store hash either way.
  store_id: z.union([z.string(), z.number()]),
  data: z.record(z.string(), z.unknown()),
  // Keys the dedupe record and names the execution, so it is held to what a SHA-1 hex digest looks like.
  hash: z.string().regex(/^[A-Za-z0-9]{1,128}$/, 'must be the payload hash (letters and digits)'),
  created_at: z.number().int().nonnegative(),
  producer: z.string().regex(/^stores\/[a-z0-9]{1,32}$/i, 'must be "stores/{store_hash}"'),
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
  | 'duplicate'
  | 'started'
  | 'already-started'
  | 'recorded-uninstall';

export interface WebhookResult {
  statusCode: 200 | 400 | 401;
  outcome: WebhookOutcome;
  scope?: string;
  storeHash?: string;
  hash?: string;
  /** Why the payload was refused (outcome invalid-payload). */
  issues?: FieldIssue[];
}

export interface ReceiveWebhookDeps extends TriggerDeps {
  verifySignature: SignatureVerifier;
}

export async function receiveWebhookOperation(
  request: WebhookRequest,
  deps: ReceiveWebhookDeps,
): Promise<WebhookResult> {
  if (!(await deps.verifySignature(request.rawBody, request.headers))) {
    return { statusCode: 401, outcome: 'rejected-signature' };
  }

  const payload = parsePayload(request.rawBody);
  if (!payload.success) return { statusCode: 400, outcome: 'invalid-payload', issues: payload.issues };
  const { scope, hash } = payload.data;
  const storeHash = payload.data.producer.slice('stores/'.length);
  const seen = { scope, storeHash, hash };

  const store = await deps.registry.getStore(storeHash);
  if (!store) return { statusCode: 200, outcome: 'unregistered-store', ...seen };
  if (!Object.hasOwn(SCOPE_ACTIONS, scope)) return { statusCode: 200, outcome: 'ignored-scope', ...seen };
  if (!(await deps.registry.recordWebhookDelivery(hash))) {
    return { statusCode: 200, outcome: 'duplicate', ...seen };
  }

  try {
    if (SCOPE_ACTIONS[scope as WebhookScope] === 'record-uninstall') {
      await deps.events.publish(STORE_UNINSTALLED_EVENT, {
        storeHash,
        profileName: store.profileName,
        hash,
        createdAt: new Date(payload.data.created_at * 1000).toISOString(),
      });
      return { statusCode: 200, outcome: 'recorded-uninstall', ...seen };
    }
    const input: ExecutionInput = {
      storeHash,
      profile: store.profileName,
      mode: 'apply',
      trigger: { kind: 'webhook', id: hash },
    };
    const { started } = await deps.executions.start(input, executionNameFor(input, hash));
    return { statusCode: 200, outcome: started ? 'started' : 'already-started', ...seen };
  } catch (error) {
    await deps.registry.releaseWebhookDelivery(hash);
    throw error;
  }
}

type ParsedPayload = { success: true; data: WebhookPayload } | { success: false; issues: FieldIssue[] };

function parsePayload(rawBody: string): ParsedPayload {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { success: false, issues: [{ path: '', message: 'must be a JSON object' }] };
  }
  const parsed = WebhookPayloadSchema.safeParse(json);
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, issues: toFieldIssues(parsed.error) };
}

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

export const receiveWebhookTask = (event: unknown, deps: ReceiveWebhookDeps): Promise<WebhookResult> =>
  receiveWebhookOperation(webhookRequestFrom((event ?? {}) as FunctionUrlRequest), deps);
