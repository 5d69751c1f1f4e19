import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_CARRIER_TYPES,
  carrierIdOfType,
  carrierModel,
  isCarrierType,
  nativeTypeNearMiss,
  requiredConnectionFields,
  STATIC_METHOD_TYPES,
} from '../../../lambdas/shipping/carriers.ts';

describe('carrier catalogue', () => {
  it.each([
    ['endicia', ['account_id', 'pass_phrase']],
    ['fedex', ['key', 'password', 'account_number', 'meter_number']],
    ['auspost', ['auth_key', 'test_mode']],
    ['zoom2u', ['auth_key', 'test_mode']],
    ['royalmail', []],
  ])('requires the documented connection fields of %s', (carrierId, fields) => {
    expect(requiredConnectionFields(carrierId)).toEqual(fields);
  });

  it.each(['carrier_33', 'upsready', 'canadapost', 'usps'])(
    'reports the connection fields of %s as unknown',
    (carrierId) => {
      expect(requiredConnectionFields(carrierId)).toBeUndefined();
    },
  );

  it('lists the static method types', () => {
    expect([...STATIC_METHOD_TYPES]).toEqual(['perorder', 'peritem', 'weight', 'total', 'freeshipping']);
  });

  it.each([
    ...BUILT_IN_CARRIER_TYPES,
    'carrier_33',
    'carrier_x',
    'carrier_acme_freight',
    'example_carrier',
    'dhl',
  ])('counts %s as a carrier type connected under its own id', (type) => {
    expect(isCarrierType(type)).toBe(true);
    expect(carrierIdOfType(type)).toBe(type);
  });

  it.each([
    'perorder',
    'freeshipping',
    'carrier_',
    'ups',
    'fedx',
    'endica',
    'usp',
    'perordr',
    'Carrier_33',
    'example-carrier',
    'trailing_',
    '9carrier',
    `carrier_${'x'.repeat(93)}`,
  ])('does not count %s as a carrier type', (type) => {
    expect(isCarrierType(type)).toBe(false);
    expect(carrierIdOfType(type)).toBeUndefined();
  });

  it.each([
    ['fedx', 'fedex'],
    ['endica', 'endicia'],
    ['usp', 'usps'],
    ['ups', 'usps'],
    ['royal_mail', 'royalmail'],
    ['totl', 'total'],
  ])('takes %s for a typo of %s', (id, native) => {
    expect(nativeTypeNearMiss(id)).toBe(native);
  });

  it.each(['fedex', 'carrier_33', 'example_carrier', 'dhl'])('does not take %s for a typo', (id) => {
    expect(nativeTypeNearMiss(id)).toBeUndefined();
  });

  it('spells the Canada Post services the spec runs together as two services', () => {
    expect(carrierModel('canadapost')?.deliveryServices).toEqual(
      expect.arrayContaining(['DOM.PC', 'DOM.LIB']),
    );
  });

  it('keeps the FedEx and UPS packing methods in their documented cases', () => {
    expect(carrierModel('fedex')?.options.packing_method).toEqual({
      kind: 'enum',
      values: ['SEPARATE', 'COMBINED'],
    });
    expect(carrierModel('upsready')?.options.packing_method).toEqual({
      kind: 'enum',
      values: ['separate', 'combined'],
    });
  });

  it('documents no model for usps or app carriers', () => {
    expect(carrierModel('usps')).toBeUndefined();
    expect(carrierModel('carrier_33')).toBeUndefined();
  });

  it('is the list of carriers the README gives for a profile', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith('| `carriers[].id` |'));
    const listed = [...(row ?? '').matchAll(/`([a-z0-9]+)`/g)].map((match) => match[1]);
    expect(listed).toEqual([...BUILT_IN_CARRIER_TYPES]);
  });
});
