import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigCommerceUnexpectedResponse } from '../../../lambdas/shipping/errors.ts';
import { normalizeMethod, normalizeSettings, normalizeZone } from '../../../lambdas/shipping/normalize.ts';
import { diffMethod } from '../../../lambdas/shipping/plan.ts';
import type { HandlingFees } from '../../../lambdas/shipping/types.ts';
import { uspsMediaMail, uspsMediaMailAsRendered } from '../../support/usps-method.ts';
import { canonicalMethodArbitrary, lossyQuirksArbitrary, quirksArbitrary } from './support/arbitraries.ts';
import { renderMethod } from './support/quirky-bigcommerce.ts';

describe('normalizeMethod on the documented responses (REFERENCE.md §1.5)', () => {
  it('reads the draft endicia response: string id and flags, { value } service, packaging echo, "0" fee', () => {
    const raw = { id: '29', ...uspsMediaMailAsRendered };

    expect(normalizeMethod(raw)).toEqual({ id: 29, ...uspsMediaMail, is_fallback: false });
  });

  it("reads the spec's UPS list example: '1' flags, unsorted services and an empty packaging echo", () => {
    const raw = {
      id: 4,
      name: 'UPS®',
      type: 'upsready',
      settings: {
        carrier_options: {
          include_package_value: '1',
          show_transit_time: '1',
          destination_type: 'residential',
          packing_method: 'combined',
          packaging_type: '2c',
          delivery_services: ['Express', 'Ground', 'Next_Day_Air', 'Saver', 'Standard'],
          packaging: [],
        },
      },
      enabled: true,
      handling_fees: { fixed_surcharge: '0' },
      is_fallback: false,
      channel_ids: [1],
    };

    expect(normalizeMethod(raw)).toEqual({
      id: 4,
      name: 'UPS®',
      type: 'upsready',
      enabled: true,
      is_fallback: false,
      channel_ids: [1],
      settings: {
        carrier_options: {
          include_package_value: true,
          show_transit_time: true,
          destination_type: 'residential',
          packing_method: 'combined',
          packaging_type: '2c',
          delivery_services: ['Express', 'Ground', 'Next_Day_Air', 'Saver', 'Standard'],
        },
      },
    });
  });

  it.each([
    {
      id: 23225205,
      name: 'tempo',
      type: 'royalmail',
      settings: {},
      enabled: true,
      handling_fees: { fixed_surcharge: '0' },
      is_fallback: false,
      channel_ids: [1, 2],
    },
    {
      id: 35889344,
      name: 'Lorem Excepteur esse',
      type: 'canadapost',
      settings: {},
      enabled: true,
      handling_fees: { percentage_surcharge: '0' },
      is_fallback: false,
      channel_ids: [1],
    },
    {
      id: 19609616,
      name: 'ad sed',
      type: 'auspost',
      settings: {},
      enabled: false,
      handling_fees: { fixed_surcharge: '0' },
      is_fallback: false,
    },
  ])('marks the settings of a listed $type method with settings: {} as unknown', (raw) => {
    expect(normalizeMethod(raw).settings).toBeUndefined();
  });

  it('reads the create response that omits is_fallback as not a fallback, and keeps its "3" fee', () => {
    const raw = {
      id: 5,
      name: 'Per Order',
      type: 'perorder',
      settings: { rate: 8 },
      enabled: true,
      handling_fees: { fixed_surcharge: '3' },
      channel_ids: [1],
    };

    expect(normalizeMethod(raw)).toEqual({
      id: 5,
      name: 'Per Order',
      type: 'perorder',
      enabled: true,
      is_fallback: false,
      settings: { rate: 8 },
      handling_fees: { fixed_surcharge: 3 },
      channel_ids: [1],
    });
  });

  it('reads the weight list example with its numbers unchanged', () => {
    const range = [
      { lower_limit: 0, upper_limit: 20, shipping_cost: 8 },
      { lower_limit: 20, upper_limit: 40, shipping_cost: 8 },
    ];
    const raw = {
      id: 3,
      name: 'Ship by Weight',
      type: 'weight',
      settings: { default_cost: 0, default_cost_type: 'fixed_amount', range },
      enabled: true,
    };

    expect(normalizeMethod(raw).settings).toEqual({
      default_cost: 0,
      default_cost_type: 'fixed_amount',
      range,
    });
  });

  it('marks a listed total method with settings: {} as unknown (List Example 1, "Pickup In Store")', () => {
    const raw = { id: 2, name: 'Pickup In Store', type: 'total', settings: {}, enabled: false };

    expect(normalizeMethod(raw).settings).toBeUndefined();
  });
});

describe('normalizeMethod quirks', () => {
  it('treats a zero percentage fee like no fee', () => {
    const raw = {
      id: 1,
      name: 'A',
      type: 'perorder',
      settings: { rate: 1 },
      handling_fees: { percentage_surcharge: 0 },
    };

    expect(normalizeMethod(raw).handling_fees).toBeUndefined();
  });

  it('reads a percentage fee given as a string', () => {
    const raw = {
      id: 1,
      name: 'A',
      type: 'perorder',
      settings: { rate: 1 },
      handling_fees: { percentage_surcharge: '2.5000' },
    };

    expect(normalizeMethod(raw).handling_fees).toEqual<HandlingFees>({ percentage_surcharge: 2.5 });
  });

  it('reads the legacy channels field as channel_ids, sorted', () => {
    const raw = { id: 1, name: 'A', type: 'perorder', settings: { rate: 1 }, channels: [3, '1', 2] };

    expect(normalizeMethod(raw).channel_ids).toEqual([1, 2, 3]);
  });

  it('treats a method without enabled as enabled, the create default', () => {
    expect(normalizeMethod({ id: 1, name: 'A', type: 'perorder', settings: { rate: 1 } }).enabled).toBe(true);
  });

  it('keeps the packaging key of an app carrier, which may be one of its own options', () => {
    const raw = { id: 1, name: 'A', type: 'carrier_33', settings: { carrier_options: { packaging: 'box' } } };

    expect(normalizeMethod(raw).settings).toEqual({ carrier_options: { packaging: 'box' } });
  });

  it.each([
    [{ name: 'A', type: 'perorder' }, '"id" is missing'],
    [{ id: 'abc', name: 'A', type: 'perorder' }, '"id" is missing or not a positive integer (got "abc")'],
    [{ id: 1, name: 'A' }, '"type" is missing'],
    [{ id: 1, name: 'A', type: 'perorder', enabled: 'maybe' }, '"enabled" is not a boolean'],
    ['not an object', 'is not an object'],
  ])('rejects an unusable response %j naming the field', (raw, message) => {
    expect(() => normalizeMethod(raw)).toThrow(message);
  });

  it.each([
    ['method', () => normalizeMethod({ id: 1, name: 'A' })],
    ['zone', () => normalizeZone({ id: 1, name: 'Z', type: 'planet' })],
  ])('rejects an unusable %s with the terminal BigCommerceUnexpectedResponse', (_what, read) => {
    expect(read).toThrow(BigCommerceUnexpectedResponse);
    expect(read).toThrow(expect.objectContaining({ name: 'BigCommerceUnexpectedResponse' }));
  });
});

describe('normalizeSettings', () => {
  it('turns 4-decimal strings into numbers', () => {
    expect(normalizeSettings('perorder', { rate: '7.0000' })).toEqual({ rate: 7 });
  });

  it('sorts ranges by lower_limit and reads their numbers', () => {
    const settings = {
      default_cost: '1.5000',
      range: [
        { lower_limit: '10.0000', upper_limit: '20.0000', shipping_cost: '3.0000' },
        { lower_limit: '0.0000', upper_limit: '10.0000', shipping_cost: '5.0000' },
      ],
    };

    expect(normalizeSettings('total', settings)).toEqual({
      default_cost: 1.5,
      range: [
        { lower_limit: 0, upper_limit: 10, shipping_cost: 5 },
        { lower_limit: 10, upper_limit: 20, shipping_cost: 3 },
      ],
    });
  });

  it('reads a null default cost as 0: BigCommerce renders one stored value as null, "0.0000" or nothing', () => {
    expect(normalizeSettings('weight', { default_cost: null, range: [] })).toEqual({
      default_cost: 0,
      range: [],
    });
  });

  it('reads a plain-string delivery service as a one-item list', () => {
    expect(normalizeSettings('endicia', { carrier_options: { delivery_services: 'Priority' } })).toEqual({
      carrier_options: { delivery_services: ['Priority'] },
    });
  });

  it('reads an endicia packaging_type sent as a one-item list (the spec table says array) as a string', () => {
    expect(normalizeSettings('endicia', { carrier_options: { packaging_type: ['Parcel'] } })).toEqual({
      carrier_options: { packaging_type: 'Parcel' },
    });
  });

  it('gives free shipping empty settings whatever the response says', () => {
    expect(normalizeSettings('freeshipping', undefined)).toEqual({});
  });

  it('treats a PHP empty array as missing settings', () => {
    expect(normalizeSettings('fedex', [])).toBeUndefined();
  });

  it('treats carrier settings without carrier_options as unknown', () => {
    expect(normalizeSettings('fedex', { something: 1 })).toBeUndefined();
  });
});

describe('renderings the docs leave open (REFERENCE.md §1.5, "a client must tolerate them")', () => {
  const weight = (settings: Record<string, unknown>) => ({ id: 1, name: 'W', type: 'weight', settings });
  const range = [{ lower_limit: 0, upper_limit: 5, shipping_cost: 1 }];

  it.each([
    ['null', null, 0],
    ['omitted', undefined, 0],
    ['an empty string', '', 0],
    ['"0.0000"', '0.0000', 0],
    ['0', 0, 0],
  ])('reads a default_cost rendered as %s', (_rendering, rendered, canonical) => {
    const settings = rendered === undefined ? { range } : { default_cost: rendered, range };
    expect(normalizeMethod(weight(settings)).settings).toEqual({ default_cost: canonical, range });
  });

  it.each([
    ['"1"', '1', true],
    ['""', '', false],
    ['"0"', '0', false],
  ])('reads a carrier flag rendered as %s', (_rendering, rendered, flag) => {
    const raw = {
      id: 1,
      name: 'U',
      type: 'upsready',
      settings: { carrier_options: { show_transit_time: rendered } },
    };
    expect(normalizeMethod(raw).settings?.carrier_options).toEqual({ show_transit_time: flag });
  });

  it('compares a carrier flag the store leaves out as false', () => {
    const observed = normalizeMethod({
      id: 1,
      name: 'U',
      type: 'upsready',
      settings: { carrier_options: {} },
    });
    const desired = (show_transit_time: boolean) => ({
      name: 'U',
      type: 'upsready',
      enabled: true,
      settings: { carrier_options: { show_transit_time } },
    });
    expect(diffMethod(desired(false), observed)).toEqual([]);
    expect(diffMethod(desired(true), observed)).toHaveLength(1);
  });

  it('reads enabled "" as false, the way PHP prints false', () => {
    expect(
      normalizeMethod({ id: 1, name: 'A', type: 'perorder', settings: { rate: 1 }, enabled: '' }).enabled,
    ).toBe(false);
  });

  it('reads a method without channel_ids and is_fallback (a store without those features)', () => {
    const method = normalizeMethod({ id: '7', name: 'A', type: 'perorder', settings: { rate: '1.0000' } });
    expect(method).toEqual({
      id: 7,
      name: 'A',
      type: 'perorder',
      enabled: true,
      is_fallback: false,
      settings: { rate: 1 },
    });
  });

  it('reads one delivery service as { value } (a PUT response) and as an array (a GET) alike', () => {
    const endicia = (delivery_services: unknown) =>
      normalizeMethod({
        id: 1,
        name: 'E',
        type: 'endicia',
        settings: { carrier_options: { delivery_services } },
      });
    expect(endicia({ value: 'MediaMail' })).toEqual(endicia(['MediaMail']));
  });
});

describe('normalizeZone', () => {
  it('reads a zone with a string id and drops empty location fields', () => {
    const raw = {
      id: '1',
      name: 'United States',
      type: 'country',
      locations: [{ id: 4, zip: '', country_iso2: 'US', state_iso2: '' }],
      enabled: 'true',
      free_shipping: { enabled: false, minimum_sub_total: '0.0000' },
    };

    expect(normalizeZone(raw)).toEqual({
      id: 1,
      name: 'United States',
      type: 'country',
      locations: [{ country_iso2: 'US' }],
      enabled: true,
      free_shipping: { enabled: false, minimum_sub_total: 0, exclude_fixed_shipping_products: false },
    });
  });

  it('reads zone-level fees and free shipping with their amounts as numbers; a zero fee is none', () => {
    const zone = (handling_fees: unknown) =>
      normalizeZone({
        id: 2,
        name: 'Texas',
        type: 'state',
        free_shipping: {
          enabled: '1',
          minimum_sub_total: '100.0000',
          exclude_fixed_shipping_products: false,
        },
        handling_fees,
      });

    expect(zone({ fixed_surcharge: '2.5000', display_separately: 'true' })).toMatchObject({
      handling_fees: { fixed_surcharge: 2.5, display_separately: true },
      free_shipping: { enabled: true, minimum_sub_total: 100, exclude_fixed_shipping_products: false },
    });
    expect(zone({ percentage_surcharge: 5 }).handling_fees).toEqual({ percentage_surcharge: 5 });
    expect(zone({ fixed_surcharge: 0, display_separately: false }).handling_fees).toBeUndefined();
  });

  it('reads a global zone without locations', () => {
    expect(normalizeZone({ id: 3, name: 'Rest of World', type: 'global' }).locations).toEqual([]);
  });

  it('rejects a zone of an unknown type naming the field', () => {
    expect(() => normalizeZone({ id: 3, name: 'X', type: 'planet' })).toThrow('"type" is not one of');
  });
});

describe('normalizeMethod properties', () => {
  it('normalizes every quirky rendering of a canonical method back to that method', () => {
    fc.assert(
      fc.property(canonicalMethodArbitrary, quirksArbitrary, (method, quirks) => {
        expect(normalizeMethod(renderMethod(method, quirks))).toEqual(method);
      }),
      { numRuns: 500 },
    );
  });

  it('normalizes two renderings of the same method to equal values', () => {
    fc.assert(
      fc.property(canonicalMethodArbitrary, quirksArbitrary, quirksArbitrary, (method, first, second) => {
        expect(normalizeMethod(renderMethod(method, first))).toEqual(
          normalizeMethod(renderMethod(method, second)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('finds no difference between a method and any rendering of it, the lossy ones included', () => {
    fc.assert(
      fc.property(canonicalMethodArbitrary, lossyQuirksArbitrary, ({ id: _id, ...desired }, quirks) => {
        const observed = normalizeMethod(renderMethod({ id: 1, ...desired }, quirks));
        expect(diffMethod({ ...desired, settings: desired.settings ?? {} }, observed)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
