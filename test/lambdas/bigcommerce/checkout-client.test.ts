/**
 * The V3 checkout client against the sandbox (carts, checkouts) and a scripted server (catalog variants, and
 * responses the sandbox does not give on demand), with the transport's pacing, typed errors and redaction.
 * Every request it sends is checked against BigCommerce's official V3 specs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CheckoutClient, createCheckoutClient } from '../../../lambdas/bigcommerce/checkout-client.ts';
import {
  BigCommerceRateLimited,
  BigCommerceRejected,
  BigCommerceTimeout,
  BigCommerceUnauthorized,
  BigCommerceUnavailable,
} from '../../../lambdas/bigcommerce/errors.ts';
import type { ShippingClientOptions } from '../../../lambdas/bigcommerce/transport.ts';
import { BigCommerceUnexpectedResponse } from '../../../lambdas/shipping/errors.ts';
import { defaultStoreHash, type SandboxSeed, startSandbox } from '../../../sandbox/index.ts';
import {
  cartsSpecFile,
  checkoutsSpecFile,
  readSpecDocument,
  SpecValidator,
} from '../../../sandbox/spec-validation.ts';
import { useSandbox } from '../../support/sandbox-fixture.ts';
import { neverRespond, respond } from '../../support/scripted-server.ts';
import { ACCESS_TOKEN, rejectionOf, STORE_HASH, useScriptedServer } from './client-fixture.ts';

/** A store whose United States zone offers one flat rate per order; its token is the leak-check one. */
const seed: SandboxSeed = {
  stores: [
    {
      hash: defaultStoreHash,
      token: ACCESS_TOKEN,
      zones: [
        {
          id: 1,
          name: 'United States',
          type: 'country',
          locations: [{ country_iso2: 'US' }],
          methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }],
        },
      ],
    },
  ],
};

const { sandbox } = useSandbox({ seed });
const scripted = useScriptedServer();

interface SentRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Every request any client of this file sent, as it went on the wire. */
const sent: SentRequest[] = [];

const recordingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const body = await request.clone().text();
  sent.push({
    method: request.method,
    url: new URL(request.url),
    headers: Object.fromEntries(request.headers),
    body: body === '' ? undefined : body,
  });
  return fetch(request);
};

function clientAt(v2BaseUrl: string, overrides: Partial<ShippingClientOptions> = {}) {
  const sleep = vi.fn(async (_ms: number) => {});
  const client = createCheckoutClient({
    storeHash: overrides.storeHash ?? defaultStoreHash,
    accessToken: ACCESS_TOKEN,
    baseUrl: v2BaseUrl,
    fetch: recordingFetch,
    sleep,
    ...overrides,
  });
  return { client, sleep };
}

const sandboxClient = (overrides: Partial<ShippingClientOptions> = {}) =>
  clientAt(sandbox().baseUrl(defaultStoreHash), overrides);
const scriptedClient = (overrides: Partial<ShippingClientOptions> = {}) =>
  clientAt(`${scripted().origin}/stores/{storeHash}/v2`, { storeHash: STORE_HASH, ...overrides });

const austin = { country: 'US', state: 'TX', zip: '78701' };

/** Two Sample Mugs (product 111 of the sandbox's default catalog). */
async function cartOfTwoMugs(client: CheckoutClient) {
  return client.createCart({ channelId: 1, lines: [{ productId: 111, quantity: 2 }] });
}

describe('CheckoutClient against the sandbox', () => {
  it('creates a cart, reads the options a Texas shopper is offered, and deletes the cart', async () => {
    const { client } = sandboxClient();
    const cart = await cartOfTwoMugs(client);
    expect(cart.cartId).toMatch(/^[0-9a-f-]{36}$/);
    expect(cart.physicalItems).toEqual([{ itemId: expect.any(String), quantity: 2 }]);

    const offered = await client.shippingOptions(cart.cartId, austin, cart.physicalItems);
    expect(offered).toEqual([{ description: 'Flat Rate', type: 'shipping_flatrate', cost: 7 }]);

    await client.deleteCart(cart.cartId);
    await expect(client.deleteCart(cart.cartId)).resolves.toBeUndefined();
  });

  it('sends the placeholder shopper, the state as name and code, and the V3 base beside V2', async () => {
    const { client } = sandboxClient();
    const cart = await cartOfTwoMugs(client);
    sent.length = 0;
    await client.shippingOptions(cart.cartId, { ...austin, city: 'Austin' }, cart.physicalItems);
    const [request] = sent;
    expect(request?.url.pathname).toBe(
      `/stores/${defaultStoreHash}/v3/checkouts/${cart.cartId}/consignments`,
    );
    expect(request?.url.search).toBe('?include=consignments.available_shipping_options');
    expect(JSON.parse(request?.body ?? '')).toEqual([
      {
        address: {
          email: 'checkout-probe@example.com',
          first_name: 'Checkout',
          last_name: 'Probe',
          address1: '1 Probe Street',
          city: 'Austin',
          state_or_province: 'TX',
          state_or_province_code: 'TX',
          postal_code: '78701',
          country_code: 'US',
        },
        line_items: [{ item_id: cart.physicalItems[0]?.itemId, quantity: 2 }],
      },
    ]);
  });

  it('offers nothing outside every zone', async () => {
    const { client } = sandboxClient();
    const cart = await cartOfTwoMugs(client);
    const offered = await client.shippingOptions(cart.cartId, { country: 'FR' }, cart.physicalItems);
    expect(offered).toEqual([]);
  });

  it('rejects an unknown product with BigCommerce’s message', async () => {
    const { client } = sandboxClient();
    const error = await rejectionOf(
      client.createCart({ channelId: 1, lines: [{ productId: 999, quantity: 1 }] }),
    );
    expect(error).toBeInstanceOf(BigCommerceRejected);
    expect(error).toMatchObject({ name: 'BigCommerceRejected', status: 422, method: 'POST', path: '/carts' });
    expect(error.message).toBe(
      'POST /carts: status 422: Product 999 does not exist.: line_items[0].product_id: There is no product 999 in the catalog.',
    );
  });

  it('names the V3 scopes on a 401, and never the token', async () => {
    const { client } = sandboxClient({ accessToken: 'tok-WRONG-LEAKCHECK-77' });
    const error = await rejectionOf(cartOfTwoMugs(client));
    expect(error).toBeInstanceOf(BigCommerceUnauthorized);
    expect(error.message).toContain('store_cart, store_checkout and store_v2_products_read_only scopes');
    expect(error.message).not.toContain('LEAKCHECK');
  });

  it('paces itself when the store’s quota runs out instead of collecting a 429', async () => {
    let clock = 0;
    const limited = await startSandbox({ seed, quota: 2, windowMs: 30_000, now: () => clock });
    try {
      const sleep = vi.fn(async (ms: number) => {
        clock += ms;
      });
      // The client paces on the same clock the sandbox counts its window on.
      const { client } = clientAt(limited.baseUrl(defaultStoreHash), {
        sleep,
        now: () => clock,
        rateLimitBudgetMs: 60_000,
      });
      const cart = await cartOfTwoMugs(client);
      await client.shippingOptions(cart.cartId, austin, cart.physicalItems);
      await client.deleteCart(cart.cartId);
      expect(sleep).toHaveBeenCalled();
      expect(limited.requests.map((entry) => entry.status)).toEqual([201, 200, 204]);
    } finally {
      await limited.close();
    }
  });
});

const resetIn = (ms: number) => ({ 'X-Rate-Limit-Time-Reset-Ms': String(ms) });
const cartBody = { data: { id: 'c0ffee00-0000-4000-8000-000000000001', line_items: { physical_items: [] } } };

describe('CheckoutClient against a scripted server', () => {
  it('finds a variant by SKU, and nothing when no variant has it', async () => {
    scripted().enqueue(
      respond(200, { data: [{ id: 112, product_id: 111, sku: 'MUG-1' }], meta: {} }),
      respond(200, { data: [], meta: {} }),
    );
    const { client } = scriptedClient();
    await expect(client.findVariantBySku('MUG-1')).resolves.toEqual({ productId: 111, variantId: 112 });
    await expect(client.findVariantBySku('NO-SUCH')).resolves.toBeUndefined();
    expect(scripted().requests.map((request) => request.url)).toEqual([
      `/stores/${STORE_HASH}/v3/catalog/variants?sku=MUG-1`,
      `/stores/${STORE_HASH}/v3/catalog/variants?sku=NO-SUCH`,
    ]);
  });

  it('waits out a short 429 and retries, like the V2 client', async () => {
    scripted().enqueue(respond(429, undefined, resetIn(250)), respond(201, cartBody));
    const { client, sleep } = scriptedClient();
    await expect(cartOfTwoMugs(client)).resolves.toEqual({ cartId: cartBody.data.id, physicalItems: [] });
    expect(sleep).toHaveBeenCalledWith(250);
    expect(scripted().requests).toHaveLength(2);
  });

  it('gives up with BigCommerceRateLimited when the reset is beyond the budget', async () => {
    scripted().enqueue(respond(429, undefined, resetIn(20_000)));
    const { client } = scriptedClient();
    const error = await rejectionOf(cartOfTwoMugs(client));
    expect(error).toBeInstanceOf(BigCommerceRateLimited);
    expect(error).toMatchObject({ retryAfterMs: 20_000, path: '/carts' });
  });

  it('keeps 5xx retryable and times out a silent server', async () => {
    scripted().enqueue(respond(503, 'upstream trouble'), neverRespond());
    // One attempt each: the client's own resends of a GET are tested in client-retries.test.ts.
    const { client } = scriptedClient({ timeoutMs: 50, idempotentAttempts: 1 });
    expect(await rejectionOf(client.findVariantBySku('MUG-1'))).toBeInstanceOf(BigCommerceUnavailable);
    expect(await rejectionOf(client.findVariantBySku('MUG-1'))).toBeInstanceOf(BigCommerceTimeout);
  });

  it('keeps the title, detail and field errors of a V3 error body, with the token masked', async () => {
    scripted().enqueue(
      respond(409, {
        status: 409,
        title: 'Conflict',
        detail: `token ${ACCESS_TOKEN} was used`,
        errors: { version: `stale for ${ACCESS_TOKEN}` },
      }),
    );
    const { client } = scriptedClient();
    const error = await rejectionOf(client.shippingOptions(cartBody.data.id, austin, []));
    expect(error).toBeInstanceOf(BigCommerceRejected);
    expect(error.message).toBe(
      `POST /checkouts/${cartBody.data.id}/consignments: status 409: Conflict: token [redacted] was used: version: stale for [redacted]`,
    );
  });

  it('resolves deleting a cart that is already gone, and rejects other failures', async () => {
    scripted().enqueue(
      respond(404, { status: 404, title: 'Cart not found' }),
      respond(400, { title: 'Bad' }),
    );
    const { client } = scriptedClient();
    await expect(client.deleteCart('gone')).resolves.toBeUndefined();
    expect(await rejectionOf(client.deleteCart('bad'))).toBeInstanceOf(BigCommerceRejected);
  });

  it('calls a 2xx body without what the probe reads unusable, naming the field', async () => {
    scripted().enqueue(
      respond(200, { data: { id: 'x', consignments: [{ available_shipping_options: [{}] }] } }),
    );
    const { client } = scriptedClient();
    const error = await rejectionOf(client.shippingOptions('x', austin, []));
    expect(error).toBeInstanceOf(BigCommerceUnexpectedResponse);
    expect(error.message).toBe(
      'Unusable checkout in BigCommerce response: "data.consignments[0].available_shipping_options[0].description" is missing',
    );
  });

  it('refuses a base URL that does not end in /v2, without echoing it', () => {
    expect(() =>
      createCheckoutClient({
        storeHash: STORE_HASH,
        accessToken: ACCESS_TOKEN,
        baseUrl: 'https://x.test/api',
      }),
    ).toThrow('ShippingClientOptions.baseUrl: must end with /v2, so that the V3 API is found beside it');
  });
});

describe('every V3 request the client sent', () => {
  const variantsSpecFile = new URL(
    '../../../spec/bigcommerce/product-variants_catalog.v3.yml',
    import.meta.url,
  );
  let validators: SpecValidator[] = [];

  beforeAll(async () => {
    validators = await Promise.all(
      [cartsSpecFile, checkoutsSpecFile, variantsSpecFile].map((file) =>
        SpecValidator.create(readSpecDocument(file)),
      ),
    );
  });
  afterAll(() => {
    sent.length = 0;
  });

  it('covers the four operations and validates against the official specs', async () => {
    const { client } = sandboxClient();
    sent.length = 0;
    const cart = await client.createCart({
      channelId: 1,
      lines: [
        { productId: 111, quantity: 1 },
        { productId: 112, variantId: 112, quantity: 2 },
      ],
    });
    await client.shippingOptions(cart.cartId, austin, cart.physicalItems);
    await client.shippingOptions(cart.cartId, { country: 'FR' }, cart.physicalItems);
    await client.deleteCart(cart.cartId);
    scripted().enqueue(respond(200, { data: [], meta: {} }));
    await scriptedClient().client.findVariantBySku('MUG 1/ü');

    const checked = sent.map((request) => {
      const path = request.url.pathname.replace(/^\/stores\/[^/]+\/v3/, '');
      const { method, headers, body: rawBody } = request;
      const query = request.url.search.replace(/^\?/, '');
      for (const validator of validators) {
        const route = validator.match(method, path);
        if (route.kind !== 'operation') continue;
        const problems = validator.validate(route.operationId, { method, path, headers, rawBody, query });
        return { operation: route.operationId, problems };
      }
      return { operation: `${method} ${path} (in no spec)`, problems: [] };
    });
    expect(checked).toEqual([
      { operation: 'createCart', problems: [] },
      { operation: 'addCheckoutConsignment', problems: [] },
      { operation: 'addCheckoutConsignment', problems: [] },
      { operation: 'deleteCart', problems: [] },
      { operation: 'getVariants', problems: [] },
    ]);
  });

  it('are checked: a consignment without the shopper’s email would be caught', () => {
    const [, checkouts] = validators;
    const problems = checkouts?.validate('addCheckoutConsignment', {
      method: 'POST',
      path: '/checkouts/c0ffee00-0000-4000-8000-000000000001/consignments',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      rawBody: JSON.stringify([{ address: { country_code: 'US', state_or_province: '', postal_code: '' } }]),
      query: '',
    });
    expect(problems).toEqual(['Required fields missing [[0].address.email]']);
  });
});
