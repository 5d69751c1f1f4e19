import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  deliveryIdOf,
  receiveWebhook,
  type WebhookPayload,
  type WebhookRequest,
} from '../../lambdas/operations/receive-webhook.ts';
import { executionNameFor } from '../../lambdas/platform/execution-names.ts';
import { STORE_UNINSTALLED_EVENT } from '../../lambdas/platform/store-events.ts';
import { webhookSignatureVerifier } from '../../lambdas/platform/webhook-signature.ts';
import { type MemoryDeps, memoryDeps } from '../support/memory-deps.ts';

const UNUSED_API = 'http://127.0.0.1:9/stores/{storeHash}/v2';
const SECRET_NAME = 'bcship/webhooks/client-secret';
const CLIENT_SECRET = 'client-secret-of-the-app';
const STORE = 'abc123';
const HASH = 'dd70c0976e06b67aaf671e73f49dcb79230ebf9d';
const MESSAGE_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';

let deps: MemoryDeps & { verifySignature: ReturnType<typeof webhookSignatureVerifier> };

beforeEach(async () => {
  const base = memoryDeps({ apiUrl: UNUSED_API });
  const secrets = new Map([[SECRET_NAME, JSON.stringify({ clientSecret: CLIENT_SECRET })]]);
  deps = Object.assign(base, {
    verifySignature: webhookSignatureVerifier({
      secretName: SECRET_NAME,
      lookup: async (name) => secrets.get(name),
    }),
  });
  await deps.stores.registerStore(STORE, 'us-standard');
});

function payload(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    scope: 'store/information/updated',
    store_id: '1025646',
    data: { type: 'store' },
    hash: HASH,
    created_at: 1_561_479_335,
    producer: `stores/${STORE}`,
    ...overrides,
  });
}

/**
 * A request as BigCommerce sends it: the body signed the Standard Webhooks way with the client secret, under
 * the message id `id` (the same on every retry of one message).
 */
function signed(rawBody: string, options: { secret?: string; at?: Date; id?: string } = {}): WebhookRequest {
  const webhook = new Webhook(Buffer.from(options.secret ?? CLIENT_SECRET).toString('base64'));
  const at = options.at ?? new Date();
  const id = options.id ?? MESSAGE_ID;
  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': webhook.sign(id, at, rawBody),
    },
  };
}

describe('receive-webhook', () => {
  it('starts an apply run with the store profile for a signed store/information/updated', async () => {
    const result = await receiveWebhook.run(signed(payload()), deps);

    expect(result).toMatchObject({
      statusCode: 200,
      outcome: 'started',
      storeHash: STORE,
      deliveryId: MESSAGE_ID,
    });
    const input = {
      storeHash: STORE,
      profile: 'us-standard',
      mode: 'apply',
      trigger: { kind: 'webhook', id: MESSAGE_ID },
    } as const;
    expect(deps.executions.started).toEqual([{ name: executionNameFor(input, MESSAGE_ID), input }]);
  });

  it('starts a run for every store/information/updated message, though their payload hash is always the same', async () => {
    await receiveWebhook.run(signed(payload(), { id: 'msg_first' }), deps);

    const later = await receiveWebhook.run(
      signed(payload({ created_at: 1_561_565_735 }), { id: 'msg_second' }),
      deps,
    );

    expect(later.outcome).toBe('started');
    expect(deps.executions.started.map((execution) => execution.input.trigger?.id)).toEqual([
      'msg_first',
      'msg_second',
    ]);
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

  it('keeps no record of deliveries: the registry is the same after one', async () => {
    const before = deps.registryFile.contents();

    await receiveWebhook.run(signed(payload()), deps);

    expect(deps.registryFile.contents()).toEqual(before);
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
