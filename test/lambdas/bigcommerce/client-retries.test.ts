/**
 * Retries inside the client: an idempotent request (GET, PUT, DELETE) that fails in transit or with a 5xx is
 * sent again a few times, with jittered backoff, before its error goes to the state machine; a POST never is.
 */
import { describe, expect, it } from 'vitest';
import { BigCommerceRejected, BigCommerceUnavailable } from '../../../lambdas/bigcommerce/errors.ts';
import { destroySocket, respond } from '../../support/scripted-server.ts';
import { clientFor, rejectionOf, useScriptedServer } from './client-fixture.ts';

const server = useScriptedServer();

const METHOD = {
  id: 7,
  zone_id: 1,
  name: 'Flat Rate',
  type: 'perorder',
  settings: { rate: 7 },
  enabled: true,
};

/** A client making three attempts per idempotent request, its jitter pinned to the top of each window. */
const retrying = () => clientFor(server(), { idempotentAttempts: 3, random: () => 0.999 });

describe('ShippingClient retries of idempotent requests', () => {
  it('sends a GET again after a 503 and a reset connection, and returns the third answer', async () => {
    server().enqueue(respond(503), destroySocket(), respond(200, []));
    const { client, sleep } = retrying();

    await expect(client.listZones()).resolves.toEqual([]);
    expect(server().requests).toHaveLength(3);
    // Full jitter under 250 ms, then under 500 ms.
    expect(sleep.mock.calls).toEqual([[249], [499]]);
  });

  it('draws each wait at random below its ceiling', async () => {
    server().enqueue(respond(500), respond(500), respond(200, []));
    const { client, sleep } = clientFor(server(), { idempotentAttempts: 3, random: () => 0 });

    await client.listZones();
    expect(sleep.mock.calls).toEqual([[0], [0]]);
  });

  it('hands the error to the state machine once the attempts are spent', async () => {
    server().enqueue(respond(502), respond(502), respond(502));
    const { client } = retrying();

    expect(await rejectionOf(client.listZones())).toBeInstanceOf(BigCommerceUnavailable);
    expect(server().requests).toHaveLength(3);
  });

  it('sends a PUT again: setting the same values twice is setting them once', async () => {
    server().enqueue(respond(500), respond(200, METHOD));
    const { client } = retrying();

    await expect(client.updateMethod(1, 7, { name: 'Flat Rate', type: 'perorder' })).resolves.toMatchObject({
      id: 7,
    });
    expect(server().requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });

  it('takes a 404 on a resent DELETE as done: the first one reached BigCommerce, its answer was lost', async () => {
    server().enqueue(destroySocket(), respond(404, [{ status: 404, message: 'not found' }]));
    const { client } = retrying();

    await expect(client.deleteMethod(1, 7)).resolves.toBeUndefined();
    expect(server().requests).toHaveLength(2);
  });

  it('never sends a POST twice: creating stays find-then-create at the state machine', async () => {
    server().enqueue(respond(503));
    const { client, sleep } = retrying();

    expect(await rejectionOf(client.createMethod(1, { name: 'Flat Rate', type: 'perorder' }))).toBeInstanceOf(
      BigCommerceUnavailable,
    );
    expect(server().requests).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('never resends what a resend cannot cure: a 4xx fails at once', async () => {
    server().enqueue(respond(422, [{ status: 422, message: 'bad rate' }]));
    const { client } = retrying();

    expect(await rejectionOf(client.listZones())).toBeInstanceOf(BigCommerceRejected);
    expect(server().requests).toHaveLength(1);
  });
});
