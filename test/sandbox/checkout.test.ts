/**
 * Checkout verification against the sandbox (REFERENCE.md §5): create a cart of catalog products, add a
 * consignment with the shopper's address, read the shipping options offered, delete the cart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultProducts,
  defaultStoreHash,
  defaultStoreToken,
  type SandboxSeed,
} from '../../sandbox/index.ts';
import { parseSeed } from '../../sandbox/seed.ts';
import {
  cartsSpecFile,
  checkoutsSpecFile,
  readSpecDocument,
  SpecValidator,
} from '../../sandbox/spec-validation.ts';
import { useSandbox } from '../support/sandbox-fixture.ts';
import { rawRequest, storeCaller } from '../support/sandbox-http.ts';

const seed: SandboxSeed = {
  stores: [
    {
      hash: defaultStoreHash,
      token: defaultStoreToken,
      channels: [1, 2],
      products: [
        ...defaultProducts,
        {
          id: 120,
          name: 'Sample Shirt',
          price: 20,
          weight: 0.5,
          variants: [{ id: 121 }, { id: 122, price: 22, weight: 0.75 }],
        },
      ],
    },
  ],
};

const { call, sandbox } = useSandbox({ strict: true, seed });

const v3 = (method: string, path: string, body?: unknown) =>
  storeCaller(`${sandbox().url}/stores/${defaultStoreHash}/v3`, defaultStoreToken)(method, path, body);

interface CartBody {
  data: {
    id: string;
    channel_id: number;
    base_amount: number;
    line_items: { physical_items: { id: string; product_id: number; quantity: number }[] };
  };
}

interface ShippingOption {
  id: string;
  type: string;
  description: string;
  cost: number;
  transit_time: string;
}

interface CheckoutBody {
  data: {
    id: string;
    consignments: { id: string; line_item_ids: string[]; available_shipping_options?: ShippingOption[] }[];
  };
}

const address = {
  us: {
    email: 'verify@example.com',
    first_name: 'Ada',
    last_name: 'Shopper',
    address1: '123 Main Street',
    city: 'Austin',
    country_code: 'US',
    state_or_province: 'Texas',
    state_or_province_code: 'TX',
    postal_code: '78751',
  },
  usCalifornia: {
    email: 'verify@example.com',
    country_code: 'US',
    state_or_province: 'California',
    state_or_province_code: 'CA',
    postal_code: '94105',
  },
  canada: {
    email: 'verify@example.com',
    country_code: 'CA',
    state_or_province: 'Ontario',
    state_or_province_code: 'ON',
    postal_code: 'K1A 0B1',
  },
  france: {
    email: 'verify@example.com',
    country_code: 'FR',
    state_or_province: 'Île-de-France',
    postal_code: '75001',
  },
};

/** Two Sample Mugs (1.0 and $12 each) and one Sample Lamp (4.5 and $60): weight 6.5, subtotal $84, 3 items. */
const twoMugsAndALamp = [
  { quantity: 2, product_id: 111 },
  { quantity: 1, product_id: 112 },
];

async function createCart(lineItems: unknown[] = twoMugsAndALamp, channelId?: number) {
  const created = await v3('POST', '/carts', {
    ...(channelId === undefined ? {} : { channel_id: channelId }),
    line_items: lineItems,
  });
  expect(created.status).toBe(201);
  return (created.json as CartBody).data;
}

const withShippingOptions = '?include=consignments.available_shipping_options';

async function addConsignment(cart: CartBody['data'], shipTo: Record<string, unknown>) {
  return v3('POST', `/checkouts/${cart.id}/consignments${withShippingOptions}`, [
    {
      address: shipTo,
      line_items: cart.line_items.physical_items.map((item) => ({
        item_id: item.id,
        quantity: item.quantity,
      })),
    },
  ]);
}

/** The options a shopper at `shipTo` sees for the standard cart, as `description: cost`. */
async function offered(shipTo: Record<string, unknown>, cart?: CartBody['data']) {
  const consigned = await addConsignment(cart ?? (await createCart()), shipTo);
  expect(consigned.status).toBe(200);
  const options = (consigned.json as CheckoutBody).data.consignments[0]?.available_shipping_options ?? [];
  return Object.fromEntries(options.map((option) => [option.description, option.cost]));
}

async function createMethod(zoneId: number, method: Record<string, unknown>) {
  const created = await call('POST', `/shipping/zones/${zoneId}/methods`, method);
  expect(created.status).toBe(200);
}

const byWeight = (settings: Record<string, unknown>) => ({ name: 'By weight', type: 'weight', settings });
const byTotal = (settings: Record<string, unknown>) => ({ name: 'By total', type: 'total', settings });

describe('carts', () => {
  it('creates a cart of catalog products with 201 and prices it from the catalog', async () => {
    const created = await v3('POST', '/carts', { line_items: twoMugsAndALamp });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      data: {
        channel_id: 1,
        currency: { code: 'USD' },
        base_amount: 84,
        cart_amount: 84,
        line_items: {
          physical_items: [
            { product_id: 111, name: 'Sample Mug', quantity: 2, list_price: 12, extended_list_price: 24 },
            { product_id: 112, name: 'Sample Lamp', quantity: 1, list_price: 60, extended_list_price: 60 },
          ],
        },
      },
    });
  });

  it('reads the cart back, and its checkout under the same id', async () => {
    const cart = await createCart();
    const read = await v3('GET', `/carts/${cart.id}`);
    const checkout = await v3('GET', `/checkouts/${cart.id}`);
    expect([read.status, checkout.status]).toEqual([200, 200]);
    expect((read.json as CartBody).data).toEqual(cart);
    expect((checkout.json as CheckoutBody).data.id).toBe(cart.id);
  });

  it('deletes a cart with 204 and no body, after which it is not found', async () => {
    const cart = await createCart();
    const deleted = await v3('DELETE', `/carts/${cart.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const read = await v3('GET', `/carts/${cart.id}`);
    expect(read.status).toBe(404);
    expect(read.json).toMatchObject({ status: 404, title: `Cart ${cart.id} not found.` });
  });

  it('refuses an unknown product with a V3 422 that names the line item', async () => {
    const created = await v3('POST', '/carts', { line_items: [{ quantity: 1, product_id: 999 }] });
    expect(created.status).toBe(422);
    expect(created.json).toEqual({
      status: 422,
      title: 'Product 999 does not exist.',
      type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
      errors: { 'line_items[0].product_id': 'There is no product 999 in the catalog.' },
    });
  });

  it('requires a variant id for a product with variants, and prices the variant chosen', async () => {
    const refused = await v3('POST', '/carts', { line_items: [{ quantity: 1, product_id: 120 }] });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({
      title: 'This product has options; variant ID is required.',
      errors: { 'line_items[0].variant_id': 'is required for this product' },
    });
    const cart = await createCart([{ quantity: 2, product_id: 120, variant_id: 122 }]);
    expect(cart.base_amount).toBe(44);
  });

  it('refuses a body the carts spec rejects, naming the field', async () => {
    const created = await v3('POST', '/carts', { line_items: [{ quantity: 'two', product_id: 111 }] });
    expect(created.status).toBe(422);
    expect(created.json).toMatchObject({
      title: 'JSON data is missing or invalid',
      errors: { 'line_items[0]': 'quantity must be a number' },
    });
  });

  it('refuses a quantity that is not a positive whole number', async () => {
    const created = await v3('POST', '/carts', { line_items: [{ quantity: 0, product_id: 111 }] });
    expect(created.status).toBe(422);
    expect(created.json).toMatchObject({
      errors: { 'line_items[0].quantity': 'must be a positive whole number' },
    });
  });

  it('refuses a channel the store does not have', async () => {
    const created = await v3('POST', '/carts', { channel_id: 7, line_items: twoMugsAndALamp });
    expect(created.status).toBe(422);
    expect(created.json).toMatchObject({ errors: { channel_id: 'The store has no channel 7.' } });
  });
});

describe('the catalog seed', () => {
  it('refuses two products with the same id, naming the second', () => {
    const product = { id: 5, name: 'Mug', price: 12, weight: 1 };
    expect(() => parseSeed({ stores: [{ hash: 's', token: 't', products: [product, product] }] })).toThrow(
      'stores[0].products[1].id: duplicates another product',
    );
  });
});

describe('consignments', () => {
  it('assigns the cart lines named to the address, and leaves options out unless included', async () => {
    const cart = await createCart();
    const consigned = await v3('POST', `/checkouts/${cart.id}/consignments`, [
      { address: address.us, line_items: [{ item_id: cart.line_items.physical_items[0]?.id, quantity: 2 }] },
    ]);
    expect(consigned.status).toBe(200);
    const [consignment] = (consigned.json as CheckoutBody).data.consignments;
    expect(consignment?.line_item_ids).toEqual([cart.line_items.physical_items[0]?.id]);
    expect(consignment).not.toHaveProperty('available_shipping_options');
  });

  it('requires the address fields the spec marks required, naming each', async () => {
    const cart = await createCart();
    const { email, country_code } = address.us;
    const consigned = await addConsignment(cart, { email, country_code });
    expect(consigned.status).toBe(422);
    expect(consigned.json).toMatchObject({
      errors: { '[0].address.state_or_province': 'is required', '[0].address.postal_code': 'is required' },
    });
  });

  it('refuses an item id the cart does not hold', async () => {
    const cart = await createCart();
    const consigned = await v3('POST', `/checkouts/${cart.id}/consignments`, [
      { address: address.us, line_items: [{ item_id: 'no-such-item', quantity: 1 }] },
    ]);
    expect(consigned.status).toBe(422);
    expect(consigned.json).toMatchObject({
      errors: { '[0].line_items[0].item_id': 'The cart has no item no-such-item.' },
    });
  });

  it('answers 409 when the request names a version the checkout has moved past', async () => {
    const cart = await createCart();
    await addConsignment(cart, address.us);
    const stale = await v3('POST', `/checkouts/${cart.id}/consignments`, [
      {
        address: address.canada,
        line_items: [{ item_id: cart.line_items.physical_items[0]?.id, quantity: 1 }],
        version: 1,
      },
    ]);
    expect(stale.status).toBe(409);
  });

  it('re-reads the options with GET /checkouts/{id}?include=…, quoted on the current methods', async () => {
    const cart = await createCart();
    await addConsignment(cart, address.us);
    await createMethod(1, { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } });
    const read = await v3('GET', `/checkouts/${cart.id}${withShippingOptions}`);
    expect(read.status).toBe(200);
    expect((read.json as CheckoutBody).data.consignments[0]?.available_shipping_options).toMatchObject([
      { type: 'shipping_flatrate', description: 'Flat Rate', cost: 7 },
    ]);
  });
});

describe('shipping option prices for a cart weighing 6.5, worth $84, of 3 items', () => {
  it('perorder: the rate, as shipping_flatrate', async () => {
    await createMethod(1, { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } });
    const cart = await createCart();
    const consigned = await addConsignment(cart, address.us);
    expect((consigned.json as CheckoutBody).data.consignments[0]?.available_shipping_options).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        type: 'shipping_flatrate',
        description: 'Flat Rate',
        image_url: '',
        cost: 7,
        transit_time: '',
        additional_description: '',
      },
    ]);
  });

  it('peritem: the rate times the number of items', async () => {
    await createMethod(1, { name: 'Per Item', type: 'peritem', settings: { rate: 2.5 } });
    expect(await offered(address.us)).toEqual({ 'Per Item': 7.5 });
  });

  it('weight: the range holding the weight', async () => {
    await createMethod(
      1,
      byWeight({
        default_cost: 0,
        default_cost_type: 'fixed_amount',
        range: [
          { lower_limit: 0, upper_limit: 5, shipping_cost: 5 },
          { lower_limit: 5, upper_limit: 10, shipping_cost: 9 },
        ],
      }),
    );
    expect(await offered(address.us)).toEqual({ 'By weight': 9 });
  });

  it('weight: a weight on the bound two ranges share takes the earlier range', async () => {
    await createMethod(
      1,
      byWeight({
        range: [
          { lower_limit: 0, upper_limit: 6.5, shipping_cost: 8 },
          { lower_limit: 6.5, upper_limit: 20, shipping_cost: 14 },
        ],
      }),
    );
    expect(await offered(address.us)).toEqual({ 'By weight': 8 });
  });

  it('weight: outside every range, the fixed default cost', async () => {
    await createMethod(
      1,
      byWeight({
        default_cost: 11,
        default_cost_type: 'fixed_amount',
        range: [{ lower_limit: 0, upper_limit: 5, shipping_cost: 5 }],
      }),
    );
    expect(await offered(address.us)).toEqual({ 'By weight': 11 });
  });

  it('weight: outside every range, a percentage default cost of the cart subtotal', async () => {
    await createMethod(
      1,
      byWeight({
        default_cost: 10,
        default_cost_type: 'percentage_of_total',
        range: [{ lower_limit: 0, upper_limit: 5, shipping_cost: 5 }],
      }),
    );
    expect(await offered(address.us)).toEqual({ 'By weight': 8.4 });
  });

  it('weight: outside every range with no default cost, not offered', async () => {
    await createMethod(1, byWeight({ range: [{ lower_limit: 0, upper_limit: 5, shipping_cost: 5 }] }));
    await createMethod(1, { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } });
    expect(await offered(address.us)).toEqual({ 'Flat Rate': 7 });
  });

  it('total: the range holding the subtotal', async () => {
    await createMethod(
      1,
      byTotal({
        range: [
          { lower_limit: 0, upper_limit: 50, shipping_cost: 10 },
          { lower_limit: 50, upper_limit: 100000, shipping_cost: 0 },
        ],
      }),
    );
    expect(await offered(address.us)).toEqual({ 'By total': 0 });
  });

  it('total: outside every range, the default cost', async () => {
    await createMethod(
      1,
      byTotal({
        default_cost: 6,
        default_cost_type: 'fixed_amount',
        range: [{ lower_limit: 0, upper_limit: 50, shipping_cost: 10 }],
      }),
    );
    expect(await offered(address.us)).toEqual({ 'By total': 6 });
  });

  it('freeshipping: nothing, as shipping_free', async () => {
    await createMethod(1, { name: 'Free Shipping', type: 'freeshipping', settings: {} });
    const consigned = await addConsignment(await createCart(), address.us);
    expect((consigned.json as CheckoutBody).data.consignments[0]?.available_shipping_options).toMatchObject([
      { type: 'shipping_free', description: 'Free Shipping', cost: 0 },
    ]);
  });

  it('a fixed handling fee is added to the cost', async () => {
    await createMethod(1, {
      name: 'Flat Rate',
      type: 'perorder',
      settings: { rate: 7 },
      handling_fees: { fixed_surcharge: '1.5' },
    });
    expect(await offered(address.us)).toEqual({ 'Flat Rate': 8.5 });
  });

  it('a percentage handling fee adds that percentage of the shipping cost', async () => {
    await createMethod(1, {
      name: 'Per Item',
      type: 'peritem',
      settings: { rate: 2 },
      handling_fees: { percentage_surcharge: 10 },
    });
    expect(await offered(address.us)).toEqual({ 'Per Item': 6.6 });
  });

  it('a connected carrier gets a fake quote per delivery service, as shipping_<carrier>', async () => {
    await call('POST', '/shipping/carrier/connection', {
      carrier_id: 'endicia',
      connection: { account_id: '1', pass_phrase: 'sandbox' },
    });
    await createMethod(1, {
      name: 'USPS',
      type: 'endicia',
      settings: { carrier_options: { delivery_services: ['MediaMail', 'Priority'] } },
    });
    const consigned = await addConsignment(await createCart(), address.us);
    // 4 + (sum of the service name's character codes mod 10) + 1.25 × weight; 1 + (that sum mod 5) days.
    expect((consigned.json as CheckoutBody).data.consignments[0]?.available_shipping_options).toMatchObject([
      {
        type: 'shipping_endicia',
        description: 'USPS (MediaMail)',
        cost: 19.13,
        transit_time: '3 business days',
      },
      {
        type: 'shipping_endicia',
        description: 'USPS (Priority)',
        cost: 18.13,
        transit_time: '2 business days',
      },
    ]);
  });

  it('a carrier that is no longer connected is not offered', async () => {
    const connection = { carrier_id: 'endicia', connection: { account_id: '1', pass_phrase: 'sandbox' } };
    await call('POST', '/shipping/carrier/connection', connection);
    await createMethod(1, {
      name: 'USPS',
      type: 'endicia',
      settings: { carrier_options: { delivery_services: ['MediaMail'] } },
    });
    await call('DELETE', '/shipping/carrier/connection', { carrier_id: 'endicia' });
    expect(await offered(address.us)).toEqual({});
  });

  it('prices only the lines in the consignment', async () => {
    await createMethod(1, { name: 'Per Item', type: 'peritem', settings: { rate: 2 } });
    const cart = await createCart();
    const mugs = cart.line_items.physical_items[0];
    const consigned = await v3('POST', `/checkouts/${cart.id}/consignments${withShippingOptions}`, [
      { address: address.us, line_items: [{ item_id: mugs?.id, quantity: 1 }] },
    ]);
    expect((consigned.json as CheckoutBody).data.consignments[0]?.available_shipping_options).toMatchObject([
      { description: 'Per Item', cost: 2 },
    ]);
  });
});

describe('which methods a shopper is offered', () => {
  it('not a disabled method', async () => {
    await createMethod(1, { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } });
    await createMethod(1, { name: 'Paused', type: 'perorder', settings: { rate: 3 }, enabled: false });
    expect(await offered(address.us)).toEqual({ 'Flat Rate': 7 });
  });

  it('not a method on another channel than the cart’s', async () => {
    await createMethod(1, { name: 'Web', type: 'perorder', settings: { rate: 7 }, channel_ids: [1] });
    await createMethod(1, { name: 'Marketplace', type: 'perorder', settings: { rate: 5 }, channel_ids: [2] });
    expect(await offered(address.us)).toEqual({ Web: 7 });
    expect(await offered(address.us, await createCart(twoMugsAndALamp, 2))).toEqual({ Marketplace: 5 });
  });

  it('a Canadian address gets the Canada zone’s methods', async () => {
    await createMethod(1, { name: 'US Flat', type: 'perorder', settings: { rate: 7 } });
    await createMethod(2, { name: 'Canada Flat', type: 'perorder', settings: { rate: 15 } });
    await createMethod(3, { name: 'World Flat', type: 'perorder', settings: { rate: 40 } });
    expect(await offered(address.canada)).toEqual({ 'Canada Flat': 15 });
  });

  it('an address no country zone covers gets the global zone’s methods', async () => {
    await createMethod(1, { name: 'US Flat', type: 'perorder', settings: { rate: 7 } });
    await createMethod(3, { name: 'World Flat', type: 'perorder', settings: { rate: 40 } });
    expect(await offered(address.france)).toEqual({ 'World Flat': 40 });
  });

  it('an address no zone covers gets no options', async () => {
    await createMethod(1, { name: 'US Flat', type: 'perorder', settings: { rate: 7 } });
    expect((await call('DELETE', '/shipping/zones/3')).status).toBe(204);
    expect(await offered(address.france)).toEqual({});
  });

  it('a state zone wins over the country zone, for that state only', async () => {
    const texas = await call('POST', '/shipping/zones', {
      name: 'Texas',
      type: 'state',
      locations: [{ country_iso2: 'US', state_iso2: 'TX' }],
    });
    await createMethod((texas.json as { id: number }).id, {
      name: 'Texas Flat',
      type: 'perorder',
      settings: { rate: 4 },
    });
    await createMethod(1, { name: 'US Flat', type: 'perorder', settings: { rate: 7 } });
    expect(await offered(address.us)).toEqual({ 'Texas Flat': 4 });
    expect(await offered(address.usCalifornia)).toEqual({ 'US Flat': 7 });
  });

  it('a zip zone wins over a state zone; a trailing * covers every postal code it starts', async () => {
    const austin = await call('POST', '/shipping/zones', {
      name: 'Austin',
      type: 'zip',
      locations: [{ country_iso2: 'US', zip: '787*' }],
    });
    const texas = await call('POST', '/shipping/zones', {
      name: 'Texas',
      type: 'state',
      locations: [{ country_iso2: 'US', state_iso2: 'TX' }],
    });
    await createMethod((austin.json as { id: number }).id, {
      name: 'Courier',
      type: 'perorder',
      settings: { rate: 3 },
    });
    await createMethod((texas.json as { id: number }).id, {
      name: 'Texas Flat',
      type: 'perorder',
      settings: { rate: 4 },
    });
    expect(await offered(address.us)).toEqual({ Courier: 3 });
    expect(await offered({ ...address.us, postal_code: '75001' })).toEqual({ 'Texas Flat': 4 });
  });

  it('a disabled zone is passed over for the next most specific', async () => {
    await createMethod(2, { name: 'Canada Flat', type: 'perorder', settings: { rate: 15 } });
    await createMethod(3, { name: 'World Flat', type: 'perorder', settings: { rate: 40 } });
    await call('PUT', '/shipping/zones/2', { name: 'Canada', enabled: false });
    expect(await offered(address.canada)).toEqual({ 'World Flat': 40 });
  });
});

describe('V3 requests share the V2 routes’ authentication, rate limit and faults', () => {
  it('answers a wrong token with a V3 401', async () => {
    const refused = await rawRequest(`${sandbox().url}/stores/${defaultStoreHash}/v3/carts`, {
      method: 'POST',
      headers: { 'X-Auth-Token': 'wrong', Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ line_items: twoMugsAndALamp }),
    });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({
      status: 401,
      title: 'You must supply a valid X-Auth-Token header to access this resource.',
      type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
    });
  });

  it('injects faults into V3 requests, with V3 bodies', async () => {
    sandbox().setFaults('503=1x,path=/v3/carts$');
    const failed = await v3('POST', '/carts', { line_items: twoMugsAndALamp });
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect((await v3('POST', '/carts', { line_items: twoMugsAndALamp })).status).toBe(201);
  });

  it('answers a V3 path the sandbox does not simulate with 501, and an unknown one with 404', async () => {
    const unsimulated = await v3('GET', '/checkouts/settings');
    expect(unsimulated.status).toBe(501);
    expect(unsimulated.json).toMatchObject({ title: expect.stringContaining('getCheckoutSettings') });
    expect((await v3('GET', '/catalog/products')).status).toBe(404);
  });
});

describe('the rate limit', () => {
  let clock = 0;
  const limited = useSandbox({ quota: 2, now: () => clock });

  it('counts V2 and V3 requests against the one store quota', async () => {
    clock = 0;
    const caller = storeCaller(`${limited.sandbox().url}/stores/${defaultStoreHash}/v3`, defaultStoreToken);
    expect((await limited.call('GET', '/shipping/zones')).status).toBe(200);
    expect((await caller('POST', '/carts', { line_items: twoMugsAndALamp })).status).toBe(201);
    const throttled = await caller('POST', '/carts', { line_items: twoMugsAndALamp });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('X-Retry-After')).toBe('30');
    expect(throttled.json).toMatchObject({ status: 429 });
  });
});

describe('strict mode V3 responses match the specs', () => {
  let carts: SpecValidator;
  let checkouts: SpecValidator;
  beforeAll(async () => {
    [carts, checkouts] = await Promise.all([
      SpecValidator.create(readSpecDocument(cartsSpecFile)),
      SpecValidator.create(readSpecDocument(checkoutsSpecFile)),
    ]);
  });

  it('createCart and getCart', async () => {
    const created = await v3('POST', '/carts', { line_items: twoMugsAndALamp });
    expect(carts.validateResponse('createCart', 201, created.json)).toEqual([]);
    const read = await v3('GET', `/carts/${(created.json as CartBody).data.id}`);
    expect(carts.validateResponse('getCart', 200, read.json)).toEqual([]);
  });

  it('addCheckoutConsignment and getCheckout, with shipping options', async () => {
    await call('POST', '/shipping/carrier/connection', {
      carrier_id: 'endicia',
      connection: { account_id: '1', pass_phrase: 'sandbox' },
    });
    await createMethod(1, { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } });
    await createMethod(1, {
      name: 'USPS',
      type: 'endicia',
      settings: { carrier_options: { delivery_services: ['MediaMail'] } },
    });
    const cart = await createCart();
    const consigned = await addConsignment(cart, address.us);
    expect((consigned.json as CheckoutBody).data.consignments[0]?.available_shipping_options).toHaveLength(2);
    expect(checkouts.validateResponse('addCheckoutConsignment', 200, consigned.json)).toEqual([]);
    const read = await v3('GET', `/checkouts/${cart.id}${withShippingOptions}`);
    expect(checkouts.validateResponse('getCheckout', 200, read.json)).toEqual([]);
  });

  it('the check has teeth: a cost given as a string does not match', async () => {
    const cart = await createCart();
    await createMethod(1, { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } });
    const consigned = (await addConsignment(cart, address.us)).json as CheckoutBody;
    const option = consigned.data.consignments[0]?.available_shipping_options?.[0];
    if (option) Object.assign(option, { cost: '7' });
    expect(checkouts.validateResponse('addCheckoutConsignment', 200, consigned)).not.toEqual([]);
  });
});
