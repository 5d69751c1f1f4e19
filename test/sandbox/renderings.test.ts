/**
 * `renderings: seed`: every method field rendered in one of its documented ways (sandbox/render.ts), drawn per
 * response from the seed. The same seed gives the same bytes; every documented rendering shows up over a few
 * seeds; the stored state never changes; and against the spec's response schema the only complaints are the
 * renderings the spec itself contradicts (listed here and in the README).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxOptionsFromArgs } from '../../sandbox/cli.ts';
import { type Sandbox, type SandboxSeed, startSandbox } from '../../sandbox/index.ts';
import { readSpecDocument, SpecValidator, shippingSpecFile } from '../../sandbox/spec-validation.ts';
import { storeCaller } from '../support/sandbox-http.ts';

const methods = [
  { id: 1, name: 'Flat', type: 'perorder', settings: { rate: 7 }, handling_fees: { fixed_surcharge: 0 } },
  {
    id: 2,
    name: 'By weight',
    type: 'weight',
    settings: {
      default_cost: 0,
      default_cost_type: 'fixed_amount',
      range: [
        { lower_limit: 0, upper_limit: 20, shipping_cost: 5 },
        { lower_limit: 20, upper_limit: 40, shipping_cost: 9.5 },
      ],
    },
  },
  {
    id: 3,
    name: 'By total',
    type: 'total',
    settings: { range: [{ lower_limit: 0, upper_limit: 50, shipping_cost: 4 }] },
    channel_ids: [1],
  },
  {
    id: 4,
    name: 'USPS',
    type: 'endicia',
    settings: {
      carrier_options: {
        show_transit_time: true,
        include_package_value: false,
        packaging_type: 'Parcel',
        delivery_services: ['MediaMail'],
      },
    },
  },
  {
    id: 5,
    name: 'Per item',
    type: 'peritem',
    settings: { rate: 2.5 },
    handling_fees: { percentage_surcharge: 3 },
  },
  { id: 6, name: 'Free', type: 'freeshipping', settings: {}, enabled: false },
  {
    id: 7,
    name: 'Royal Mail',
    type: 'royalmail',
    settings: { carrier_options: { delivery_services: ['Express24'] } },
  },
];

const seed: SandboxSeed = {
  stores: [
    {
      hash: 'store',
      token: 'token',
      channels: [1, 2],
      connections: [
        { carrier_id: 'endicia', connection: { account_id: 'a', pass_phrase: 'p' } },
        { carrier_id: 'royalmail' },
      ],
      zones: [
        { id: 1, name: 'United States', type: 'country', locations: [{ country_iso2: 'US' }], methods },
      ],
    },
  ],
};

/** The requests whose responses render methods: a list, each method alone, a PUT and a create. */
const requests: [string, string, unknown?][] = [
  ['GET', '/shipping/zones/1/methods'],
  ...methods.map(({ id }): [string, string] => ['GET', `/shipping/zones/1/methods/${id}`]),
  ['PUT', '/shipping/zones/1/methods/4', { enabled: true }],
  ['POST', '/shipping/zones/1/methods', { name: 'Flat 2', type: 'perorder', settings: { rate: 3 } }],
];

async function responseTexts(sandbox: Sandbox): Promise<string[]> {
  const call = storeCaller(sandbox.baseUrl('store'), 'token');
  const texts: string[] = [];
  for (const [method, path, body] of requests) texts.push((await call(method, path, body)).text);
  return texts;
}

const started: Sandbox[] = [];
async function start(renderings: number): Promise<Sandbox> {
  const sandbox = await startSandbox({ seed, renderings });
  started.push(sandbox);
  return sandbox;
}
afterAll(() => Promise.all(started.map((sandbox) => sandbox.close())));

describe('the same seed gives the same bytes', () => {
  it('for two sandboxes, and again after reset; another seed renders differently', async () => {
    const [first, second, other] = await Promise.all([start(7), start(7), start(8)]);
    const texts = await responseTexts(first);
    expect(await responseTexts(second)).toEqual(texts);
    first.reset();
    expect(await responseTexts(first)).toEqual(texts);
    expect(await responseTexts(other)).not.toEqual(texts);
  });
});

describe('renderings change only the response text', () => {
  it('leaves the stored state as a sandbox without renderings stores it', async () => {
    const [rendered, plain] = await Promise.all([start(3), startSandbox({ seed })]);
    started.push(plain);
    await responseTexts(rendered);
    await responseTexts(plain);
    expect(rendered.state('store')).toEqual(plain.state('store'));
  });
});

type Body = Record<string, unknown>;

/** Every response body of `requests` over seeds 1..n, methods flattened out of the lists. */
async function renderedMethods(seeds: number): Promise<{ view: string; type: unknown; body: Body }[]> {
  const seen: { view: string; type: unknown; body: Body }[] = [];
  for (let renderSeed = 1; renderSeed <= seeds; renderSeed += 1) {
    const texts = await responseTexts(await start(renderSeed));
    texts.forEach((text, index) => {
      const [method, path] = requests[index] ?? [];
      const view = method === 'GET' ? (path?.endsWith('/methods') ? 'list' : 'single') : String(method);
      const parsed = JSON.parse(text) as Body | Body[];
      for (const body of Array.isArray(parsed) ? parsed : [parsed])
        seen.push({ view, type: body.type, body });
    });
  }
  return seen;
}

describe('every documented rendering shows up', () => {
  let seen: { view: string; type: unknown; body: Body }[] = [];
  beforeAll(async () => {
    seen = await renderedMethods(24);
  });
  const values = (
    pick: (body: Body) => unknown,
    filter: (entry: (typeof seen)[number]) => boolean = () => true,
  ) => new Set(seen.filter(filter).map(({ body }) => JSON.stringify(pick(body)) ?? 'omitted'));
  const options = (body: Body) => (body.settings as Body).carrier_options as Body | undefined;

  it('ids as numbers and strings', () => {
    expect(values((body) => typeof body.id)).toEqual(new Set(['"number"', '"string"']));
  });

  it('settings: {} on a single GET of a weight or total method, never in a list of them', () => {
    const rangeSettings = (view: string) =>
      values(
        (body) => Object.keys(body.settings as Body).length === 0,
        (entry) => entry.view === view && (entry.type === 'weight' || entry.type === 'total'),
      );
    expect(rangeSettings('single')).toEqual(new Set(['true', 'false']));
    expect(rangeSettings('list')).toEqual(new Set(['false']));
  });

  it('default_cost 0 or unset as null, "0.0000", 0 or omitted', () => {
    const defaultCosts = values(
      (body) => (body.settings as Body).default_cost,
      ({ type, body }) =>
        (type === 'weight' || type === 'total') && Object.keys(body.settings as Body).length > 0,
    );
    expect(defaultCosts).toEqual(new Set(['null', '"0.0000"', '0', 'omitted']));
  });

  it('enabled and is_fallback as booleans, "true"/"false" strings, or omitted at their default', () => {
    expect(values((body) => body.enabled)).toEqual(
      new Set(['true', '"true"', 'false', '"false"', 'omitted']),
    );
    expect(
      values(
        (body) => body.enabled,
        ({ type }) => type === 'freeshipping',
      ),
    ).toEqual(new Set(['false', '"false"']));
    expect(values((body) => body.is_fallback)).toEqual(new Set(['false', '"false"', 'omitted']));
  });

  it('carrier flags as true/"1", and false as false, "0", "" or omitted', () => {
    const endicia = (entry: (typeof seen)[number]) =>
      entry.type === 'endicia' && options(entry.body) !== undefined;
    expect(values((body) => options(body)?.show_transit_time, endicia)).toEqual(new Set(['true', '"1"']));
    expect(values((body) => options(body)?.include_package_value, endicia)).toEqual(
      new Set(['false', '"0"', '""', 'omitted']),
    );
  });

  it('one delivery service as an array or { value }, in PUT responses and GETs alike', () => {
    for (const view of ['PUT', 'single']) {
      const services = values(
        (body) => options(body)?.delivery_services,
        (entry) => entry.view === view && entry.type === 'endicia',
      );
      expect(services).toEqual(new Set(['["MediaMail"]', '{"value":"MediaMail"}']));
    }
  });

  it('channel_ids omitted only for a method on every channel of the store', () => {
    expect(
      values(
        (body) => body.channel_ids,
        ({ type }) => type === 'perorder',
      ),
    ).toEqual(new Set(['[1,2]', 'omitted']));
    expect(
      values(
        (body) => body.channel_ids,
        ({ type }) => type === 'total',
      ),
    ).toEqual(new Set(['[1]']));
  });

  it('amounts as numbers, plain strings and four-decimal strings', () => {
    const rate = values(
      (body) => (body.settings as Body).rate,
      ({ body }) => body.name === 'Flat',
    );
    expect(rate).toEqual(new Set(['7', '"7"', '"7.0000"']));
    const fee = values(
      (body) => (body.handling_fees as Body).percentage_surcharge,
      ({ type }) => type === 'peritem',
    );
    expect(fee).toEqual(new Set(['3', '"3"', '"3.0000"']));
    const cost = values(
      (body) => ((body.settings as Body).range as Body[] | undefined)?.[1]?.shipping_cost,
      ({ type, body }) => type === 'weight' && Object.keys(body.settings as Body).length > 0,
    );
    expect(cost).toEqual(new Set(['9.5', '"9.5"', '"9.5000"']));
  });

  it('royalmail with settings: {} in a list or in full; packaging echoed or not', () => {
    const royal = values(
      (body) => Object.keys(body.settings as Body).length === 0,
      (entry) => entry.view === 'list' && entry.type === 'royalmail',
    );
    expect(royal).toEqual(new Set(['true', 'false']));
    const packaging = values(
      (body) => options(body)?.packaging,
      ({ type }) => type === 'endicia',
    );
    expect(packaging).toEqual(new Set(['"Parcel"', 'omitted']));
  });
});

/**
 * The renderings the spec's response schema types otherwise (shippingMethod_Full): integer ids, boolean
 * `enabled` and `is_fallback`, and a number `settings.rate`. BigCommerce renders them as strings all the same
 * (REFERENCE.md §1.5); nothing else may fail the schema. String surcharges pass: `handling_fees` is an anyOf of
 * two objects neither of which requires its key, so `{ "fixed_surcharge": "0" }` matches the percentage one.
 */
const contradictedBySpec = [/^\/id$/, /^\/enabled$/, /^\/is_fallback$/, /^\/settings\/rate$/];

describe('against the spec response schema', () => {
  let spec: SpecValidator;
  beforeAll(async () => {
    spec = await SpecValidator.create(readSpecDocument(shippingSpecFile));
  });

  it('the only complaints are the renderings the spec contradicts, and each of them shows up', async () => {
    const unexplained: string[] = [];
    const contradicted = new Set<string>();
    for (let renderSeed = 1; renderSeed <= 16; renderSeed += 1) {
      const call = storeCaller((await start(renderSeed)).baseUrl('store'), 'token');
      for (const [method, path, body] of requests) {
        const response = await call(method, path, body);
        const operationId = operationOf(method, path);
        for (const error of spec.validateResponse(operationId, response.status, response.json)) {
          const where = error.instancePath.replace(/^\/\d+/, '');
          if (contradictedBySpec.some((pattern) => pattern.test(where)))
            contradicted.add(where.split('/')[1] ?? '');
          else unexplained.push(`${operationId} ${where} ${error.message}`);
        }
      }
    }
    expect(unexplained).toEqual([]);
    expect(contradicted).toEqual(new Set(['id', 'enabled', 'is_fallback', 'settings']));
  });
});

function operationOf(method: string, path: string): string {
  if (method === 'POST') return 'createShippingMethod';
  if (method === 'PUT') return 'updateShippingMethod';
  return path.endsWith('/methods') ? 'getShippingZoneMethods' : 'getShippingMethod';
}

describe('choosing renderings', () => {
  it('--renderings SEED on the command line', () => {
    expect(sandboxOptionsFromArgs(['--renderings', '42']).renderings).toBe(42);
    expect(sandboxOptionsFromArgs([]).renderings).toBeUndefined();
    expect(() => sandboxOptionsFromArgs(['--renderings', 'x'])).toThrow(
      "--renderings must be an integer >= 0, got 'x'",
    );
  });

  it('refuses renderings with strict, and a seed that is not an integer', async () => {
    await expect(startSandbox({ strict: true, renderings: 1 })).rejects.toThrow(
      'strict and renderings exclude each other',
    );
    await expect(startSandbox({ renderings: 1.5 })).rejects.toThrow('renderings must be an integer seed');
  });
});
