/** Test support: fast-check generators of canonical methods and of the ways BigCommerce renders them. */
import fc from 'fast-check';
import {
  BUILT_IN_CARRIER_TYPES,
  carrierModel,
  STATIC_METHOD_TYPES,
} from '../../../../lambdas/shipping/carriers.ts';
import type { HandlingFees, MethodSettings, ObservedMethod } from '../../../../lambdas/shipping/types.ts';
import type { FlagEncoding, Quirks } from './quirky-bigcommerce.ts';

const money = fc.integer({ min: 0, max: 1_000_000 }).map((cents) => cents / 100);
const positiveMoney = fc.integer({ min: 1, max: 100_000 }).map((cents) => cents / 100);

const rangesArbitrary = fc
  .uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 6 })
  .chain((bounds) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    return fc.tuple(...sorted.slice(1).map(() => money)).map((costs) =>
      costs.map((cost, index) => ({
        lower_limit: sorted[index]! / 10,
        upper_limit: sorted[index + 1]! / 10,
        shipping_cost: cost,
      })),
    );
  });

const sortedSubset = (values: readonly string[]) =>
  fc
    .uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length })
    .map((list) => list.sort());

const builtInCarrierSettings = (type: string): fc.Arbitrary<MethodSettings> => {
  const model = carrierModel(type)!;
  const optionArbitraries: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, spec] of Object.entries(model.options)) {
    optionArbitraries[key] = spec.kind === 'boolean' ? fc.boolean() : fc.constantFrom(...spec.values);
  }
  return fc
    .record({
      delivery_services: sortedSubset(model.deliveryServices),
      options: fc.record(optionArbitraries, { requiredKeys: [] }),
    })
    .map(({ delivery_services, options }) => ({ carrier_options: { delivery_services, ...options } }));
};

const settingsFor = (type: string): fc.Arbitrary<MethodSettings> => {
  switch (type) {
    case 'perorder':
    case 'peritem':
      return money.map((rate) => ({ rate }));
    case 'weight':
    case 'total':
      return fc
        .record(
          {
            // BigCommerce renders a default cost of 0 as null, "0.0000" or nothing: 0 is the canonical form.
            default_cost: fc.option(money, { nil: 0 }),
            default_cost_type: fc.constantFrom('percentage_of_total', 'fixed_amount'),
            range: rangesArbitrary,
          },
          // A store always holds a default cost, if only "none" (null).
          { requiredKeys: ['range', 'default_cost'] },
        )
        .map((settings) => settings as MethodSettings);
    case 'freeshipping':
      return fc.constant({});
    case 'carrier_33':
      return fc
        .record({
          delivery_services: sortedSubset(['ground', 'express', 'overnight']),
          account_id: fc.string(),
        })
        .map((carrier_options) => ({ carrier_options }));
    default:
      return builtInCarrierSettings(type);
  }
};

/** Every method type whose settings can be generated (usps documents no options), and one app carrier. */
const GENERATED_METHOD_TYPES = [
  ...STATIC_METHOD_TYPES,
  ...BUILT_IN_CARRIER_TYPES.filter((type) => carrierModel(type) !== undefined),
  'carrier_33',
];

export const canonicalMethodArbitrary: fc.Arbitrary<ObservedMethod> = fc
  .constantFrom(...GENERATED_METHOD_TYPES)
  .chain((type) =>
    fc.record(
      {
        id: fc.integer({ min: 1, max: 2_000_000_000 }),
        type: fc.constant(type),
        name: fc.string({ minLength: 1, maxLength: 20 }).map((name) => name.trim() || 'Method'),
        enabled: fc.boolean(),
        settings: settingsFor(type),
        is_fallback: fc.boolean(),
        handling_fees: fc.oneof(
          positiveMoney.map((amount): HandlingFees => ({ fixed_surcharge: amount })),
          positiveMoney.map((amount): HandlingFees => ({ percentage_surcharge: amount })),
        ),
        channel_ids: fc
          .uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 })
          .map((ids) => ids.sort((a, b) => a - b)),
      },
      { requiredKeys: ['id', 'type', 'name', 'enabled', 'settings', 'is_fallback'] },
    ),
  );

const flagEncoding = fc.constantFrom<FlagEncoding>('boolean', 'word', 'digit', 'number', 'php');

export const quirksArbitrary: fc.Arbitrary<Quirks> = fc.record({
  idAsString: fc.boolean(),
  flags: flagEncoding,
  carrierFlags: flagEncoding,
  omitFalseFallback: fc.boolean(),
  singleServiceAs: fc.constantFrom('array', 'value', 'string'),
  servicesReversed: fc.boolean(),
  packagingEcho: fc.constantFrom('none', 'copy', 'empty-array'),
  packagingTypeAsArray: fc.boolean(),
  feesAsStrings: fc.boolean(),
  noFeeAs: fc.constantFrom('omitted', 'zero-fixed-string', 'zero-fixed-number', 'zero-percentage-string'),
  numbersAsStrings: fc.boolean(),
  rangesReversed: fc.boolean(),
  channelsKey: fc.constantFrom('channel_ids', 'channels'),
  channelsReversed: fc.boolean(),
  nullDefaultCostAs: fc.constantFrom('null', 'omitted', 'empty-string'),
  omitFalseCarrierFlags: fc.constant(false),
});

/** With the renderings that leave something out, which only the comparison with a profile can read. */
export const lossyQuirksArbitrary: fc.Arbitrary<Quirks> = fc
  .tuple(quirksArbitrary, fc.boolean())
  .map(([quirks, omitFalseCarrierFlags]) => ({ ...quirks, omitFalseCarrierFlags }));
