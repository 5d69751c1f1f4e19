import { describe, expect, it } from 'vitest';
import { UnitsMismatch } from '../../../lambdas/shipping/errors.ts';
import { unitMismatches, weightUnitOf } from '../../../lambdas/shipping/units.ts';

describe('weightUnitOf', () => {
  it.each([
    ['Ounces', 'oz'],
    ['LBS', 'lb'],
    ['Pounds', 'lb'],
    ['KGS', 'kg'],
    ['Kilograms', 'kg'],
    ['Grams', 'g'],
    [' ounces ', 'oz'],
  ])('reads %s as %s', (weightUnits, unit) => {
    expect(weightUnitOf(weightUnits)).toBe(unit);
  });

  it.each(['Tonnes', '', 'Stones'])('has no profile unit for %j', (weightUnits) => {
    expect(weightUnitOf(weightUnits)).toBeUndefined();
  });
});

describe('unitMismatches', () => {
  const store = { currency: 'USD', weightUnits: 'Ounces' };

  it('is empty when the profile and the store agree', () => {
    expect(unitMismatches({ currency: 'USD', weight: 'oz' }, store)).toEqual([]);
  });

  it('reads the store currency case-insensitively', () => {
    expect(unitMismatches({ currency: 'USD' }, { ...store, currency: 'usd' })).toEqual([]);
  });

  it('leaves the weight unit alone when the profile has no weight ranges', () => {
    expect(unitMismatches({ currency: 'USD' }, { ...store, weightUnits: 'Kilograms' })).toEqual([]);
  });

  it('has nothing to compare for a profile without units', () => {
    expect(unitMismatches(undefined, { currency: 'EUR', weightUnits: 'Tonnes' })).toEqual([]);
  });

  it('names both values of each unit that differs', () => {
    expect(
      unitMismatches({ currency: 'USD', weight: 'lb' }, { currency: 'EUR', weightUnits: 'Kilograms' }),
    ).toEqual([
      "units.currency: the profile is in USD but the store's currency is EUR",
      'units.weight: the profile is in lb but the store weighs in kg (Kilograms)',
    ]);
  });

  it('names a store unit a profile cannot state', () => {
    expect(unitMismatches({ currency: 'USD', weight: 'kg' }, { ...store, weightUnits: 'Tonnes' })).toEqual([
      'units.weight: the profile is in kg but the store weighs in Tonnes, which a profile cannot state (one of oz, lb, kg, g)',
    ]);
  });
});

describe('UnitsMismatch', () => {
  it('is named for the state machine and lists every mismatch', () => {
    const lines = unitMismatches({ currency: 'USD', weight: 'lb' }, { currency: 'USD', weightUnits: 'KGS' });
    const error = new UnitsMismatch(lines);

    expect(error.name).toBe('UnitsMismatch');
    expect(error.mismatches).toEqual(lines);
    expect(error.message).toBe(
      "The profile's units are not the store's: units.weight: the profile is in lb but the store weighs in kg (KGS)",
    );
  });
});
