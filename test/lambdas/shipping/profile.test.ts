import { describe, expect, it } from 'vitest';
import { InvalidProfile } from '../../../lambdas/shipping/errors.ts';
import {
  describeZoneEntry,
  desiredMethod,
  type ProfileMethod,
  parseProfile,
} from '../../../lambdas/shipping/profile.ts';

const flatRate = { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } };
const usps = {
  name: 'USPS',
  type: 'endicia',
  settings: { carrier_options: { delivery_services: ['PriorityExpress', 'MediaMail'] } },
};

const validProfile = () => ({
  name: 'us-standard',
  units: { currency: 'USD' } as { currency: string; weight?: string },
  carriers: [{ id: 'endicia' }],
  zones: [{ match: { name: 'United States' }, methods: [structuredClone(usps), structuredClone(flatRate)] }],
});

const issuesOf = (input: unknown) => {
  try {
    parseProfile(input);
  } catch (error) {
    if (error instanceof InvalidProfile) return error.issues;
    throw error;
  }
  throw new Error('the profile was accepted');
};

describe('parseProfile on valid profiles', () => {
  it('fills the defaults: no carriers, prune off, methods enabled', () => {
    const profile = parseProfile({
      name: 'flat',
      units: { currency: 'USD' },
      zones: [{ match: { id: 1 }, methods: [flatRate] }],
    });

    expect(profile.carriers).toEqual([]);
    expect(profile.prune).toBe(false);
    expect(profile.zones[0]?.methods[0]?.enabled).toBe(true);
  });

  it('accepts the example of DESIGN.md', () => {
    const profile = parseProfile({
      name: 'us-standard',
      units: { currency: 'USD' },
      carriers: [{ id: 'endicia' }],
      zones: [
        {
          match: { name: 'United States' },
          methods: [
            { ...usps, enabled: true },
            { ...flatRate, handling_fees: { fixed_surcharge: 0 } },
          ],
        },
      ],
      prune: false,
    });

    expect(profile.zones[0]?.methods.map((method) => method.type)).toEqual(['endicia', 'perorder']);
  });

  it.each([
    [{ id: 3 }, { id: 3 }],
    [{ name: 'Canada' }, { name: 'Canada' }],
    [{ country: 'US' }, { country: 'US' }],
    [
      { country: 'US', state: 'TX' },
      { country: 'US', state: 'TX' },
    ],
  ])('accepts the zone selector %j', (match, expected) => {
    const profile = parseProfile({ name: 'p', zones: [{ match, methods: [] }] });

    expect(profile.zones[0]?.match).toEqual(expected);
  });

  it('accepts free shipping with no settings, and gives it empty settings', () => {
    const profile = parseProfile({
      name: 'p',
      units: { currency: 'USD' },
      zones: [{ match: { id: 1 }, methods: [{ name: 'Free', type: 'freeshipping' }] }],
    });

    expect(profile.zones[0]?.methods[0]?.settings).toEqual({});
  });

  it('accepts free-form options for an app carrier connected as carrier_{id}', () => {
    const appMethod = {
      name: 'App',
      type: 'carrier_33',
      settings: { carrier_options: { account_id: 'a1ty' } },
    };
    const profile = parseProfile({
      name: 'p',
      units: { currency: 'USD' },
      carriers: [{ id: 'carrier_33' }],
      zones: [{ match: { id: 1 }, methods: [appMethod] }],
    });

    expect(profile.zones[0]?.methods[0]?.settings).toEqual({ carrier_options: { account_id: 'a1ty' } });
  });

  it('accepts ranges given out of order as long as they do not overlap', () => {
    const range = [
      { lower_limit: 20, upper_limit: 40, shipping_cost: 4 },
      { lower_limit: 0, upper_limit: 20, shipping_cost: 8 },
    ];

    expect(() =>
      parseProfile({
        name: 'p',
        units: { currency: 'USD', weight: 'lb' },
        zones: [{ match: { id: 1 }, methods: [{ name: 'W', type: 'weight', settings: { range } }] }],
      }),
    ).not.toThrow();
  });

  it.each(['carrier_33', 'carrier_acme_freight', 'example_carrier', 'dhl'])(
    'accepts the app carrier id %s',
    (id) => {
      const profile = parseProfile({
        name: 'p',
        units: { currency: 'USD' },
        carriers: [{ id }],
        zones: [{ match: { id: 1 }, methods: [{ name: 'App', type: id }] }],
      });

      expect(profile.zones[0]?.methods[0]?.type).toBe(id);
    },
  );

  it('accepts amounts just below 10^16, and more than 4 decimals (BigCommerce rounds them)', () => {
    const profile = parseProfile({
      name: 'p',
      units: { currency: 'USD' },
      zones: [{ match: { id: 1 }, methods: [{ ...flatRate, settings: { rate: 9_999_999_999_999_998 } }] }],
    });
    const fine = parseProfile({
      name: 'p',
      units: { currency: 'USD' },
      zones: [{ match: { id: 1 }, methods: [{ ...flatRate, settings: { rate: 7.123456 } }] }],
    });

    expect(profile.zones[0]?.methods[0]?.settings).toEqual({ rate: 9_999_999_999_999_998 });
    expect(fine.zones[0]?.methods[0]?.settings).toEqual({ rate: 7.123456 });
  });

  it('accepts a name of 100 characters, a percentage of 100 and non-Latin names', () => {
    const name = 'é'.repeat(100);
    const profile = parseProfile({
      name: 'p',
      units: { currency: 'EUR' },
      zones: [
        {
          match: { name: 'Österreich' },
          methods: [
            { ...flatRate, name, handling_fees: { percentage_surcharge: 100 } },
            { ...flatRate, name: 'שליח' },
          ],
        },
      ],
    });

    expect(profile.zones[0]?.methods.map((method) => method.name)).toEqual([name, 'שליח']);
  });

  it('needs no units when no zone has methods', () => {
    expect(parseProfile({ name: 'p', zones: [{ match: { id: 1 }, methods: [] }] }).units).toBeUndefined();
  });

  it('keeps the units as written', () => {
    const profile = parseProfile({
      name: 'p',
      units: { currency: 'USD', weight: 'oz' },
      zones: [{ match: { id: 1 }, methods: [flatRate] }],
    });

    expect(profile.units).toEqual({ currency: 'USD', weight: 'oz' });
  });

  it('trims method names, since identity compares trimmed names', () => {
    const profile = parseProfile({
      name: 'p',
      units: { currency: 'USD' },
      zones: [{ match: { id: 1 }, methods: [{ ...flatRate, name: ' Flat Rate ' }] }],
    });

    expect(profile.zones[0]?.methods[0]?.name).toBe('Flat Rate');
  });
});

describe('parseProfile on methods with channels', () => {
  it('accepts one method of a type and name per channel set, and one without channels', () => {
    const profile = parseProfile({
      name: 'per-channel',
      units: { currency: 'USD' },
      zones: [
        {
          match: { id: 1 },
          methods: [
            { ...flatRate, channel_ids: [1] },
            { ...flatRate, channel_ids: [2] },
            { ...flatRate, channel_ids: [1, 2] },
            flatRate,
          ],
        },
      ],
    });

    expect(profile.zones[0]?.methods.map((method) => method.channel_ids)).toEqual([
      [1],
      [2],
      [1, 2],
      undefined,
    ]);
  });
});

describe('parseProfile on invalid profiles', () => {
  type Mutation = (profile: ReturnType<typeof validProfile>) => unknown;
  const method = (profile: ReturnType<typeof validProfile>, index: number) =>
    profile.zones[0]!.methods[index] as Record<string, unknown>;
  const withMethod =
    (extra: Record<string, unknown>): Mutation =>
    (p) => {
      p.zones[0]!.methods.push(extra as never);
      return p;
    };
  const weight = (range: unknown, extra: Record<string, unknown> = {}) => ({
    name: 'Weight',
    type: 'weight',
    settings: { range, ...extra },
  });

  const cases: [string, Mutation, string, string][] = [
    ['a name that is not a slug', (p) => ({ ...p, name: 'US Standard' }), 'name', 'must be a slug'],
    ['a missing name', ({ name: _, ...rest }) => rest, 'name', 'is required'],
    ['an unknown top-level field', (p) => ({ ...p, owner: 'me' }), 'owner', 'unknown field'],
    ['no zones', (p) => ({ ...p, zones: [] }), 'zones', 'must not be empty'],
    ['zones that are not a list', (p) => ({ ...p, zones: { match: { id: 1 } } }), 'zones', 'must be a list'],
    ['prune that is not a boolean', (p) => ({ ...p, prune: 'yes' }), 'prune', 'must be true or false'],
    [
      'an unknown carrier',
      (p) => ({ ...p, carriers: [{ id: 'DHL' }] }),
      'carriers[0].id',
      'unknown carrier "DHL"',
    ],
    [
      'the same carrier twice',
      (p) => ({ ...p, carriers: [{ id: 'endicia' }, { id: 'endicia' }] }),
      'carriers[1].id',
      'duplicates carriers[0]',
    ],
    [
      'an unknown field in a carrier',
      (p) => ({ ...p, carriers: [{ id: 'endicia', key: 'x' }] }),
      'carriers[0].key',
      'unknown field',
    ],
    [
      'a selector with two shapes',
      (p) => {
        p.zones[0]!.match = { id: 1, name: 'US' } as never;
        return p;
      },
      'zones[0].match',
      'must be exactly one of',
    ],
    [
      'an empty selector',
      (p) => {
        p.zones[0]!.match = {} as never;
        return p;
      },
      'zones[0].match',
      'must be exactly one of',
    ],
    [
      'a state without a country',
      (p) => {
        p.zones[0]!.match = { state: 'TX' } as never;
        return p;
      },
      'zones[0].match',
      'must be exactly one of',
    ],
    [
      'a lowercase country code',
      (p) => {
        p.zones[0]!.match = { country: 'us' } as never;
        return p;
      },
      'zones[0].match.country',
      'ISO 3166-1 alpha-2',
    ],
    [
      'a zero zone id',
      (p) => {
        p.zones[0]!.match = { id: 0 } as never;
        return p;
      },
      'zones[0].match.id',
      'must be > 0',
    ],
    [
      'an unknown selector field',
      (p) => {
        p.zones[0]!.match = { zip: '10001' } as never;
        return p;
      },
      'zones[0].match.zip',
      'unknown field',
    ],
    [
      'the same zone selector twice',
      (p) => ({ ...p, zones: [p.zones[0], { match: { name: ' united states' }, methods: [] }] }),
      'zones[1].match',
      'same zone selector as zones[0].match',
    ],
    [
      'an unknown field in a zone',
      (p) => {
        Object.assign(p.zones[0]!, { enabled: true });
        return p;
      },
      'zones[0].enabled',
      'unknown field',
    ],
    [
      'an unknown method type',
      withMethod({ name: 'DHL', type: 'DHL', settings: {} }),
      'zones[0].methods[2].type',
      'unknown method type "DHL"',
    ],
    [
      'an empty method name',
      (p) => {
        method(p, 1).name = '  ';
        return p;
      },
      'zones[0].methods[1].name',
      'must not be empty',
    ],
    [
      'a negative rate',
      (p) => {
        method(p, 1).settings = { rate: -1 };
        return p;
      },
      'zones[0].methods[1].settings.rate',
      'must be >= 0',
    ],
    [
      'a rate given as text',
      (p) => {
        method(p, 1).settings = { rate: '7' };
        return p;
      },
      'zones[0].methods[1].settings.rate',
      'must be a number',
    ],
    [
      'a missing rate',
      (p) => {
        method(p, 1).settings = {};
        return p;
      },
      'zones[0].methods[1].settings.rate',
      'is required',
    ],
    [
      'missing settings',
      (p) => {
        delete method(p, 1).settings;
        return p;
      },
      'zones[0].methods[1].settings',
      'is required',
    ],
    [
      'an unknown settings field',
      (p) => {
        method(p, 1).settings = { rate: 7, currency: 'USD' };
        return p;
      },
      'zones[0].methods[1].settings.currency',
      'unknown field',
    ],
    [
      'an unknown method field',
      (p) => {
        method(p, 1).priority = 1;
        return p;
      },
      'zones[0].methods[1].priority',
      'unknown field',
    ],
    [
      'enabled given as text',
      (p) => {
        method(p, 1).enabled = 'yes';
        return p;
      },
      'zones[0].methods[1].enabled',
      'must be true or false',
    ],
    [
      'an inverted range',
      withMethod(weight([{ lower_limit: 10, upper_limit: 5, shipping_cost: 1 }])),
      'zones[0].methods[2].settings.range[0].upper_limit',
      'must be greater than lower_limit (10)',
    ],
    [
      'an empty range',
      withMethod(weight([{ lower_limit: 5, upper_limit: 5, shipping_cost: 1 }])),
      'zones[0].methods[2].settings.range[0].upper_limit',
      'must be greater than lower_limit (5)',
    ],
    [
      'overlapping ranges',
      withMethod(
        weight([
          { lower_limit: 0, upper_limit: 10, shipping_cost: 1 },
          { lower_limit: 5, upper_limit: 20, shipping_cost: 2 },
        ]),
      ),
      'zones[0].methods[2].settings.range[1]',
      'overlaps range[0] (0–10)',
    ],
    [
      'overlapping ranges listed out of order',
      withMethod(
        weight([
          { lower_limit: 5, upper_limit: 20, shipping_cost: 2 },
          { lower_limit: 0, upper_limit: 10, shipping_cost: 1 },
        ]),
      ),
      'zones[0].methods[2].settings.range[1]',
      'overlaps range[0] (5–20)',
    ],
    ['no ranges', withMethod(weight([])), 'zones[0].methods[2].settings.range', 'must not be empty'],
    [
      'a negative shipping cost',
      withMethod(weight([{ lower_limit: 0, upper_limit: 10, shipping_cost: -1 }])),
      'zones[0].methods[2].settings.range[0].shipping_cost',
      'must be >= 0',
    ],
    [
      'a negative default cost',
      withMethod(weight([{ lower_limit: 0, upper_limit: 10, shipping_cost: 1 }], { default_cost: -2 })),
      'zones[0].methods[2].settings.default_cost',
      'must be >= 0',
    ],
    [
      'an unknown default cost type',
      withMethod(
        weight([{ lower_limit: 0, upper_limit: 10, shipping_cost: 1 }], { default_cost_type: 'flat' }),
      ),
      'zones[0].methods[2].settings.default_cost_type',
      'must be one of: percentage_of_total, fixed_amount',
    ],
    [
      'a range without shipping_cost',
      withMethod(weight([{ lower_limit: 0, upper_limit: 10 }])),
      'zones[0].methods[2].settings.range[0].shipping_cost',
      'is required',
    ],
    [
      'a delivery service the carrier does not offer',
      (p) => {
        method(p, 0).settings = { carrier_options: { delivery_services: ['Ground'] } };
        return p;
      },
      'zones[0].methods[0].settings.carrier_options.delivery_services[0]',
      '"Ground" is not a delivery service of endicia',
    ],
    [
      'a delivery service listed twice',
      (p) => {
        method(p, 0).settings = { carrier_options: { delivery_services: ['First', 'First'] } };
        return p;
      },
      'zones[0].methods[0].settings.carrier_options.delivery_services[1]',
      'listed twice',
    ],
    [
      'no delivery services',
      (p) => {
        method(p, 0).settings = { carrier_options: { delivery_services: [] } };
        return p;
      },
      'zones[0].methods[0].settings.carrier_options.delivery_services',
      'must not be empty',
    ],
    [
      'a single delivery service not in a list',
      (p) => {
        method(p, 0).settings = { carrier_options: { delivery_services: 'First' } };
        return p;
      },
      'zones[0].methods[0].settings.carrier_options.delivery_services',
      'must be a list',
    ],
    [
      'an unknown carrier option',
      (p) => {
        method(p, 0).settings = { carrier_options: { delivery_services: ['First'], rate_type: 'LIST' } };
        return p;
      },
      'zones[0].methods[0].settings.carrier_options.rate_type',
      'unknown field',
    ],
    [
      'a packaging type the carrier does not take',
      (p) => {
        method(p, 0).settings = {
          carrier_options: { delivery_services: ['First'], packaging_type: 'FEDEX_BOX' },
        };
        return p;
      },
      'zones[0].methods[0].settings.carrier_options.packaging_type',
      'must be one of: FlatRateLegalEnvelope',
    ],
    [
      'a flag given as "1"',
      (p) => {
        method(p, 0).settings = { carrier_options: { delivery_services: ['First'], show_transit_time: '1' } };
        return p;
      },
      'zones[0].methods[0].settings.carrier_options.show_transit_time',
      'must be true or false',
    ],
    [
      'carrier settings without carrier_options',
      (p) => {
        method(p, 0).settings = { delivery_services: ['First'] };
        return p;
      },
      'zones[0].methods[0].settings.delivery_services',
      'unknown field',
    ],
    [
      'UPS packing method in FedEx case',
      (p) => ({
        ...p,
        carriers: [{ id: 'upsready' }],
        zones: [
          {
            match: { id: 1 },
            methods: [
              {
                name: 'UPS',
                type: 'upsready',
                settings: { carrier_options: { delivery_services: ['Ground'], packing_method: 'SEPARATE' } },
              },
            ],
          },
        ],
      }),
      'zones[0].methods[0].settings.carrier_options.packing_method',
      'must be one of: separate, combined',
    ],
    [
      'the same type and name twice in a zone',
      withMethod(structuredClone(flatRate)),
      'zones[0].methods[2]',
      'same type and name as methods[1] (perorder "Flat Rate")',
    ],
    [
      'the same type, name and channels twice in a zone',
      (p) => {
        method(p, 1).channel_ids = [2, 1];
        p.zones[0]!.methods.push({ ...structuredClone(flatRate), channel_ids: [1, 2] } as never);
        return p;
      },
      'zones[0].methods[2]',
      'same type, name and channels as methods[1] (perorder "Flat Rate" on channels [1, 2])',
    ],
    [
      'a carrier method whose carrier is not connected',
      (p) => ({ ...p, carriers: [] }),
      'zones[0].methods[0].type',
      'carrier endicia is not listed in carriers',
    ],
    [
      'an app carrier method whose carrier is not connected',
      withMethod({ name: 'App', type: 'carrier_33' }),
      'zones[0].methods[2].type',
      'carrier carrier_33 is not listed in carriers',
    ],
    [
      'settings on free shipping',
      withMethod({ name: 'Free', type: 'freeshipping', settings: { minimum: 50 } }),
      'zones[0].methods[2].settings.minimum',
      'unknown field',
    ],
    [
      'free shipping limited to channels',
      withMethod({ name: 'Free', type: 'freeshipping', channel_ids: [1] }),
      'zones[0].methods[2].channel_ids',
      'free shipping cannot be limited to channels',
    ],
    [
      'a handling fee with both kinds',
      (p) => {
        method(p, 1).handling_fees = { fixed_surcharge: 1, percentage_surcharge: 2 };
        return p;
      },
      'zones[0].methods[1].handling_fees',
      'exactly one of fixed_surcharge or percentage_surcharge',
    ],
    [
      'an empty handling fee',
      (p) => {
        method(p, 1).handling_fees = {};
        return p;
      },
      'zones[0].methods[1].handling_fees',
      'exactly one of fixed_surcharge or percentage_surcharge',
    ],
    [
      'a negative handling fee',
      (p) => {
        method(p, 1).handling_fees = { percentage_surcharge: -5 };
        return p;
      },
      'zones[0].methods[1].handling_fees.percentage_surcharge',
      'must be >= 0',
    ],
    [
      'a handling fee of an unknown kind',
      (p) => {
        method(p, 1).handling_fees = { display_separately: true };
        return p;
      },
      'zones[0].methods[1].handling_fees.display_separately',
      'unknown field',
    ],
    [
      'a zero channel id',
      (p) => {
        method(p, 1).channel_ids = [0];
        return p;
      },
      'zones[0].methods[1].channel_ids[0]',
      'must be > 0',
    ],
    [
      'a fractional channel id',
      (p) => {
        method(p, 1).channel_ids = [1.5];
        return p;
      },
      'zones[0].methods[1].channel_ids[0]',
      'must be an integer',
    ],
    [
      'an empty channel list',
      (p) => {
        method(p, 1).channel_ids = [];
        return p;
      },
      'zones[0].methods[1].channel_ids',
      'must not be empty',
    ],
    [
      'a channel listed twice',
      (p) => {
        method(p, 1).channel_ids = [1, 2, 1];
        return p;
      },
      'zones[0].methods[1].channel_ids[2]',
      'channel 1 is listed twice',
    ],
    [
      'is_fallback given as text',
      (p) => {
        method(p, 1).is_fallback = 'false';
        return p;
      },
      'zones[0].methods[1].is_fallback',
      'must be true or false',
    ],
  ];

  it.each(cases)('rejects %s, naming the field', (_, mutate, path, message) => {
    const issues = issuesOf(mutate(validProfile()));

    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  const rename =
    (name: string): Mutation =>
    (p) => {
      method(p, 1).name = name;
      return p;
    };
  const rate =
    (value: number): Mutation =>
    (p) => {
      method(p, 1).settings = { rate: value };
      return p;
    };
  const oneRange = (range: Record<string, number>, extra: Record<string, unknown> = {}) =>
    withMethod({
      name: 'Total',
      type: 'total',
      settings: { range: [{ lower_limit: 0, upper_limit: 10, shipping_cost: 1, ...range }], ...extra },
    });
  const withCheckout =
    (entry: Record<string, unknown>): Mutation =>
    (p) => ({
      ...p,
      checkout: [
        {
          address: { country: 'US' },
          items: [{ sku: 'SAMPLE-MUG', quantity: 1 }],
          expect: [{ method: 'Flat Rate', cost: 7 }],
          ...entry,
        },
      ],
    });
  const rates = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      name: `Rate ${index}`,
      type: 'perorder',
      settings: { rate: 1 },
    }));
  const long = 'x'.repeat(101);

  const limitCases: [string, Mutation, string, string][] = [
    // Units
    [
      'methods without units',
      ({ units: _, ...rest }) => rest,
      'units',
      'is required when the profile has methods',
    ],
    ['units without a currency', (p) => ({ ...p, units: {} }), 'units.currency', 'is required'],
    ['a lowercase currency', (p) => ({ ...p, units: { currency: 'usd' } }), 'units.currency', 'ISO 4217'],
    ['a currency name', (p) => ({ ...p, units: { currency: 'US Dollar' } }), 'units.currency', 'ISO 4217'],
    [
      'a weight unit BigCommerce spells',
      (p) => ({ ...p, units: { currency: 'USD', weight: 'LBS' } }),
      'units.weight',
      'must be one of: oz, lb, kg, g',
    ],
    [
      'an unknown field in units',
      (p) => ({ ...p, units: { currency: 'USD', dimension: 'in' } }),
      'units.dimension',
      'unknown field',
    ],
    [
      'a weight method without a weight unit',
      withMethod(weight([{ lower_limit: 0, upper_limit: 10, shipping_cost: 1 }])),
      'units.weight',
      'is required when a method is of type weight (zones[0].methods[2])',
    ],
    // Amounts: BigCommerce holds DECIMAL(20,4)
    ['a rate of 10^16', rate(1e16), 'zones[0].methods[1].settings.rate', 'must be < 10^16'],
    ['a rate of 1e308', rate(1e308), 'zones[0].methods[1].settings.rate', 'DECIMAL(20,4)'],
    [
      'an infinite rate',
      rate(Number.POSITIVE_INFINITY),
      'zones[0].methods[1].settings.rate',
      'must be a finite number',
    ],
    [
      'a rate that is not a number',
      rate(Number.NaN),
      'zones[0].methods[1].settings.rate',
      'must be a finite number',
    ],
    [
      'a shipping cost of 1e17',
      oneRange({ shipping_cost: 1e17 }),
      'zones[0].methods[2].settings.range[0].shipping_cost',
      'must be < 10^16',
    ],
    [
      'an upper limit of 10^16',
      oneRange({ upper_limit: 1e16 }),
      'zones[0].methods[2].settings.range[0].upper_limit',
      'must be < 10^16',
    ],
    [
      'an infinite upper limit',
      oneRange({ upper_limit: Number.POSITIVE_INFINITY }),
      'zones[0].methods[2].settings.range[0].upper_limit',
      'must be a finite number',
    ],
    [
      'a lower limit of minus infinity',
      oneRange({ lower_limit: Number.NEGATIVE_INFINITY }),
      'zones[0].methods[2].settings.range[0].lower_limit',
      'must be a finite number',
    ],
    [
      'a default cost of 1e20',
      oneRange({}, { default_cost: 1e20 }),
      'zones[0].methods[2].settings.default_cost',
      'must be < 10^16',
    ],
    [
      'a percentage default cost over 100',
      oneRange({}, { default_cost: 150, default_cost_type: 'percentage_of_total' }),
      'zones[0].methods[2].settings.default_cost',
      'must be <= 100 (a percentage) of the total',
    ],
    [
      'a fixed surcharge of 10^16',
      (p) => {
        method(p, 1).handling_fees = { fixed_surcharge: 1e16 };
        return p;
      },
      'zones[0].methods[1].handling_fees.fixed_surcharge',
      'must be < 10^16',
    ],
    [
      'a percentage surcharge over 100',
      (p) => {
        method(p, 1).handling_fees = { percentage_surcharge: 101 };
        return p;
      },
      'zones[0].methods[1].handling_fees.percentage_surcharge',
      'must be <= 100 (a percentage)',
    ],
    [
      'an expected checkout cost of 10^16',
      withCheckout({ expect: [{ method: 'Flat Rate', cost: { min: 0, max: 1e16 } }] }),
      'checkout[0].expect[0].cost.max',
      'must be < 10^16',
    ],
    // Names: at most 100 characters, no control or bidi characters
    [
      'a method name of 101 characters',
      rename(long),
      'zones[0].methods[1].name',
      'must be at most 100 characters',
    ],
    [
      'a method name of 10,000 characters',
      rename('x'.repeat(10_000)),
      'zones[0].methods[1].name',
      'must be at most 100 characters',
    ],
    [
      'a method name with NUL',
      rename('Flat\u0000Rate'),
      'zones[0].methods[1].name',
      'control characters (U+0000 at position 4)',
    ],
    [
      'a method name with an ANSI escape',
      rename('\u001b[31mFlat Rate'),
      'zones[0].methods[1].name',
      'control characters (U+001B',
    ],
    [
      'a method name with a line break inside',
      rename('Flat\nRate'),
      'zones[0].methods[1].name',
      'control characters (U+000A',
    ],
    [
      'a method name with a tab inside',
      rename('Flat\tRate'),
      'zones[0].methods[1].name',
      'control characters (U+0009',
    ],
    [
      'a method name with DEL',
      rename('Flat\u007fRate'),
      'zones[0].methods[1].name',
      'control characters (U+007F',
    ],
    [
      'a method name with a C1 control',
      rename('Flat\u0085Rate'),
      'zones[0].methods[1].name',
      'control characters (U+0085',
    ],
    [
      'a method name with a right-to-left override',
      rename('Flat \u202eetaR'),
      'zones[0].methods[1].name',
      'bidirectional override or isolate characters (U+202E at position 5)',
    ],
    [
      'a method name with a left-to-right embedding',
      rename('\u202aFlat Rate'),
      'zones[0].methods[1].name',
      'bidirectional override or isolate characters (U+202A',
    ],
    [
      'a method name with a first-strong isolate',
      rename('Flat \u2068Rate'),
      'zones[0].methods[1].name',
      'bidirectional override or isolate characters (U+2068',
    ],
    [
      'a method name with a pop directional isolate',
      rename('Flat Rate\u2069!'),
      'zones[0].methods[1].name',
      'bidirectional override or isolate characters (U+2069',
    ],
    [
      'a zone name of 101 characters',
      (p) => {
        p.zones[0]!.match = { name: long } as never;
        return p;
      },
      'zones[0].match.name',
      'must be at most 100 characters',
    ],
    [
      'a zone name with a right-to-left override',
      (p) => {
        p.zones[0]!.match = { name: 'United \u202eStates' } as never;
        return p;
      },
      'zones[0].match.name',
      'bidirectional override or isolate characters (U+202E',
    ],
    [
      'a description of 101 characters',
      (p) => ({ ...p, description: long }),
      'description',
      'must be at most 100 characters',
    ],
    [
      'a description with an ANSI escape',
      (p) => ({ ...p, description: '\u001b[2JFlat rate' }),
      'description',
      'control characters (U+001B',
    ],
    [
      'a checkout label with a control character',
      withCheckout({ name: 'Austin\u0007' }),
      'checkout[0].name',
      'control characters (U+0007',
    ],
    [
      'an expected method name with a bidi isolate',
      withCheckout({ expect: [{ method: 'Flat \u2066Rate', cost: 7 }] }),
      'checkout[0].expect[0].method',
      'bidirectional override or isolate characters (U+2066',
    ],
    [
      'an absent method name of 101 characters',
      withCheckout({ absent: [long] }),
      'checkout[0].absent[0]',
      'must be at most 100 characters',
    ],
    // Caps
    [
      '251 methods in a zone',
      (p) => {
        p.zones[0]!.methods = rates(251) as never;
        return p;
      },
      'zones[0].methods',
      'must have at most 250 methods per zone',
    ],
    [
      '251 zones',
      (p) => ({
        ...p,
        zones: Array.from({ length: 251 }, (_, id) => ({ match: { id: id + 1 }, methods: [] })),
      }),
      'zones',
      'must have at most 250 zones',
    ],
    // Carrier ids: app carriers, not typos of native ones
    [
      'a typo of fedex as a carrier',
      (p) => ({ ...p, carriers: [{ id: 'fedx' }] }),
      'carriers[0].id',
      'unknown carrier "fedx" (a typo of fedex?)',
    ],
    [
      'a typo of endicia as a carrier',
      (p) => ({ ...p, carriers: [{ id: 'endica' }] }),
      'carriers[0].id',
      '(a typo of endicia?)',
    ],
    [
      'a typo of usps as a carrier',
      (p) => ({ ...p, carriers: [{ id: 'usp' }] }),
      'carriers[0].id',
      '(a typo of usps?)',
    ],
    [
      'a carrier id in capitals',
      (p) => ({ ...p, carriers: [{ id: 'Carrier_33' }] }),
      'carriers[0].id',
      'unknown carrier "Carrier_33"',
    ],
    [
      'the bare carrier_ prefix',
      (p) => ({ ...p, carriers: [{ id: 'carrier_' }] }),
      'carriers[0].id',
      'unknown carrier "carrier_"',
    ],
    [
      'a hyphenated carrier id',
      (p) => ({ ...p, carriers: [{ id: 'example-carrier' }] }),
      'carriers[0].id',
      'unknown carrier "example-carrier"',
    ],
    [
      'a typo of fedex as a method type',
      withMethod({ name: 'FedEx', type: 'fedx' }),
      'zones[0].methods[2].type',
      'unknown method type "fedx" (a typo of fedex?)',
    ],
    [
      'a typo of a static method type',
      withMethod({ name: 'Flat', type: 'perordr', settings: { rate: 1 } }),
      'zones[0].methods[2].type',
      'unknown method type "perordr" (a typo of perorder?)',
    ],
  ];

  it.each(limitCases)('rejects %s, naming the field and the reason', (_, mutate, path, message) => {
    const issues = issuesOf(mutate(validProfile()));

    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('reports every problem at once', () => {
    const profile = validProfile();
    method(profile, 1).settings = { rate: -1 };
    const issues = issuesOf({ ...profile, name: 'Bad Name' });

    expect(issues.map((issue) => issue.path)).toEqual(['name', 'zones[0].methods[1].settings.rate']);
  });

  it('puts the source and every issue in the error message', () => {
    expect(() => parseProfile({ name: 'p', zones: [] }, 'profiles/p.yaml')).toThrow(
      'Invalid shipping profile profiles/p.yaml: zones: must not be empty',
    );
  });

  it('rejects a profile that is not an object at the root', () => {
    expect(issuesOf(['a'])).toEqual([{ path: '', message: 'must be an object' }]);
  });
});

describe('desiredMethod', () => {
  const parsedMethod = (method: Record<string, unknown>, carriers: string[] = []): ProfileMethod =>
    parseProfile({
      name: 'p',
      units: { currency: 'USD', weight: 'lb' },
      carriers: carriers.map((id) => ({ id })),
      zones: [{ match: { id: 1 }, methods: [method] }],
    }).zones[0]!.methods[0]!;

  it('sorts delivery services', () => {
    expect(desiredMethod(parsedMethod(usps, ['endicia'])).settings).toEqual({
      carrier_options: { delivery_services: ['MediaMail', 'PriorityExpress'] },
    });
  });

  it('sorts ranges by lower_limit', () => {
    const range = [
      { lower_limit: 20, upper_limit: 40, shipping_cost: 4 },
      { lower_limit: 0, upper_limit: 20, shipping_cost: 8 },
    ];

    expect(desiredMethod(parsedMethod({ name: 'W', type: 'total', settings: { range } })).settings).toEqual({
      range: [range[1], range[0]],
    });
  });

  it('fills default_cost_type with fixed_amount when a default cost is given without one', () => {
    const settings = { default_cost: 5, range: [{ lower_limit: 0, upper_limit: 1, shipping_cost: 1 }] };

    expect(desiredMethod(parsedMethod({ name: 'W', type: 'weight', settings })).settings).toMatchObject({
      default_cost: 5,
      default_cost_type: 'fixed_amount',
    });
  });

  it('leaves the default cost unmanaged when the profile does not give one', () => {
    const settings = { range: [{ lower_limit: 0, upper_limit: 1, shipping_cost: 1 }] };

    expect(desiredMethod(parsedMethod({ name: 'W', type: 'weight', settings })).settings).not.toHaveProperty(
      'default_cost_type',
    );
  });

  it('is enabled unless the profile says otherwise', () => {
    expect(desiredMethod(parsedMethod(flatRate)).enabled).toBe(true);
  });

  it('leaves unset optional fields out, so they stay unmanaged', () => {
    expect(Object.keys(desiredMethod(parsedMethod(flatRate))).sort()).toEqual([
      'enabled',
      'name',
      'settings',
      'type',
    ]);
  });

  it('sorts channel ids', () => {
    expect(desiredMethod(parsedMethod({ ...flatRate, channel_ids: [3, 1] })).channel_ids).toEqual([1, 3]);
  });
});

describe('describeZoneEntry', () => {
  it.each([
    [{ id: 4 }, '{ id: 4 }'],
    [{ name: 'Canada' }, '{ name: Canada }'],
    [{ country: 'US' }, '{ country: US }'],
    [{ country: 'US', state: 'TX' }, '{ country: US, state: TX }'],
  ])('describes %j as %s', (selector, text) => {
    expect(describeZoneEntry({ match: selector, methods: [] })).toBe(text);
  });

  it('describes an entry that only declares its zone by the zone’s name', () => {
    const zone = { name: 'Texas', type: 'state' as const, locations: [], enabled: true };
    expect(describeZoneEntry({ zone, methods: [] })).toBe('{ zone: Texas }');
  });
});
