import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  BigCommerceNotFound,
  BigCommerceRateLimited,
  BigCommerceRejected,
  BigCommerceTimeout,
  BigCommerceUnauthorized,
  BigCommerceUnavailable,
  BigCommerceUnreachable,
  RETRYABLE_BIGCOMMERCE_ERRORS,
} from '../../../lambdas/bigcommerce/errors.ts';
import { destroySocket, hangBody, neverRespond, respond } from '../../support/scripted-server.ts';
import { ACCESS_TOKEN, clientFor, rejectionOf, STORE_HASH, useScriptedServer } from './client-fixture.ts';

const server = useScriptedServer();

const resetIn = (ms: number) => ({ 'X-Rate-Limit-Time-Reset-Ms': String(ms) });

/** A clock that moves only when told to, so pacing does not depend on how long a request really took. */
const frozenClock = (start = 50_000) => {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
};

describe('ShippingClient status mapping', () => {
  it.each([500, 502, 503])('maps %i to a retryable BigCommerceUnavailable', async (status) => {
    server().enqueue(respond(status, 'upstream trouble'));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceUnavailable);
    expect(error).toMatchObject({ name: 'BigCommerceUnavailable', status });
  });

  it('maps a 400 to BigCommerceRejected carrying the v2 error array’s message', async () => {
    server().enqueue(respond(400, [{ status: 400, message: 'Required fields missing [key]' }]));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.connectCarrier('fedex', { password: 'pw-secret-1' }));
    expect(error).toBeInstanceOf(BigCommerceRejected);
    expect(error).toMatchObject({ name: 'BigCommerceRejected', status: 400 });
    expect(error.message).toBe(
      'POST /shipping/carrier/connection: status 400: Required fields missing [key]',
    );
  });

  it('keeps the title and field errors of a v3 error object', async () => {
    server().enqueue(
      respond(422, { status: 422, title: 'JSON data is missing or invalid', errors: { name: 'missing' } }),
    );
    const { client } = clientFor(server());

    const error = await rejectionOf(client.createZone({ name: '', type: 'global' }));
    expect(error).toBeInstanceOf(BigCommerceRejected);
    expect(error.message).toContain('JSON data is missing or invalid: name: missing');
  });

  it('keeps a plain-text error body', async () => {
    server().enqueue(respond(409, 'Conflict: zone is locked'));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.updateZone(1, { name: 'X' }));
    expect(error).toBeInstanceOf(BigCommerceRejected);
    expect(error.message).toContain('status 409: Conflict: zone is locked');
  });

  it.each([401, 403])('maps %i to a terminal BigCommerceUnauthorized', async (status) => {
    server().enqueue(respond(status, [{ status, message: 'You lack the scope' }]));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceUnauthorized);
    expect(error).toMatchObject({ name: 'BigCommerceUnauthorized', status });
  });

  it('maps a 404 to BigCommerceNotFound naming the method and relative path', async () => {
    server().enqueue(respond(404, [{ status: 404, message: 'The requested resource was not found.' }]));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.getMethod(7, 12));
    expect(error).toBeInstanceOf(BigCommerceNotFound);
    expect(error).toMatchObject({ name: 'BigCommerceNotFound', status: 404 });
    expect(error.message).toBe(
      'GET /shipping/zones/7/methods/12: status 404: The requested resource was not found.',
    );
  });

  it('treats a 2xx body that is not JSON as BigCommerce being unavailable', async () => {
    server().enqueue(respond(200, '<html>maintenance</html>'));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceUnavailable);
    expect(error.message).toContain('not valid JSON');
  });

  it('treats a list endpoint answering with an object as BigCommerce being unavailable', async () => {
    server().enqueue(respond(200, { data: [] }));
    const { client } = clientFor(server());

    await expect(client.listZones()).rejects.toThrow(/not a JSON array/);
  });
});

describe('ShippingClient transport failures', () => {
  it('times out a request that never gets a response', async () => {
    server().enqueue(neverRespond());
    const { client } = clientFor(server(), { timeoutMs: 200 });

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceTimeout);
    expect(error).toMatchObject({ name: 'BigCommerceTimeout' });
    expect(error.message).toBe(
      `GET /shipping/zones: no complete response from ${new URL(server().origin).host} within 200 ms`,
    );
  });

  it('times out a response whose body never finishes', async () => {
    server().enqueue(hangBody(200));
    const { client } = clientFor(server(), { timeoutMs: 200 });

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceTimeout);
  });

  it('times out an injected fetch that ignores the abort signal', async () => {
    const fetchThatHangs = () => new Promise<Response>(() => {});
    const { client } = clientFor(server(), { timeoutMs: 200, fetch: fetchThatHangs });

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceTimeout);
  });

  it('maps a reset connection to a retryable BigCommerceUnavailable naming the host', async () => {
    server().enqueue(destroySocket());
    const { client } = clientFor(server());

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceUnavailable);
    expect(error).toMatchObject({ name: 'BigCommerceUnavailable' });
    expect(error.message).toMatch(
      new RegExp(`^GET /shipping/zones: connection to ${new URL(server().origin).host} failed`),
    );
  });

  it('fails fast on a refused connection: a terminal BigCommerceUnreachable naming the host, sent once', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { client, sleep } = clientFor(server(), {
      baseUrl: `http://127.0.0.1:${port}/v2`,
      idempotentAttempts: 3,
    });

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceUnreachable);
    expect(error.message).toBe(
      `GET /shipping/zones: cannot connect to 127.0.0.1:${port} (ECONNREFUSED); check the API URL`,
    );
    expect(sleep).not.toHaveBeenCalled();
    expect(RETRYABLE_BIGCOMMERCE_ERRORS).not.toContain(error.name);
  });
});

describe('ShippingClient rate limits', () => {
  it('waits X-Rate-Limit-Time-Reset-Ms after a 429 and then succeeds', async () => {
    server().enqueue(respond(429, undefined, resetIn(1200)), respond(200, []));
    const { client, sleep } = clientFor(server());

    await expect(client.listZones()).resolves.toEqual([]);
    expect(sleep.mock.calls).toEqual([[1200]]);
    expect(server().requests).toHaveLength(2);
  });

  it('waits X-Retry-After seconds when the reset header is absent', async () => {
    server().enqueue(respond(429, undefined, { 'X-Retry-After': '2' }), respond(200, []));
    const { client, sleep } = clientFor(server());

    await client.listZones();
    expect(sleep.mock.calls).toEqual([[2000]]);
  });

  it('throws BigCommerceRateLimited with retryAfterMs when the wait exceeds the budget', async () => {
    server().enqueue(respond(429, undefined, resetIn(8000)));
    const { client, sleep } = clientFor(server(), { rateLimitBudgetMs: 5000 });

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceRateLimited);
    expect(error).toMatchObject({ name: 'BigCommerceRateLimited', retryAfterMs: 8000 });
    expect(sleep).not.toHaveBeenCalled();
    expect(server().requests).toHaveLength(1);
  });

  it('counts every wait of one call against the budget', async () => {
    server().enqueue(respond(429, undefined, resetIn(3000)), respond(429, undefined, resetIn(3000)));
    const { client, sleep } = clientFor(server(), { rateLimitBudgetMs: 5000 });

    const error = await rejectionOf(client.listZones());
    expect(error).toMatchObject({ name: 'BigCommerceRateLimited', retryAfterMs: 3000 });
    expect(sleep.mock.calls).toEqual([[3000]]);
  });

  it('gives up after a few 429s even when each asks for no wait', async () => {
    server().enqueue(...Array.from({ length: 10 }, () => respond(429, undefined, resetIn(0))));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceRateLimited);
    expect(server().requests.length).toBeLessThan(10);
  });

  it('throws a retryable BigCommerceRateLimited without retryAfterMs for a 429 without headers', async () => {
    server().enqueue(respond(429));
    const { client, sleep } = clientFor(server());

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceRateLimited);
    expect(error).toMatchObject({ retryAfterMs: undefined });
    expect(sleep).not.toHaveBeenCalled();
  });

  it('paces the next request when few requests are left in the window', async () => {
    const lowQuota = { 'X-Rate-Limit-Requests-Left': '2', 'X-Rate-Limit-Time-Reset-Ms': '3000' };
    server().enqueue(respond(200, [], lowQuota), respond(200, []));
    const { client, sleep } = clientFor(server(), { lowWatermark: 5, now: frozenClock().now });

    await client.listZones();
    expect(sleep).not.toHaveBeenCalled();
    await client.listZones();
    // The 3000 ms left in the window, shared by the 2 requests left and this one.
    expect(sleep.mock.calls).toEqual([[1000]]);
  });

  it('stops pacing once the window the quota was reported for has reset', async () => {
    const lowQuota = { 'X-Rate-Limit-Requests-Left': '2', 'X-Rate-Limit-Time-Reset-Ms': '3000' };
    server().enqueue(respond(200, [], lowQuota), respond(200, []));
    const clock = frozenClock();
    const { client, sleep } = clientFor(server(), { lowWatermark: 5, now: clock.now });

    await client.listZones();
    clock.advance(3001);
    await client.listZones();
    expect(sleep).not.toHaveBeenCalled();
  });

  it('measures response durations with the same clock', async () => {
    const clock = frozenClock();
    const { client, responses } = clientFor(server(), { now: clock.now });
    server().enqueue(respond(200, []));

    await client.listZones();
    expect(responses).toEqual([{ method: 'GET', path: '/shipping/zones', status: 200, durationMs: 0 }]);
  });

  it('reads the rate-limit headers whatever their case', async () => {
    const lowQuota = { 'x-rate-limit-requests-left': '0', 'x-rate-limit-time-reset-ms': '900' };
    server().enqueue(respond(200, [], lowQuota), respond(200, []));
    const { client, sleep } = clientFor(server(), { now: frozenClock().now });

    await client.listZones();
    await client.listZones();
    expect(sleep.mock.calls).toEqual([[900]]);
  });

  it('does not pace while plenty of requests are left', async () => {
    const plenty = { 'X-Rate-Limit-Requests-Left': '140', 'X-Rate-Limit-Time-Reset-Ms': '3000' };
    server().enqueue(respond(200, [], plenty), respond(200, []));
    const { client, sleep } = clientFor(server(), { now: frozenClock().now });

    await client.listZones();
    await client.listZones();
    expect(sleep).not.toHaveBeenCalled();
  });

  it('sends nothing into an exhausted window whose reset is beyond the budget', async () => {
    const exhausted = { 'X-Rate-Limit-Requests-Left': '0', 'X-Rate-Limit-Time-Reset-Ms': '20000' };
    server().enqueue(respond(200, [], exhausted));
    const { client } = clientFor(server(), { rateLimitBudgetMs: 5000, now: frozenClock().now });

    await client.listZones();
    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceRateLimited);
    expect((error as BigCommerceRateLimited).retryAfterMs).toBe(20000);
    expect(server().requests).toHaveLength(1);
  });
});

describe('ShippingClient secrecy', () => {
  const connection = { account_id: 'acct-LEAK-1', pass_phrase: 'phrase-LEAK-2' };

  /** Every string a failure could expose: message, JSON form and stack. */
  const exposedText = (error: Error) =>
    [error.message, JSON.stringify(error), String(error.stack)].join('\n');

  it('keeps the access token out of errors and response reports for every kind of failure', async () => {
    const { client, responses } = clientFor(server(), { timeoutMs: 200, rateLimitBudgetMs: 0 });
    const failures = [
      respond(400, [{ status: 400, message: 'bad' }]),
      respond(401, 'unauthorized'),
      respond(404),
      respond(429, undefined, resetIn(60000)),
      respond(429),
      respond(503, 'down'),
      destroySocket(),
      neverRespond(),
    ];
    const errors: Error[] = [];
    for (const failure of failures) {
      server().enqueue(failure);
      errors.push(await rejectionOf(client.connectCarrier('endicia', connection)));
    }

    expect(errors).toHaveLength(failures.length);
    for (const error of errors) {
      const text = exposedText(error);
      expect(text).not.toContain(ACCESS_TOKEN);
      expect(text).not.toContain(connection.pass_phrase);
      expect(text).not.toContain(connection.account_id);
    }
    expect(JSON.stringify(responses)).not.toContain(ACCESS_TOKEN);
  });

  it('redacts the token and connection credentials when BigCommerce echoes them in an error', async () => {
    server().enqueue(
      respond(400, [
        { status: 400, message: `Invalid pass_phrase ${connection.pass_phrase} for token ${ACCESS_TOKEN}` },
      ]),
    );
    const { client } = clientFor(server());

    const error = await rejectionOf(client.connectCarrier('endicia', connection));
    expect(error.message).toBe(
      'POST /shipping/carrier/connection: status 400: Invalid pass_phrase [redacted] for token [redacted]',
    );
  });

  describe('when BigCommerce echoes every connection value back', () => {
    /** A secret containing another, and a number: both were once partly left in messages. */
    const echoed = { account_id: 'acct', pass_phrase: 'acct-secret-99', meter_number: 12345678 };
    const echo = `rejected ${echoed.pass_phrase} account ${echoed.account_id} meter ${echoed.meter_number}`;
    const expectNoSecretIn = (error: Error) => {
      const text = exposedText(error);
      for (const fragment of ['acct', 'secret-99', '12345678', ACCESS_TOKEN]) {
        expect(text).not.toContain(fragment);
      }
    };

    it('masks them whole in a 400’s message', async () => {
      server().enqueue(respond(400, [{ status: 400, message: echo }]));
      const { client } = clientFor(server());

      const error = await rejectionOf(client.connectCarrier('endicia', echoed));
      expect(error).toBeInstanceOf(BigCommerceRejected);
      expectNoSecretIn(error);
      expect(error.message).toBe(
        'POST /shipping/carrier/connection: status 400: rejected [redacted] account [redacted] meter [redacted]',
      );
    });

    it('masks them whole in a 500’s message', async () => {
      server().enqueue(respond(500, { title: 'Carrier error', detail: echo, errors: { meter: 12345678 } }));
      const { client } = clientFor(server());

      const error = await rejectionOf(client.updateCarrierConnection('endicia', echoed));
      expect(error).toBeInstanceOf(BigCommerceUnavailable);
      expectNoSecretIn(error);
      expect(error.message).toContain('meter [redacted]');
    });

    it('masks a value that a long message would cut in two', async () => {
      const cutThroughTheSecret = `${'x'.repeat(290)} ${echoed.pass_phrase}`;
      server().enqueue(respond(400, [{ status: 400, message: cutThroughTheSecret }]));
      const { client } = clientFor(server());

      const error = await rejectionOf(client.connectCarrier('endicia', echoed));
      expectNoSecretIn(error);
      expect(error.message).not.toContain('-sec');
    });

    it('masks a value echoed with different spacing in a plain-text body', async () => {
      const spaced = { account_id: 'acct-with  two spaces' };
      server().enqueue(respond(400, `refused\n${spaced.account_id}`));
      const { client } = clientFor(server());

      const error = await rejectionOf(client.connectCarrier('endicia', spaced));
      expect(error.message).toBe('POST /shipping/carrier/connection: status 400: refused [redacted]');
    });
  });

  it('names paths relative to the API base, never the host or the store URL', async () => {
    server().enqueue(respond(500));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.listMethods(4));
    expect(error.message).toBe('GET /shipping/zones/4/methods: status 500');
    expect(error.message).not.toContain('127.0.0.1');
    expect(error.message).not.toContain(`stores/${STORE_HASH}`);
  });
});
