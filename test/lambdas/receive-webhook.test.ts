import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  deliveryIdOf,
  type ReceiveWebhookDeps,
  receiveWebhook,
  type WebhookPayload,
  type WebhookRequest,
} from '../../lambdas/operations/receive-webhook.ts';
import { executionNameFor } from '../../lambdas/platform/execution-names.ts';
import { STORE_UNINSTALLED_EVENT } from '../../lambdas/platform/store-events.ts';
import { type MemoryDeps, memoryDeps } from '../support/memory-deps.ts';
import {
  STORE_DATA_HASH as HASH,
  signedDelivery,
  testSignatureVerifier,
  webhookPayload,
} from '../support/webhook-deliveries.ts';

const UNUSED_API = 'http://127.0.0.1:9/stores/{storeHash}/v2';
const STORE = 'abc123';
const MESSAGE_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const WINDOW_SECONDS = 60;

let deps: MemoryDeps & ReceiveWebhookDeps;
/** The registry's clock: tests move it on to end a burst window. */
let now: Date;

beforeEach(async () => {
  now = new Date('2026-12-02T05:00:00Z');
  const base = memoryDeps({ apiUrl: UNUSED_API, registryNow: () => now });
  deps = Object.assign(base, {
    verifySignature: testSignatureVerifier(),
    burstWindowSeconds: WINDOW_SECONDS,
  });
  await deps.stores.registerStore(STORE, 'us-standard');
});

const later = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

const payload = (overrides: Record<string, unknown> = {}): string => webhookPayload(STORE, overrides);

/** A delivery of `rawBody` under the message id `id` (MESSAGE_ID unless given). */
const signed = (rawBody: string, options: { secret?: string; at?: Date; id?: string } = {}): WebhookRequest =>
  signedDelivery(rawBody, { id: MESSAGE_ID, ...options });

describe('receive-webhook', () => {
  it('starts an apply run with the store profile for a signed store/information/updated', async () => {
    const result = await receiveWebhook.run(signed(payload()), deps);

    expect(result).toMatchObject({
      statusCode: 200,
      outcome: 'started',
      storeHash: STORE,
      deliveryId: MESSAGE_ID,
    });
    // The run waits out the burst window before it reads the store.
    const input = {
      storeHash: STORE,
      profile: 'us-standard',
      mode: 'apply',
      trigger: { kind: 'webhook', id: MESSAGE_ID },
      notBefore: '2026-12-02T05:01:00Z',
    } as const;
    expect(deps.executions.started).toEqual([{ name: executionNameFor(input, MESSAGE_ID), input }]);
  });

  it('gathers the messages of a burst into the one run, and starts another for a message after it', async () => {
    await receiveWebhook.run(signed(payload(), { id: 'msg_first' }), deps);
    later(30);
    const inBurst = await receiveWebhook.run(
      signed(payload({ scope: 'store/channel/created', data: { type: 'channel', id: 2 } }), {
        id: 'msg_second',
      }),
      deps,
    );
    later(31);

    const afterBurst = await receiveWebhook.run(signed(payload(), { id: 'msg_third' }), deps);

    expect(inBurst).toMatchObject({ statusCode: 200, outcome: 'coalesced', coalescedInto: 'msg_first' });
    expect(afterBurst.outcome).toBe('started');
    expect(deps.executions.started.map(({ input }) => [input.trigger?.id, input.notBefore])).toEqual([
      ['msg_first', '2026-12-02T05:01:00Z'],
      ['msg_third', '2026-12-02T05:02:01Z'],
    ]);
  });

  it('counts a coalesced delivery as such, and not as a run started', async () => {
    const first = await receiveWebhook.run(signed(payload(), { id: 'msg_first' }), deps);
    const second = await receiveWebhook.run(signed(payload(), { id: 'msg_second' }), deps);

    expect(receiveWebhook.report?.(first).counts).toMatchObject({
      WebhookRunsStarted: 1,
      WebhookDeliveriesCoalesced: 0,
    });
    expect(receiveWebhook.report?.(second)).toMatchObject({
      counts: { WebhooksReceived: 1, WebhookRunsStarted: 0, WebhookDeliveriesCoalesced: 1 },
      summary: { outcome: 'coalesced', deliveryId: 'msg_second', coalescedInto: 'msg_first' },
    });
  });

  it('starts a new run for a message that comes too close to when the pending run reads the store', async () => {
    await receiveWebhook.run(signed(payload(), { id: 'msg_first' }), deps);
    later(WINDOW_SECONDS - 1);

    const close = await receiveWebhook.run(signed(payload(), { id: 'msg_close' }), deps);

    expect(close.outcome).toBe('started');
    expect(deps.executions.started).toHaveLength(2);
  });

  it('starts runs for two stores sending the same payload hash', async () => {
    await deps.stores.registerStore('def456', 'flat-rate');
    await receiveWebhook.run(signed(payload(), { id: 'msg_a' }), deps);

    const other = await receiveWebhook.run(
      signed(payload({ producer: 'stores/def456' }), { id: 'msg_b' }),
      deps,
    );

    expect(other.outcome).toBe('started');
    expect(deps.executions.started.map((execution) => execution.input.storeHash)).toEqual([STORE, 'def456']);
  });

  it('starts an apply run for store/channel/created', async () => {
    const body = payload({ scope: 'store/channel/created', data: { type: 'channel', id: 2 } });

    const result = await receiveWebhook.run(signed(body), deps);

    expect(result.outcome).toBe('started');
    expect(deps.executions.started[0]!.input.mode).toBe('apply');
  });

  it('reads a producer in upper case as the store’s lower-case hash', async () => {
    const result = await receiveWebhook.run(signed(payload({ producer: 'stores/ABC123' })), deps);
    expect(result).toMatchObject({ outcome: 'started', storeHash: STORE });
    expect(deps.executions.started[0]?.input.storeHash).toBe(STORE);
  });

  it('accepts a numeric store_id, as older payloads carry it', async () => {
    const result = await receiveWebhook.run(signed(payload({ store_id: 1_025_646 })), deps);

    expect(result.outcome).toBe('started');
  });

  it('answers 401 to a body signed with another secret, and does nothing else', async () => {
    const result = await receiveWebhook.run(signed(payload(), { secret: 'not-the-secret' }), deps);

    expect(result).toEqual({ statusCode: 401, outcome: 'rejected-signature' });
    expect(deps.executions.started).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('answers 401 to a body changed after signing', async () => {
    const request = signed(payload());

    const result = await receiveWebhook.run(
      { ...request, rawBody: payload({ scope: 'store/channel/created' }) },
      deps,
    );

    expect(result.statusCode).toBe(401);
    expect(deps.executions.started).toEqual([]);
  });

  it('answers 401 to an unsigned request', async () => {
    const result = await receiveWebhook.run({ rawBody: payload(), headers: {} }, deps);

    expect(result.statusCode).toBe(401);
  });

  it('answers 401 to a signature older than the five-minute tolerance', async () => {
    const tenMinutesAgo = new Date(Date.now() - 10 * 60 * 1000);

    const result = await receiveWebhook.run(signed(payload(), { at: tenMinutesAgo }), deps);

    expect(result.statusCode).toBe(401);
  });

  it('reads signature headers whatever their case', async () => {
    const request = signed(payload());
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toUpperCase(), value]),
    );

    const result = await receiveWebhook.run({ ...request, headers }, deps);

    expect(result.outcome).toBe('started');
  });

  it('answers a redelivered message with 200 and starts no second run', async () => {
    await receiveWebhook.run(signed(payload()), deps);

    const redelivery = await receiveWebhook.run(signed(payload()), deps);

    expect(redelivery).toMatchObject({ statusCode: 200, outcome: 'already-started', deliveryId: MESSAGE_ID });
    expect(deps.executions.started).toHaveLength(1);
  });

  it('ignores a store that is not registered, with 200', async () => {
    const result = await receiveWebhook.run(signed(payload({ producer: 'stores/zzz999' })), deps);

    expect(result).toMatchObject({ statusCode: 200, outcome: 'unregistered-store', storeHash: 'zzz999' });
    expect(deps.executions.started).toEqual([]);
  });

  it('deregisters an uninstalled store, announces it, and starts nothing', async () => {
    const body = payload({ scope: 'store/app/uninstalled', data: { type: 'store' } });

    const result = await receiveWebhook.run(signed(body), deps);

    expect(result).toMatchObject({ statusCode: 200, outcome: 'deregistered' });
    expect(deps.executions.started).toEqual([]);
    expect(await deps.stores.getStore(STORE)).toBeUndefined();
    expect(await deps.stores.listStores()).toEqual([]);
    expect(deps.events.published).toEqual([
      {
        detailType: STORE_UNINSTALLED_EVENT,
        detail: {
          storeHash: STORE,
          profileName: 'us-standard',
          deliveryId: MESSAGE_ID,
          createdAt: '2019-06-25T16:15:35.000Z',
        },
      },
    ]);
  });

  it('starts nothing for a store/information/updated of a store uninstalled before', async () => {
    await receiveWebhook.run(
      signed(payload({ scope: 'store/app/uninstalled' }), { id: 'msg_uninstall' }),
      deps,
    );

    const result = await receiveWebhook.run(signed(payload(), { id: 'msg_update' }), deps);

    expect(result.outcome).toBe('unregistered-store');
    expect(deps.executions.started).toEqual([]);
  });

  it('acknowledges a scope it does not act on and starts nothing', async () => {
    const result = await receiveWebhook.run(signed(payload({ scope: 'store/order/created' })), deps);

    expect(result).toMatchObject({ statusCode: 200, outcome: 'ignored-scope' });
    expect(deps.executions.started).toEqual([]);
  });

  it('answers 400 to a signed payload it cannot read, naming the field', async () => {
    const result = await receiveWebhook.run(signed(payload({ producer: 'store-abc123' })), deps);

    expect(result.statusCode).toBe(400);
    expect(result.issues).toEqual([{ path: 'producer', message: 'must be "stores/{store_hash}"' }]);
    expect(deps.executions.started).toEqual([]);
  });

  it('answers 400 to a signed body that is not JSON', async () => {
    const result = await receiveWebhook.run(signed('scope=store/information/updated'), deps);

    expect(result).toMatchObject({ statusCode: 400, outcome: 'invalid-payload' });
  });

  it('fails when the run cannot be started, so that BigCommerce’s retry of the message starts it', async () => {
    deps.executions.failing.set(STORE, new Error('Rate exceeded'));
    await expect(receiveWebhook.run(signed(payload()), deps)).rejects.toThrow('Rate exceeded');
    deps.executions.failing.clear();

    const retry = await receiveWebhook.run(signed(payload()), deps);

    expect(retry.outcome).toBe('started');
    expect(deps.executions.started).toHaveLength(1);
  });

  it('gives back the claim of a run it could not start: the next message starts the run at once', async () => {
    deps.executions.failing.set(STORE, new Error('Rate exceeded'));
    await expect(receiveWebhook.run(signed(payload(), { id: 'msg_failed' }), deps)).rejects.toThrow();
    deps.executions.failing.clear();
    later(1);

    const next = await receiveWebhook.run(signed(payload(), { id: 'msg_next' }), deps);
    const retry = await receiveWebhook.run(signed(payload(), { id: 'msg_failed' }), deps);

    expect(next.outcome).toBe('started');
    expect(retry).toMatchObject({ outcome: 'coalesced', coalescedInto: 'msg_next' });
    expect(deps.executions.started.map(({ input }) => input.trigger?.id)).toEqual(['msg_next']);
  });

  it('does not leave a message to a claim whose owner never started its run', async () => {
    await deps.pendingRuns.claim({ storeHash: STORE, owner: 'msg_lost', windowSeconds: 60, holdSeconds: 30 });
    const whileHeld = await receiveWebhook.run(signed(payload(), { id: 'msg_held' }), deps);
    later(31);

    const afterHold = await receiveWebhook.run(signed(payload(), { id: 'msg_after' }), deps);

    expect(whileHeld).toMatchObject({ outcome: 'coalesced', coalescedInto: 'msg_lost' });
    expect(afterHold.outcome).toBe('started');
    // It reads the store after both messages.
    expect(deps.executions.started.map(({ input }) => input.notBefore)).toEqual(['2026-12-02T05:01:31Z']);
  });
});

describe('deliveryIdOf', () => {
  const parsed = (overrides: Partial<WebhookPayload> = {}): WebhookPayload => ({
    ...(JSON.parse(payload()) as WebhookPayload),
    ...overrides,
  });

  it('is the webhook-id header, whatever the case of its name', () => {
    expect(deliveryIdOf({ 'Webhook-Id': 'msg_1' }, parsed())).toBe('msg_1');
  });

  it('without the header, is the store, scope, time and hash of the event', () => {
    expect(deliveryIdOf({}, parsed())).toBe(`stores/${STORE}:store/information/updated:1561479335:${HASH}`);
  });

  it('without the header, tells apart two events of one store whose data hash is the same', () => {
    expect(deliveryIdOf({}, parsed())).not.toBe(deliveryIdOf({}, parsed({ created_at: 1_561_479_336 })));
  });

  it('names a header that could not name an execution by its SHA-256', () => {
    expect(deliveryIdOf({ 'webhook-id': 'msg 1; drop' }, parsed())).toBe(
      `sha256-${createHash('sha256').update('msg 1; drop').digest('hex')}`,
    );
  });

  it('tells apart two messages of one event whose headers could not name an execution', () => {
    // Same store, scope, second and data hash: only the message ids differ.
    expect(deliveryIdOf({ 'webhook-id': 'msg 1/a' }, parsed())).not.toBe(
      deliveryIdOf({ 'webhook-id': 'msg 1/b' }, parsed()),
    );
  });
});
