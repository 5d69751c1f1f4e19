import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  receiveWebhookOperation,
  receiveWebhookTask,
  STORE_UNINSTALLED_EVENT,
  type WebhookRequest,
} from '../../lambdas/operations/receive-webhook.ts';
import { executionNameFor } from '../../lambdas/platform/execution-names.ts';
import { webhookSignatureVerifier } from '../../lambdas/platform/webhook-signature.ts';
import { type MemoryDeps, memoryDeps } from '../support/memory-deps.ts';

const UNUSED_API = 'http://127.0.0.1:9/stores/{storeHash}/v2';
const SECRET_NAME = 'bcship/webhooks/client-secret';
const CLIENT_SECRET = 'client-secret-of-the-app';
const STORE = 'abc123';
const HASH = 'dd70c0976e06b67aaf671e73f49dcb79230ebf9d';

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
  await deps.registry.registerStore(STORE, 'us-standard');
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

/** A request as BigCommerce sends it: the body signed the Standard Webhooks way with the client secret. */
function signed(rawBody: string, options: { secret?: string; at?: Date } = {}): WebhookRequest {
  const webhook = new Webhook(Buffer.from(options.secret ?? CLIENT_SECRET).toString('base64'));
  const at = options.at ?? new Date();
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
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
    const result = await receiveWebhookOperation(signed(payload()), deps);

    expect(result).toMatchObject({ statusCode: 200, outcome: 'started', storeHash: STORE, hash: HASH });
    const input = {
      storeHash: STORE,
      profile: 'us-standard',
      mode: 'apply',
      trigger: { kind: 'webhook', id: HASH },
    } as const;
    expect(deps.executions.started).toEqual([{ name: executionNameFor(input, HASH), input }]);
  });

  it('starts an apply run for store/channel/created', async () => {
    const body = payload({ scope: 'store/channel/created', data: { type: 'channel', id: 2 } });

    const result = await receiveWebhookOperation(signed(body), deps);

    expect(result.outcome).toBe('started');
    expect(deps.executions.started[0]!.input.mode).toBe('apply');
  });

  it('accepts a numeric store_id, as older payloads carry it', async () => {
    const result = await receiveWebhookOperation(signed(payload({ store_id: 1_025_646 })), deps);

    expect(result.outcome).toBe('started');
  });

  it('answers 401 to a body signed with another secret, and does nothing else', async () => {
    const result = await receiveWebhookOperation(signed(payload(), { secret: 'not-the-secret' }), deps);

    expect(result).toEqual({ statusCode: 401, outcome: 'rejected-signature' });
    expect(deps.executions.started).toEqual([]);
    expect(deps.registry.contents().webhookDeliveries).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('answers 401 to a body changed after signing', async () => {
    const request = signed(payload());

    const result = await receiveWebhookOperation(
      { ...request, rawBody: payload({ scope: 'store/channel/created' }) },
      deps,
    );

    expect(result.statusCode).toBe(401);
    expect(deps.executions.started).toEqual([]);
  });

  it('answers 401 to an unsigned request', async () => {
    const result = await receiveWebhookOperation({ rawBody: payload(), headers: {} }, deps);

    expect(result.statusCode).toBe(401);
  });

  it('answers 401 to a signature older than the five-minute tolerance', async () => {
    const tenMinutesAgo = new Date(Date.now() - 10 * 60 * 1000);

    const result = await receiveWebhookOperation(signed(payload(), { at: tenMinutesAgo }), deps);

    expect(result.statusCode).toBe(401);
  });

  it('reads signature headers whatever their case', async () => {
    const request = signed(payload());
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toUpperCase(), value]),
    );

    const result = await receiveWebhookOperation({ ...request, headers }, deps);

    expect(result.outcome).toBe('started');
  });

  it('answers a replayed hash with 200 and starts no second run', async () => {
    await receiveWebhookOperation(signed(payload()), deps);

    const replay = await receiveWebhookOperation(signed(payload()), deps);

    expect(replay).toMatchObject({ statusCode: 200, outcome: 'duplicate' });
    expect(deps.executions.started).toHaveLength(1);
  });

  it('ignores a store that is not registered, with 200', async () => {
    const result = await receiveWebhookOperation(signed(payload({ producer: 'stores/zzz999' })), deps);

    expect(result).toMatchObject({ statusCode: 200, outcome: 'unregistered-store', storeHash: 'zzz999' });
    expect(deps.executions.started).toEqual([]);
  });

  it('records an uninstall as an event and starts nothing', async () => {
    const body = payload({ scope: 'store/app/uninstalled', data: { type: 'store' } });

    const result = await receiveWebhookOperation(signed(body), deps);

    expect(result).toMatchObject({ statusCode: 200, outcome: 'recorded-uninstall' });
    expect(deps.executions.started).toEqual([]);
    expect(deps.events.published).toEqual([
      {
        detailType: STORE_UNINSTALLED_EVENT,
        detail: {
          storeHash: STORE,
          profileName: 'us-standard',
          hash: HASH,
          createdAt: '2019-06-25T16:15:35.000Z',
        },
      },
    ]);
  });

  it('acknowledges a scope it does not act on and starts nothing', async () => {
    const result = await receiveWebhookOperation(signed(payload({ scope: 'store/order/created' })), deps);

    expect(result).toMatchObject({ statusCode: 200, outcome: 'ignored-scope' });
    expect(deps.executions.started).toEqual([]);
  });

  it('answers 400 to a signed payload it cannot read, naming the field', async () => {
    const result = await receiveWebhookOperation(signed(payload({ producer: 'store-abc123' })), deps);

    expect(result.statusCode).toBe(400);
    expect(result.issues).toEqual([{ path: 'producer', message: 'must be "stores/{store_hash}"' }]);
    expect(deps.executions.started).toEqual([]);
  });

  it('answers 400 to a signed body that is not JSON', async () => {
    const result = await receiveWebhookOperation(signed('scope=store/information/updated'), deps);

    expect(result).toMatchObject({ statusCode: 400, outcome: 'invalid-payload' });
  });

  it('fails when the run cannot be started, and gives the delivery back so the retry starts it', async () => {
    deps.executions.failing.set(STORE, new Error('Rate exceeded'));
    await expect(receiveWebhookOperation(signed(payload()), deps)).rejects.toThrow('Rate exceeded');
    deps.executions.failing.clear();

    const retry = await receiveWebhookOperation(signed(payload()), deps);

    expect(retry.outcome).toBe('started');
    expect(deps.executions.started).toHaveLength(1);
  });

  it('verifies a base64-encoded Function URL body as the bytes BigCommerce signed', async () => {
    const request = signed(payload());
    const event = {
      body: Buffer.from(request.rawBody).toString('base64'),
      isBase64Encoded: true,
      headers: request.headers,
    };

    const result = await receiveWebhookTask(event, deps);

    expect(result.outcome).toBe('started');
  });
});
