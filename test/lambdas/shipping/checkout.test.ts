import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CheckoutExpectation,
  checkExpectation,
  type ExpectationOutcome,
  type OfferedOption,
  type OptionExpectation,
  probeReport,
} from '../../../lambdas/shipping/checkout.ts';
import { CheckoutMismatch, InvalidProfile } from '../../../lambdas/shipping/errors.ts';
import { parseProfile } from '../../../lambdas/shipping/profile.ts';

const flatRate = { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } };

const austin = () => ({
  name: 'Austin, two mugs',
  address: { country: 'US', state: 'TX', zip: '78701' },
  items: [{ sku: 'MUG-1', quantity: 2 }] as Record<string, unknown>[],
  channel: 1,
  expect: [
    { method: 'Flat Rate', cost: 7 },
    { method: 'USPS', quoted: true },
  ] as Record<string, unknown>[],
  absent: ['Free Shipping over 100'],
});

const profileWith = (checkout: unknown) => ({
  name: 'us-standard',
  units: { currency: 'USD' },
  zones: [{ match: { country: 'US' }, methods: [flatRate] }],
  checkout,
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

describe('the checkout section of a valid profile', () => {
  it('defaults to no expectations', () => {
    expect(parseProfile(profileWith(undefined)).checkout).toEqual([]);
  });

  it('parses the example of CHECKOUT.md as written', () => {
    const [parsed] = parseProfile(profileWith([austin()])).checkout;

    expect(parsed).toEqual(austin());
  });

  it('fills the defaults: channel 1, nothing absent, a label from the address and the position', () => {
    const { name: _, channel: __, absent: ___, ...entry } = austin();
    const checkout = parseProfile(profileWith([entry, { ...entry, address: { country: 'CA' } }])).checkout;

    expect(checkout.map(({ name, channel, absent }) => ({ name, channel, absent }))).toEqual([
      { name: 'US/TX/78701 #1', channel: 1, absent: [] },
      { name: 'CA #2', channel: 1, absent: [] },
    ]);
  });

  it('leaves out a missing state from the default label', () => {
    const { name: _, ...entry } = austin();
    const checkout = parseProfile(
      profileWith([{ ...entry, address: { country: 'GB', zip: 'SW1A 1AA' } }]),
    ).checkout;

    expect(checkout[0]?.name).toBe('GB/SW1A 1AA #1');
  });

  it('accepts items by product and variant, a cost range, and only absent methods', () => {
    const entry = {
      ...austin(),
      items: [
        { productId: 111, variantId: 112, quantity: 1 },
        { productId: 113, quantity: 1000 },
      ],
      expect: [],
      absent: ['Free Shipping'],
    };
    const [parsed] = parseProfile(
      profileWith([
        entry,
        { ...austin(), name: 'range', expect: [{ method: 'Flat Rate', cost: { min: 5, max: 9 } }] },
      ]),
    ).checkout;

    expect(parsed?.items).toEqual(entry.items);
    expect(parsed?.expect).toEqual([]);
  });

  it('accepts expected methods the zones do not declare: the store may have methods the profile leaves alone', () => {
    const entry = { ...austin(), expect: [{ method: 'Pickup In Store', cost: 0 }] };

    expect(parseProfile(profileWith([entry])).checkout[0]?.expect).toEqual([
      { method: 'Pickup In Store', cost: 0 },
    ]);
  });

  it('trims method names and labels', () => {
    const entry = { ...austin(), name: ' Austin ', expect: [{ method: ' Flat Rate ', cost: 7 }] };
    const [parsed] = parseProfile(profileWith([entry])).checkout;

    expect([parsed?.name, parsed?.expect[0]?.method]).toEqual(['Austin', 'Flat Rate']);
  });
});

describe('the checkout section of an invalid profile', () => {
  type Entry = ReturnType<typeof austin>;
  const entry =
    (change: (entry: Entry) => unknown): (() => unknown) =>
    () => [change(austin())];
  const address = (value: Record<string, unknown>) => entry((e) => ({ ...e, address: value }));
  const item = (value: Record<string, unknown>) => entry((e) => ({ ...e, items: [value] }));
  const option = (value: unknown) => entry((e) => ({ ...e, expect: [e.expect[0], value] }));

  const cases: [string, () => unknown, string, string][] = [
    ['checkout that is not a list', () => ({ name: 'x' }), 'checkout', 'must be a list'],
    ['an unknown field', entry((e) => ({ ...e, cart: 1 })), 'checkout[0].cart', 'unknown field'],
    ['a missing address', entry(({ address: _, ...e }) => e), 'checkout[0].address', 'is required'],
    ['a lowercase country', address({ country: 'us' }), 'checkout[0].address.country', 'ISO 3166-1 alpha-2'],
    ['a country name', address({ country: 'USA' }), 'checkout[0].address.country', 'ISO 3166-1 alpha-2'],
    [
      'a state name',
      address({ country: 'US', state: 'Texas' }),
      'checkout[0].address.state',
      'state or province code',
    ],
    ['an empty zip', address({ country: 'US', zip: ' ' }), 'checkout[0].address.zip', 'must not be empty'],
    [
      'a zip given as a number',
      address({ country: 'US', zip: 78701 }),
      'checkout[0].address.zip',
      'must be a string',
    ],
    [
      'a pasted address as zip',
      address({ country: 'US', zip: '1 Main Street, Austin' }),
      'checkout[0].address.zip',
      'must be at most 12 characters',
    ],
    [
      'an unknown address field',
      address({ country: 'US', street: 'Main' }),
      'checkout[0].address.street',
      'unknown field',
    ],
    ['no items', entry((e) => ({ ...e, items: [] })), 'checkout[0].items', 'must not be empty'],
    [
      'an item by SKU and product',
      item({ sku: 'MUG-1', productId: 1, quantity: 1 }),
      'checkout[0].items[0]',
      'must be exactly one of { sku, quantity } or { productId, variantId?, quantity }',
    ],
    [
      'an item by variant alone',
      item({ variantId: 112, quantity: 1 }),
      'checkout[0].items[0]',
      'must be exactly one of',
    ],
    ['an item without quantity', item({ sku: 'MUG-1' }), 'checkout[0].items[0].quantity', 'is required'],
    ['a zero quantity', item({ sku: 'MUG-1', quantity: 0 }), 'checkout[0].items[0].quantity', 'must be > 0'],
    [
      'a fractional quantity',
      item({ sku: 'MUG-1', quantity: 1.5 }),
      'checkout[0].items[0].quantity',
      'must be an integer',
    ],
    [
      'a quantity over 1000',
      item({ sku: 'MUG-1', quantity: 1001 }),
      'checkout[0].items[0].quantity',
      'must be <= 1000',
    ],
    ['an empty SKU', item({ sku: '', quantity: 1 }), 'checkout[0].items[0].sku', 'must not be empty'],
    [
      'a zero product id',
      item({ productId: 0, quantity: 1 }),
      'checkout[0].items[0].productId',
      'must be > 0',
    ],
    ['a zero channel', entry((e) => ({ ...e, channel: 0 })), 'checkout[0].channel', 'must be > 0'],
    [
      'a channel given as text',
      entry((e) => ({ ...e, channel: '1' })),
      'checkout[0].channel',
      'must be a number',
    ],
    [
      'nothing expected and nothing absent',
      entry((e) => ({ ...e, expect: [], absent: [] })),
      'checkout[0].expect',
      'must not be empty unless absent lists a method',
    ],
    ['an expectation without method', option({ cost: 7 }), 'checkout[0].expect[1].method', 'is required'],
    [
      'an empty method',
      option({ method: ' ', cost: 7 }),
      'checkout[0].expect[1].method',
      'must not be empty',
    ],
    [
      'neither cost nor quoted',
      option({ method: 'USPS' }),
      'checkout[0].expect[1]',
      'must have exactly one of cost or quoted: true',
    ],
    [
      'both cost and quoted',
      option({ method: 'USPS', cost: 7, quoted: true }),
      'checkout[0].expect[1]',
      'must have exactly one of cost or quoted: true',
    ],
    [
      'quoted: false',
      option({ method: 'USPS', quoted: false }),
      'checkout[0].expect[1].quoted',
      'must be true',
    ],
    ['a negative cost', option({ method: 'USPS', cost: -1 }), 'checkout[0].expect[1].cost', 'must be >= 0'],
    [
      'a cost given as text',
      option({ method: 'USPS', cost: '7' }),
      'checkout[0].expect[1].cost',
      'must be a number >= 0 or { min, max }',
    ],
    [
      'an inverted cost range',
      option({ method: 'USPS', cost: { min: 9, max: 5 } }),
      'checkout[0].expect[1].cost.max',
      'must be >= min',
    ],
    [
      'a negative range minimum',
      option({ method: 'USPS', cost: { min: -1, max: 5 } }),
      'checkout[0].expect[1].cost.min',
      'must be >= 0',
    ],
    [
      'an unknown expectation field',
      option({ method: 'USPS', quoted: true, service: 'Priority' }),
      'checkout[0].expect[1].service',
      'unknown field',
    ],
    [
      'an empty absent method',
      entry((e) => ({ ...e, absent: [''] })),
      'checkout[0].absent[0]',
      'must not be empty',
    ],
    [
      'a method both expected and absent',
      entry((e) => ({ ...e, absent: ['flat rate'] })),
      'checkout[0].absent[0]',
      '"flat rate" is also expected in expect[0]',
    ],
    ['the same label twice', () => [austin(), austin()], 'checkout[1].name', 'same name as checkout[0]'],
    [
      'a label that repeats a default one',
      () => {
        const { name: _, ...unnamed } = austin();
        return [unnamed, { ...austin(), name: 'US/TX/78701 #1' }];
      },
      'checkout[1].name',
      'same name as checkout[0]',
    ],
  ];

  it.each(cases)('rejects %s at its path', (_, checkout, path, message) => {
    const issues = issuesOf(profileWith(checkout()));

    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});

const expectation = (fields: Partial<CheckoutExpectation>): CheckoutExpectation => ({
  name: 'Austin',
  address: { country: 'US', state: 'TX', zip: '78701' },
  items: [{ sku: 'MUG-1', quantity: 2 }],
  channel: 1,
  expect: [],
  absent: [],
  ...fields,
});

const option = (description: string, cost: number): OfferedOption => ({
  description,
  type: 'shipping',
  cost,
});

describe('checkExpectation', () => {
  const offered = [
    option('Flat Rate', 7),
    option('USPS (Priority Mail)', 9.35),
    option('USPS (Media Mail)', 4.1),
    option('Free Shipping', 0),
  ];

  const cases: [string, OptionExpectation[], string[], OfferedOption[], string[]][] = [
    ['an exact cost', [{ method: 'Flat Rate', cost: 7 }], [], offered, []],
    [
      'a wrong cost',
      [{ method: 'Flat Rate', cost: 8 }],
      [],
      offered,
      ['Flat Rate: expected cost 8, offered 7'],
    ],
    ['a cost within half a cent', [{ method: 'Flat Rate', cost: 7.005 }], [], offered, []],
    [
      'a cost just over half a cent off',
      [{ method: 'Flat Rate', cost: 7.006 }],
      [],
      offered,
      ['Flat Rate: expected cost 7.006, offered 7'],
    ],
    ['a cost in range', [{ method: 'Flat Rate', cost: { min: 5, max: 9 } }], [], offered, []],
    [
      'a range bound within half a cent',
      [{ method: 'Flat Rate', cost: { min: 7.004, max: 9 } }],
      [],
      offered,
      [],
    ],
    [
      'a cost out of range',
      [{ method: 'Flat Rate', cost: { min: 7.5, max: 9 } }],
      [],
      offered,
      ['Flat Rate: expected cost 7.5–9, offered 7'],
    ],
    [
      'a cost not offered',
      [{ method: 'Pickup', cost: 7 }],
      [],
      offered,
      ['Pickup: expected cost 7, not offered'],
    ],
    ['a quote', [{ method: 'USPS', quoted: true }], [], offered, []],
    ['a quote of zero', [{ method: 'Free Shipping', quoted: true }], [], offered, []],
    [
      'a missing quote',
      [{ method: 'UPS', quoted: true }],
      [],
      offered,
      ['UPS: expected a quote, none offered'],
    ],
    [
      'a quote that is not a number',
      [{ method: 'UPS', quoted: true }],
      [],
      [option('UPS (Ground)', Number.NaN)],
      ['UPS: expected a quote, none offered'],
    ],
    ['the cost of any service of a carrier', [{ method: 'USPS', cost: 4.1 }], [], offered, []],
    [
      'every service offered in the problem',
      [{ method: 'USPS', cost: 5 }],
      [],
      offered,
      ['USPS: expected cost 5, offered 9.35, 4.1'],
    ],
    ['one service by its full description', [{ method: 'USPS (Media Mail)', cost: 4.1 }], [], offered, []],
    ['a method in another case', [{ method: 'flat rate', cost: 7 }], [], offered, []],
    [
      'a description in another case',
      [{ method: 'USPS', quoted: true }],
      [],
      [option('usps (Ground Advantage)', 5)],
      [],
    ],
    [
      'a method that only starts the same word',
      [{ method: 'Flat', cost: 7 }],
      [],
      [option('Flatbed', 7)],
      ['Flat: expected cost 7, not offered'],
    ],
    [
      'another method whose name starts with the expected one',
      [{ method: 'Standard', cost: 5 }],
      ['Express'],
      [option('Standard Express', 5), option('Standard', 7), option('Express Saver', 9)],
      ['Standard: expected cost 5, offered 7'],
    ],
    ['an absent method', [], ['Express'], offered, []],
    [
      'an absent method that is offered',
      [],
      ['Free Shipping'],
      offered,
      ['Free Shipping: offered (cost 0) but must be absent'],
    ],
    [
      'an absent carrier with two services',
      [],
      ['usps'],
      offered,
      ['usps: offered (cost 9.35, 4.1) but must be absent'],
    ],
    [
      'several problems in order',
      [
        { method: 'Flat Rate', cost: 8 },
        { method: 'UPS', quoted: true },
      ],
      ['Free Shipping'],
      offered,
      [
        'Flat Rate: expected cost 8, offered 7',
        'UPS: expected a quote, none offered',
        'Free Shipping: offered (cost 0) but must be absent',
      ],
    ],
    [
      'costs shown at four decimals',
      [{ method: 'Flat Rate', cost: 8 }],
      [],
      [option('Flat Rate', 0.1 + 0.2)],
      ['Flat Rate: expected cost 8, offered 0.3'],
    ],
  ];

  it.each(cases)('judges %s', (_, expect_, absent, offer, problems) => {
    const outcome = checkExpectation(expectation({ expect: expect_, absent }), offer);

    expect(outcome).toEqual({ name: 'Austin', ok: problems.length === 0, offered: offer, problems });
  });
});

describe('checkExpectation properties', () => {
  const methodArbitrary = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,12}[A-Za-z]$/);
  const offeredArbitrary = fc.array(
    fc.record({
      method: methodArbitrary,
      service: fc.option(fc.stringMatching(/^[A-Za-z ]{1,12}$/), { nil: undefined }),
      cost: fc.double({ min: 0, max: 10_000, noNaN: true }),
    }),
    { minLength: 1, maxLength: 6 },
  );
  const costArbitrary = fc.oneof(
    fc.constant((cost: number): OptionExpectation['cost'] => cost),
    fc.constant((cost: number) => ({ min: Math.max(0, cost - 1), max: cost + 1 })),
    fc.constant(undefined),
  );

  it('passes an expectation built from what is offered', () => {
    fc.assert(
      fc.property(
        offeredArbitrary,
        fc.array(costArbitrary, { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        (options, costs, shout) => {
          const offered = options.map((o) =>
            option(o.service === undefined ? o.method : `${o.method} (${o.service})`, o.cost),
          );
          const expect_ = options.map((o, index): OptionExpectation => {
            const method = shout ? o.method.toUpperCase() : o.method;
            const cost = costs[index]?.(o.cost);
            return cost === undefined ? { method, quoted: true } : { method, cost };
          });
          // A method no offered option can match: descriptions start with a letter.
          const outcome = checkExpectation(expectation({ expect: expect_, absent: ['~ absent'] }), offered);

          expect(outcome.problems).toEqual([]);
          expect(outcome.ok).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('probeReport', () => {
  const failed = (name: string, ...problems: string[]): ExpectationOutcome => ({
    name,
    ok: false,
    offered: [],
    problems,
  });
  const passed: ExpectationOutcome = { name: 'Dallas', ok: true, offered: [], problems: [] };

  it('names the store, the profile and each problem of each failed expectation', () => {
    const report = probeReport('abc123', 'us-standard', [
      failed('Austin', 'Flat Rate: expected cost 8, offered 7', 'UPS: expected a quote, none offered'),
      passed,
      failed('US #3', 'Free Shipping: offered (cost 0) but must be absent'),
    ]);

    expect(report).toBe(
      'Store abc123: what shoppers are offered does not match profile us-standard (2 expectations failed): ' +
        'Austin: Flat Rate: expected cost 8, offered 7; Austin: UPS: expected a quote, none offered; ' +
        'US #3: Free Shipping: offered (cost 0) but must be absent',
    );
  });

  it('says one expectation in the singular', () => {
    expect(probeReport('s', 'p', [failed('A', 'X: expected a quote, none offered')])).toContain(
      '(1 expectation failed): A: X',
    );
  });

  it('lists at most 50 problems and counts the rest', () => {
    const outcomes = Array.from({ length: 60 }, (_, index) =>
      failed(`#${index}`, 'X: expected cost 1, not offered'),
    );
    const report = probeReport('s', 'p', outcomes);

    expect(report).toContain('(60 expectations failed)');
    expect(report).toContain('#49: X');
    expect(report).not.toContain('#50: X');
    expect(report.endsWith('; and 10 more')).toBe(true);
  });
});

describe('CheckoutMismatch', () => {
  it('is named for the state machine, carries the outcomes and reads as the report', () => {
    const outcomes = [{ name: 'A', ok: false, offered: [], problems: ['X: expected a quote, none offered'] }];
    const error = new CheckoutMismatch(probeReport('s', 'p', outcomes), outcomes);

    expect(error.name).toBe('CheckoutMismatch');
    expect(error.outcomes).toBe(outcomes);
    expect(error.message).toBe(probeReport('s', 'p', outcomes));
  });
});
