import { describe, expect, it, vi } from 'vitest';
import { createShippingClient, ShippingClient } from '../../../lambdas/bigcommerce/client.ts';
import { BigCommerceRejected } from '../../../lambdas/bigcommerce/errors.ts';
import { respond } from '../../support/scripted-server.ts';
import { ACCESS_TOKEN, clientFor, rejectionOf, STORE_HASH, useScriptedServer } from './client-fixture.ts';

const server = useScriptedServer();
const base = `/stores/${STORE_HASH}/v2`;

const zone = {
  id: 3,
  name: 'United States',
  type: 'country',
  locations: [{ id: 9, country_iso2: 'US' }],
  enabled: true,
};

const uspsMethod = {
  name: 'USPS',
  type: 'endicia',
  enabled: true,
  settings: { carrier_options: { delivery_services: ['PriorityExpress', 'MediaMail'] } },
};

/** The single request the server received. */
function onlyRequest() {
  expect(server().requests).toHaveLength(1);
  const [request] = server().requests;
  if (!request) throw new Error('no request recorded');
  return request;
}

describe('ShippingClient requests', () => {
  it('lists zones with GET /shipping/zones and returns the array', async () => {
    server().enqueue(respond(200, [zone]));
    const { client } = clientFor(server());

    await expect(client.listZones()).resolves.toEqual([zone]);
    expect(onlyRequest()).toMatchObject({ method: 'GET', url: `${base}/shipping/zones` });
  });

  it('authenticates with X-Auth-Token and asks for JSON on every request', async () => {
    server().enqueue(respond(200, []));
    const { client } = clientFor(server());

    await client.listZones();
    const { headers } = onlyRequest();
    expect(headers['x-auth-token']).toBe(ACCESS_TOKEN);
    expect(headers.accept).toBe('application/json');
  });

  it('sends no Content-Type on a request without a body', async () => {
    server().enqueue(respond(200, zone));
    const { client } = clientFor(server());

    await client.getZone(3);
    expect(onlyRequest().headers['content-type']).toBeUndefined();
  });

  it('gets one zone with GET /shipping/zones/{id}', async () => {
    server().enqueue(respond(200, zone));
    const { client } = clientFor(server());

    await expect(client.getZone(3)).resolves.toEqual(zone);
    expect(onlyRequest()).toMatchObject({ method: 'GET', url: `${base}/shipping/zones/3` });
  });

  it('creates a zone with a JSON POST and returns the 201 body', async () => {
    const input = { name: 'Mexico', type: 'country' as const, locations: [{ country_iso2: 'MX' }] };
    server().enqueue(respond(201, { id: 4, ...input }));
    const { client } = clientFor(server());

    await expect(client.createZone(input)).resolves.toEqual({ id: 4, ...input });
    const request = onlyRequest();
    expect(request).toMatchObject({ method: 'POST', url: `${base}/shipping/zones`, json: input });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('updates a zone with a JSON PUT to /shipping/zones/{id}', async () => {
    server().enqueue(respond(200, { ...zone, name: 'USA' }));
    const { client } = clientFor(server());

    await expect(client.updateZone(3, { name: 'USA' })).resolves.toMatchObject({ name: 'USA' });
    const request = onlyRequest();
    expect(request).toMatchObject({ method: 'PUT', url: `${base}/shipping/zones/3`, json: { name: 'USA' } });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('deletes a zone with DELETE /shipping/zones/{id}', async () => {
    server().enqueue(respond(204));
    const { client } = clientFor(server());

    await expect(client.deleteZone(3)).resolves.toBeUndefined();
    expect(onlyRequest()).toMatchObject({ method: 'DELETE', url: `${base}/shipping/zones/3`, body: '' });
  });

  it('lists a zone’s methods with GET /shipping/zones/{zone_id}/methods', async () => {
    server().enqueue(respond(200, [{ id: 1, ...uspsMethod }]));
    const { client } = clientFor(server());

    await expect(client.listMethods(3)).resolves.toEqual([{ id: 1, ...uspsMethod }]);
    expect(onlyRequest()).toMatchObject({ method: 'GET', url: `${base}/shipping/zones/3/methods` });
  });

  it('gets one method with GET /shipping/zones/{zone_id}/methods/{method_id}', async () => {
    server().enqueue(respond(200, { id: 29, ...uspsMethod }));
    const { client } = clientFor(server());

    await expect(client.getMethod(3, 29)).resolves.toEqual({ id: 29, ...uspsMethod });
    expect(onlyRequest()).toMatchObject({ method: 'GET', url: `${base}/shipping/zones/3/methods/29` });
  });

  it('creates a carrier method with its carrier_options and returns the 200 body as sent', async () => {
    // BigCommerce's documented quirks (string id and flags, delivery_services as {value}) reach the caller untouched.
    const created = {
      id: '29',
      name: 'USPS',
      type: 'endicia',
      enabled: 'true',
      settings: { carrier_options: { delivery_services: { value: 'MediaMail' } } },
    };
    server().enqueue(respond(200, created));
    const { client } = clientFor(server());

    await expect(client.createMethod(3, uspsMethod)).resolves.toEqual(created);
    const request = onlyRequest();
    expect(request).toMatchObject({
      method: 'POST',
      url: `${base}/shipping/zones/3/methods`,
      json: uspsMethod,
    });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('creates a Shipping Provider method whose type is carrier_{id}', async () => {
    const method = {
      name: 'Example',
      type: 'carrier_33' as const,
      settings: { carrier_options: { a: 'b' } },
    };
    server().enqueue(respond(200, { id: 5, ...method }));
    const { client } = clientFor(server());

    await client.createMethod(3, method);
    expect(onlyRequest().json).toEqual(method);
  });

  it('updates a method with a JSON PUT to /shipping/zones/{zone_id}/methods/{method_id}', async () => {
    const change = { settings: { rate: 11 }, handling_fees: { fixed_surcharge: '0' } };
    server().enqueue(respond(200, { id: 7, name: 'Flat', type: 'perorder', ...change }));
    const { client } = clientFor(server());

    await expect(client.updateMethod(3, 7, change)).resolves.toMatchObject({ id: 7 });
    const request = onlyRequest();
    expect(request).toMatchObject({ method: 'PUT', url: `${base}/shipping/zones/3/methods/7`, json: change });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('deletes a method with DELETE /shipping/zones/{zone_id}/methods/{method_id}', async () => {
    server().enqueue(respond(204));
    const { client } = clientFor(server());

    await expect(client.deleteMethod(3, 7)).resolves.toBeUndefined();
    expect(onlyRequest()).toMatchObject({ method: 'DELETE', url: `${base}/shipping/zones/3/methods/7` });
  });

  it('connects a carrier with POST /shipping/carrier/connection carrying carrier_id and connection', async () => {
    const connection = { account_id: 'acct-1', pass_phrase: 'phrase-1' };
    server().enqueue(respond(204));
    const { client } = clientFor(server());

    await expect(client.connectCarrier('endicia', connection)).resolves.toBeUndefined();
    const request = onlyRequest();
    expect(request).toMatchObject({
      method: 'POST',
      url: `${base}/shipping/carrier/connection`,
      json: { carrier_id: 'endicia', connection },
    });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('updates a carrier connection with PUT /shipping/carrier/connection', async () => {
    const connection = { auth_key: 'key-1', test_mode: false };
    server().enqueue(respond(204));
    const { client } = clientFor(server());

    await client.updateCarrierConnection('auspost', connection);
    expect(onlyRequest()).toMatchObject({
      method: 'PUT',
      url: `${base}/shipping/carrier/connection`,
      json: { carrier_id: 'auspost', connection },
    });
  });

  it('disconnects a carrier with a DELETE that carries the JSON body {carrier_id}', async () => {
    server().enqueue(respond(204));
    const { client } = clientFor(server());

    await expect(client.disconnectCarrier('fedex')).resolves.toBeUndefined();
    const request = onlyRequest();
    expect(request).toMatchObject({
      method: 'DELETE',
      url: `${base}/shipping/carrier/connection`,
      json: { carrier_id: 'fedex' },
    });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('reads the store settings with GET /store', async () => {
    const store = { id: STORE_HASH, weight_units: 'LBS', currency: 'USD', country_code: 'US' };
    server().enqueue(respond(200, store));
    const { client } = clientFor(server());

    await expect(client.getStore()).resolves.toEqual(store);
    expect(onlyRequest()).toMatchObject({ method: 'GET', url: `${base}/store` });
  });
});

describe('ShippingClient base URL', () => {
  it('uses a base URL without {storeHash} as given', async () => {
    server().enqueue(respond(200, []));
    const { client } = clientFor(server(), { baseUrl: `${server().origin}/sandbox/v2` });

    await client.listZones();
    expect(onlyRequest().url).toBe('/sandbox/v2/shipping/zones');
  });

  it('ignores a trailing slash on the base URL', async () => {
    server().enqueue(respond(200, []));
    const { client } = clientFor(server(), { baseUrl: `${server().origin}/stores/{storeHash}/v2/` });

    await client.listZones();
    expect(onlyRequest().url).toBe(`${base}/shipping/zones`);
  });

  it('defaults to the BigCommerce API with the store hash in the path', async () => {
    const fetch = vi.fn(async (_request: Request) => new Response('[]', { status: 200 }));
    const client = createShippingClient({
      storeHash: STORE_HASH,
      accessToken: ACCESS_TOKEN,
      fetch: fetch as unknown as typeof globalThis.fetch,
    });

    await client.listZones();
    expect(fetch.mock.calls[0]?.[0].url).toBe(
      `https://api.bigcommerce.com/stores/${STORE_HASH}/v2/shipping/zones`,
    );
  });

  it('does not follow a redirect, so the token never travels to another address', async () => {
    server().enqueue(respond(302, undefined, { Location: 'http://127.0.0.1:1/elsewhere' }));
    const { client } = clientFor(server());

    const error = await rejectionOf(client.listZones());
    expect(error).toBeInstanceOf(BigCommerceRejected);
    expect(server().requests).toHaveLength(1);
  });
});

describe('ShippingClient empty lists', () => {
  it('reads a 204 from the zone list as no zones', async () => {
    server().enqueue(respond(204));
    const { client } = clientFor(server());

    await expect(client.listZones()).resolves.toEqual([]);
  });

  it('reads an empty 200 body from the method list as no methods', async () => {
    server().enqueue(respond(200, ''));
    const { client } = clientFor(server());

    await expect(client.listMethods(3)).resolves.toEqual([]);
  });
});

describe('ShippingClient onResponse', () => {
  it('reports method, relative path, status and duration for each response', async () => {
    server().enqueue(respond(200, zone));
    const { client, responses } = clientFor(server());

    await client.getZone(3);
    expect(responses).toEqual([
      { method: 'GET', path: '/shipping/zones/3', status: 200, durationMs: expect.any(Number) },
    ]);
    expect(responses[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('still returns the result when the observer throws', async () => {
    server().enqueue(respond(200, []));
    const { client } = clientFor(server(), {
      onResponse: () => {
        throw new Error('observer failed');
      },
    });

    await expect(client.listZones()).resolves.toEqual([]);
  });
});

describe('ShippingClient input checks', () => {
  const options = { storeHash: STORE_HASH, accessToken: ACCESS_TOKEN };

  it('rejects a store hash that is not letters and digits, naming the field', () => {
    expect(() => new ShippingClient({ ...options, storeHash: 'abc/../x' })).toThrow(/storeHash: must be/);
  });

  it('rejects an empty access token without echoing it', () => {
    expect(() => new ShippingClient({ ...options, accessToken: ' ' })).toThrow(
      /accessToken: must be a non-empty string/,
    );
  });

  it('rejects an access token with a line break without echoing it', () => {
    const badToken = `${ACCESS_TOKEN}\nX-Injected: 1`;
    let message = '';
    try {
      new ShippingClient({ ...options, accessToken: badToken });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ShippingClientOptions\.accessToken: /);
    expect(message).not.toContain(ACCESS_TOKEN);
  });

  it('rejects a base URL that is not an absolute http(s) URL', () => {
    expect(() => new ShippingClient({ ...options, baseUrl: 'ftp://example.test/v2' })).toThrow(
      /baseUrl: must be an absolute http\(s\) URL/,
    );
  });

  it('rejects a negative rate-limit budget, naming the field', () => {
    expect(() => new ShippingClient({ ...options, rateLimitBudgetMs: -1 })).toThrow(
      /rateLimitBudgetMs: must be a non-negative number/,
    );
  });

  it('rejects a zone id that is not a positive integer before sending anything', async () => {
    const { client } = clientFor(server());

    await expect(client.getZone(0)).rejects.toThrow(/zoneId: must be a positive integer, got 0/);
    expect(server().requests).toHaveLength(0);
  });

  it('rejects an empty carrier id before sending anything', async () => {
    const { client } = clientFor(server());

    await expect(client.disconnectCarrier('')).rejects.toThrow(/carrierId: must be a non-empty string/);
    expect(server().requests).toHaveLength(0);
  });
});
