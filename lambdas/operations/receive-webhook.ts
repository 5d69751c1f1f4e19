/**
 * A BigCommerce webhook callback, turned into an Onboard run. In order:
 *
 *   1. the Standard Webhooks signature over the raw body      bad → 401, nothing else done
 *   2. the payload                                            malformed → 400
 *   3. the store, keyed by `producer` (`stores/{hash}`)       not registered → 200, ignored
 *   4. the scope                                              one bcship does not act on → 200, ignored
 *   5. the action: start (or join) the store's `apply` run, or end the store's registration on an uninstall
 *
 * Bursts coalesce. A merchant editing settings fires store/information/updated several times a second, maybe
 * with store/channel/created; one run per delivery would queue applies on the store's lease (each waiting
 * up to ~17 min on StoreBusy, then failing). So a store has at most one *pending* run: started by the first
 * delivery, it waits until `notBefore` (now + `bcship:webhookBurstSeconds`, a Step Functions Wait) before
 * it reads the store. Every delivery for the store before then is covered by it: the change it reports
 * happened before the delivery arrived, so before the run reads. Such a delivery starts nothing and is
 * answered 200 (`coalesced`). A delivery at or after the run reads (within PENDING_RUN_MARGIN_SECONDS of it,
 * for clock differences) might have been missed by it, so it starts the next pending run, which waits its
 * own window and then for the lease. That bounds a store to one run per window, whatever the burst, and
 * loses no change: the last delivery of any burst is followed by a read.
 *
 * Who starts the pending run is decided by one conditional write on the registry (PendingRunPort): of
 * concurrent deliveries exactly one claims it. Alternatives considered: naming executions after the store
 * and a time slot lets Step Functions dedupe, but a burst across a slot boundary starts two runs and a change
 * just after a run read the store is lost without a trailing run; a run started at once and a follow-up run
 * started when it ends needs a hook at every execution end, and still has to tell whether the running run
 * read the store before or after the change. Waiting before reading avoids both questions.
 *
 * A start that fails gives the claim back and fails the delivery, so BigCommerce retries it; its retry (same
 * `webhook-id`) is granted its own claim again with the same `notBefore`. The run is named after the delivery
 * and its input, `notBefore` included, so one claim never starts two runs, and a name Step Functions already
 * knows is always this claim's run (one reading when the claim says). A claim whose owner died before
 * starting the run holds only CLAIM_HOLD_SECONDS; the next delivery then starts the run. The delivery that
 * claimed is always answered non-2xx unless its run started, so the deliveries that joined its claim are never
 * left without a run. When in doubt (a start that failed after all, a claim taken over), a delivery may start
 * a second run, never none: an extra apply is harmless, a change never applied is not.
 *
 * Deduplication of one message is Step Functions' own: the run is named after the delivery (the `webhook-id`
 * header, unique per message and the same on each of BigCommerce's retries of it) and its claim's `notBefore`,
 * and a name is accepted once in 90 days. The payload `hash` cannot name it: it is the SHA-1 of the payload's `data`, which is the
 * same `{"type":"store"}` for every store/information/updated event.
 *
 * BigCommerce retries anything but a 2xx for up to 48 hours and blocklists a destination that fails too
 * often, so only a forged request (401), a payload this code cannot read (400) or a failure worth a retry
 * (thrown) answer anything else. There are no shipping-configuration webhooks: the scopes acted on are those
 * that invalidate a store's shipping setup (units, currency, origin address) or add a channel it must cover.
 *
 * store/app/uninstalled is acted on when it arrives, but it cannot be relied on: BigCommerce deletes an app's
 * webhooks when the app is uninstalled, so the hook may be gone before it fires. The app's `/uninstall`
 * callback is the reliable signal. Both end the registration the same way (deregisterAndAnnounce): the one
 * delivery whose conditional write ended it publishes `bcship.store.uninstalled`, however many arrive at once.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { executionNameFor } from '../platform/execution-names.ts';
import type { PendingRunPort, TriggerDeps } from '../platform/ports.ts';
import { deregisterAndAnnounce } from '../platform/store-events.ts';
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
  | 'coalesced'
  | 'deregistered'
  | 'already-deregistered';

export interface WebhookResult {
  statusCode: 200 | 400 | 401;
  outcome: WebhookOutcome;
  scope?: string;
  storeHash?: string;
  /** The delivery the run is named after: the `webhook-id` header, or what identifies the event without it. */
  deliveryId?: string;
  /** The delivery whose run covers this one (outcome coalesced). */
  coalescedInto?: string;
  /** Why the payload was refused (outcome invalid-payload). */
  issues?: FieldIssue[];
}

export interface ReceiveWebhookDeps extends TriggerDeps {
  verifySignature: SignatureVerifier;
  pendingRuns: PendingRunPort;
  /** How long a webhook run waits before it reads the store, gathering the burst (`bcship:webhookBurstSeconds`). */
  burstWindowSeconds: number;
}

/**
 * How long a claim on a store's pending run holds before the run is marked started: three times the
 * function's timeout, so it outlives an invocation that died between claiming and starting.
 */
const CLAIM_HOLD_SECONDS = 30;

/** What a delivery is about, once it is known to be a signed, readable payload for a store. */
interface Delivery {
  scope: string;
  storeHash: string;
  deliveryId: string;
}

async function run(request: WebhookRequest, deps: ReceiveWebhookDeps): Promise<WebhookResult> {
  if (!(await deps.verifySignature(request.rawBody, request.headers))) {
    return { statusCode: 401, outcome: 'rejected-signature' };
  }

  const payload = parsePayload(request.rawBody);
  if (!payload.success) return { statusCode: 400, outcome: 'invalid-payload', issues: payload.issues };
  const { scope } = payload.data;
  const storeHash = payload.data.producer.slice('stores/'.length);
  const delivery: Delivery = { scope, storeHash, deliveryId: deliveryIdOf(request.headers, payload.data) };

  const store = await deps.stores.getStore(storeHash);
  if (!store) return { statusCode: 200, outcome: 'unregistered-store', ...delivery };
  if (!Object.hasOwn(SCOPE_ACTIONS, scope)) return { statusCode: 200, outcome: 'ignored-scope', ...delivery };

  if (SCOPE_ACTIONS[scope as WebhookScope] === 'deregister') {
    // Reconciliation stops starting runs that could only fail on the revoked token.
    const ended = await deregisterAndAnnounce(deps, storeHash, {
      deliveryId: delivery.deliveryId,
      createdAt: new Date(payload.data.created_at * 1000).toISOString(),
    });
    return { statusCode: 200, outcome: ended ? 'deregistered' : 'already-deregistered', ...delivery };
  }
  return startOrCoalesce(delivery, store.profileName, deps);
}

/**
 * Starts the store's pending run, or leaves the delivery to the one that covers it. A start that fails gives
 * the claim back and fails the delivery, so BigCommerce retries it: answering 200 would leave the deliveries
 * coalesced into this claim with no run.
 */
async function startOrCoalesce(
  delivery: Delivery,
  profileName: string,
  deps: ReceiveWebhookDeps,
): Promise<WebhookResult> {
  const { storeHash, deliveryId } = delivery;
  const claim = await deps.pendingRuns.claim({
    storeHash,
    owner: deliveryId,
    windowSeconds: deps.burstWindowSeconds,
    holdSeconds: CLAIM_HOLD_SECONDS,
  });
  if (!claim.claimed)
    return { statusCode: 200, outcome: 'coalesced', coalescedInto: claim.owner, ...delivery };

  const input: ExecutionInput = {
    storeHash,
    profile: profileName,
    mode: 'apply',
    trigger: { kind: 'webhook', id: deliveryId },
    notBefore: claim.readsAt,
  };
  let started: boolean;
  try {
    // The name digests `notBefore` too: a run already under it is this claim's, so it reads when the claim
    // says, and the deliveries the claim covers are covered indeed.
    ({ started } = await deps.executions.start(input, executionNameFor(input, deliveryId)));
  } catch (error) {
    // The start's error is the one to report; a release that fails too lets the hold lapse instead.
    await deps.pendingRuns.release(storeHash, deliveryId).catch(() => undefined);
    throw error;
  }
  await deps.pendingRuns.markStarted(storeHash, deliveryId);
  return { statusCode: 200, outcome: started ? 'started' : 'already-started', ...delivery };
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
    webhookBursts: true,
    registry: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    startExecutions: true,
    events: true,
  },
  run,
  // The outcome and where it came from; never the headers, which carry the signature.
  report: ({ statusCode, outcome, scope, storeHash, deliveryId, coalescedInto, issues }) => ({
    counts: {
      WebhooksReceived: 1,
      WebhookSignaturesRejected: statusCode === 401 ? 1 : 0,
      WebhookRunsStarted: outcome === 'started' ? 1 : 0,
      WebhookDeliveriesCoalesced: outcome === 'coalesced' ? 1 : 0,
    },
    summary: { statusCode, outcome, scope, storeHash, deliveryId, coalescedInto, issues },
  }),
  /** A status and no body, as BigCommerce asks of webhook destinations. */
  respond: ({ statusCode }) => ({ statusCode }),
});
