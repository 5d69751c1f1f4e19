/**
 * Where BigCommerce's docs are silent the sandbox offers choices (sandbox/variants.ts): chosen in startSandbox or
 * with `--variant` on the command line, refused up front when misspelt. Also the pricing rules checkout.test.ts
 * does not reach, and the carts a test can see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxOptionsFromArgs } from '../../sandbox/cli.ts';
import {
  defaultStoreHash,
  defaultStoreToken,
  type Sandbox,
  type SandboxOptions,
  type SandboxSeed,
  startSandbox,
} from '../../sandbox/index.ts';
import { storeCaller } from '../support/sandbox-http.ts';

/** Two touching ranges, as the docs' own examples have them (0–20, 20–40). */
const touching = (bound: number) => [
  { lower_limit: 0, upper_limit: bound, shipping_cost: 5 },
  { lower_limit: bound, upper_limit: bound * 2, shipping_cost: 9 },
];

// Two Sample Mugs (weight 1 and $12 each): weight 2, subtotal $24, both exactly on a shared bound.
const seed: SandboxSeed = {
  stores: [
    {
      hash: defaultStoreHash,
      token: defaultStoreToken,
      channels: [1, 2],
      zones: [
        {
          id: 1,
          name: 'United States',
          type: 'country',
          locations: [{ country_iso2: 'US' }],
          methods: [
            { name: 'By weight', type: 'weight', settings: { range: touching(2) } },
            { name: 'By total', type: 'total', settings: { range: touching(24) } },
            // Listed upper range first: the choice goes by the bound, not by the order given.
            { name: 'Reversed', type: 'weight', settings: { range: touching(2).reverse() } },
          ],
        },
      ],
    },
  ],
};

const shopper = {
  email: 'verify@example.com',
  country_code: 'US',
  state_or_province: 'Texas',
  state_or_province_code: 'TX',
  postal_code: '78751',
};

interface Started {
  sandbox: Sandbox;
  v3: ReturnType<typeof storeCaller>;
  v2: ReturnType<typeof storeCaller>;
}

/** One sandbox for the tests of a describe block, closed after them. */
function sandboxWith(options: SandboxOptions): () => Started {
  let started: Started | undefined;
  beforeAll(async () => {
    const sandbox = await startSandbox(options);
    started = {
      sandbox,
      v3: storeCaller(`${sandbox.url}/stores/${defaultStoreHash}/v3`, defaultStoreToken),
      v2: storeCaller(sandbox.baseUrl(defaultStoreHash), defaultStoreToken),
    };
  });
  afterAll(() => started?.sandbox.close());
  return () => {
    if (!started) throw new Error('The sandbox starts in beforeAll.');
    return started;
  };
}

/** The options a shopper is offered for a cart of two mugs, as `description: cost`; the cart is deleted. */
async function offered({ v3 }: Started, shipTo: Record<string, unknown> = shopper, channelId = 1) {
  const created = await v3('POST', '/carts', {
    channel_id: channelId,
    line_items: [{ quantity: 2, product_id: 111 }],
  });
  const cart = (created.json as { data: { id: string; line_items: { physical_items: { id: string }[] } } })
    .data;
  const itemId = cart.line_items.physical_items[0]?.id;
  const consigned = await v3(
    'POST',
    `/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`,
    [{ address: shipTo, line_items: [{ item_id: itemId, quantity: 2 }] }],
  );
  expect(consigned.status).toBe(200);
  expect((await v3('DELETE', `/carts/${cart.id}`)).status).toBe(204);
  const body = consigned.json as {
    data: { consignments: { available_shipping_options: { description: string; cost: number }[] }[] };
  };
  const options = body.data.consignments[0]?.available_shipping_options ?? [];
  return Object.fromEntries(options.map((option) => [option.description, option.cost]));
}

describe('range-boundary: a value on the bound two touching ranges share', () => {
  const byDefault = sandboxWith({ seed });
  const lower = sandboxWith({ seed, variants: { 'range-boundary': 'lower' } });
  const upper = sandboxWith({ seed, variants: { 'range-boundary': 'upper' } });

  it('lower (the default): the range that ends there prices it, for weight and total alike', async () => {
    expect(byDefault().sandbox.variants).toEqual({
      'range-boundary': 'lower',
      'connection-post': 'reject',
      'method-put-settings': 'replace',
      'empty-list': 'json',
      'zone-free-shipping': 'replace',
    });
    const expected = { 'By weight': 5, 'By total': 5, Reversed: 5 };
    expect(await offered(byDefault())).toEqual(expected);
    expect(await offered(lower())).toEqual(expected);
  });

  it('upper: the range that starts there prices it', async () => {
    expect(upper().sandbox.variants).toMatchObject({ 'range-boundary': 'upper' });
    expect(await offered(upper())).toEqual({ 'By weight': 9, 'By total': 9, Reversed: 9 });
  });

  it('either way, a value on the outer bound of the last range is still in it', async () => {
    const { v2 } = upper();
    const created = await v2('POST', '/shipping/zones/1/methods', {
      name: 'Up to 2',
      type: 'weight',
      settings: { range: [{ lower_limit: 0, upper_limit: 2, shipping_cost: 4 }] },
    });
    expect(created.status).toBe(200);
    expect(await offered(upper())).toMatchObject({ 'Up to 2': 4 });
    expect(
      (await v2('DELETE', `/shipping/zones/1/methods/${(created.json as { id: string }).id}`)).status,
    ).toBe(204);
  });
});

describe('variants are checked up front', () => {
  it('refuses an unknown variant name, naming it and the variants there are', async () => {
    await expect(startSandbox({ variants: { 'range-edge': 'upper' } as never })).rejects.toThrow(
      "Unknown sandbox variant 'range-edge'; the variants are: range-boundary, connection-post, method-put-settings, empty-list, zone-free-shipping.",
    );
  });

  it('refuses an unknown choice, naming it and the choices there are', async () => {
    await expect(startSandbox({ variants: { 'range-boundary': 'middle' } as never })).rejects.toThrow(
      "The sandbox variant 'range-boundary' has no choice 'middle'; choose lower or upper.",
    );
  });
});

describe('--variant on the command line', () => {
  it('takes NAME=CHOICE, repeatable, into the variants option', () => {
    expect(sandboxOptionsFromArgs(['--variant', 'range-boundary=upper']).variants).toEqual({
      'range-boundary': 'upper',
    });
    expect(sandboxOptionsFromArgs([]).variants).toBeUndefined();
  });

  it('refuses a bad flag with a message naming it', () => {
    expect(() => sandboxOptionsFromArgs(['--variant', 'range-boundary'])).toThrow(
      "--variant takes NAME=CHOICE, e.g. range-boundary=upper; got 'range-boundary'",
    );
    expect(() => sandboxOptionsFromArgs(['--variant', 'bogus=1'])).toThrow("Unknown sandbox variant 'bogus'");
    expect(() => sandboxOptionsFromArgs(['--variant', 'range-boundary=middle'])).toThrow(
      "has no choice 'middle'",
    );
    expect(() =>
      sandboxOptionsFromArgs(['--variant', 'range-boundary=upper', '--variant', 'range-boundary=lower']),
    ).toThrow('--variant range-boundary is given twice');
  });

  describe('a sandbox started from the flags prices by the choice', () => {
    const fromFlags = sandboxWith({
      ...sandboxOptionsFromArgs(['--port', '0', '--variant', 'range-boundary=upper']),
      onRequest: undefined,
      seed,
    });

    it('upper', async () => {
      expect(await offered(fromFlags())).toMatchObject({ 'By weight': 9 });
    });
  });
});

describe('the carts a store holds', () => {
  const started = sandboxWith({ seed });

  it('are listed by id until deleted, so a test can check none is left', async () => {
    const { sandbox, v3 } = started();
    expect(sandbox.cartIds(defaultStoreHash)).toEqual([]);
    const created = await v3('POST', '/carts', { line_items: [{ quantity: 1, product_id: 111 }] });
    const { id } = (created.json as { data: { id: string } }).data;
    expect(sandbox.cartIds(defaultStoreHash)).toEqual([id]);
    await v3('DELETE', `/carts/${id}`);
    expect(sandbox.cartIds(defaultStoreHash)).toEqual([]);
    await offered(started());
    expect(sandbox.cartIds(defaultStoreHash)).toEqual([]);
    expect(() => sandbox.cartIds('nope')).toThrow("The sandbox has no store 'nope'.");
  });

  it('are forgotten by reset', async () => {
    const { sandbox, v3 } = started();
    await v3('POST', '/carts', { line_items: [{ quantity: 1, product_id: 111 }] });
    expect(sandbox.cartIds(defaultStoreHash)).toHaveLength(1);
    sandbox.reset();
    expect(sandbox.cartIds(defaultStoreHash)).toEqual([]);
  });
});

describe('pricing rules checkout.test.ts does not reach', () => {
  const flat = (name: string, rate: number, extra: Record<string, unknown> = {}) => ({
    name,
    type: 'perorder',
    settings: { rate },
    ...extra,
  });
  const started = sandboxWith({
    seed: {
      stores: [
        {
          hash: defaultStoreHash,
          token: defaultStoreToken,
          channels: [1, 2],
          zones: [
            {
              id: 1,
              name: 'US',
              type: 'country',
              locations: [{ country_iso2: 'US' }],
              methods: [flat('US A', 7)],
            },
            {
              id: 2,
              name: 'US again',
              type: 'country',
              locations: [{ country_iso2: 'US' }],
              methods: [flat('US B', 8)],
            },
            // Covers Texas but offers nothing on channel 2: a shopper there is not sent on to a broader zone.
            {
              id: 3,
              name: 'Texas',
              type: 'state',
              locations: [{ country_iso2: 'US', state_iso2: 'TX' }],
              methods: [
                flat('Texas web only', 4, { channel_ids: [1] }),
                {
                  name: 'Texas by total',
                  type: 'total',
                  settings: {
                    default_cost: 10,
                    default_cost_type: 'percentage_of_total',
                    range: [{ lower_limit: '100', upper_limit: '200', shipping_cost: '1' }],
                  },
                  channel_ids: [1],
                },
              ],
            },
            { id: 4, name: 'World', type: 'global', methods: [flat('World', 40)] },
          ],
        },
      ],
    },
  });

  it('zones of the same rank: the lowest id serves the address', async () => {
    expect(
      await offered(started(), { ...shopper, state_or_province: 'Ohio', state_or_province_code: 'OH' }),
    ).toEqual({
      'US A': 7,
    });
  });

  it('the most specific covering zone serves the address even when it offers nothing on the cart’s channel', async () => {
    expect(await offered(started(), shopper, 2)).toEqual({});
  });

  it('total: outside every range, a percentage default cost of the subtotal; ranges may be numeric strings', async () => {
    // $24 is below the only range (100–200), so 10 % of $24.
    expect(await offered(started(), shopper, 1)).toEqual({ 'Texas web only': 4, 'Texas by total': 2.4 });
  });
});
