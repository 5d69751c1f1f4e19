// TEMPORARY: a stand-in for the units module the profile work brings (weightUnitOf, unitMismatches and the
// UnitsMismatch error, which belongs in errors.ts); replaced by it at merge.

type WeightUnit = 'oz' | 'lb' | 'kg' | 'g';

interface ProfileUnits {
  currency: string;
  weight?: WeightUnit;
}

const WEIGHT_UNITS: Record<string, WeightUnit> = {
  ounces: 'oz',
  lbs: 'lb',
  pounds: 'lb',
  kilograms: 'kg',
  grams: 'g',
};

// TEMPORARY (exported by the real module)
function weightUnitOf(weightUnits: string): WeightUnit | undefined {
  return WEIGHT_UNITS[weightUnits.trim().toLowerCase()];
}

// TEMPORARY
export function unitMismatches(
  profileUnits: ProfileUnits | undefined,
  store: { currency: string; weightUnits: string },
): string[] {
  if (profileUnits === undefined) return [];
  const lines: string[] = [];
  if (profileUnits.currency.toUpperCase() !== store.currency.toUpperCase()) {
    lines.push(
      `units.currency: the profile is in ${profileUnits.currency} but the store is in ${store.currency}`,
    );
  }
  const storeWeight = weightUnitOf(store.weightUnits);
  if (profileUnits.weight !== undefined && profileUnits.weight !== storeWeight) {
    lines.push(
      `units.weight: the profile is in ${profileUnits.weight} but the store weighs in ${storeWeight ?? '?'} (${store.weightUnits})`,
    );
  }
  return lines;
}

// TEMPORARY: belongs in errors.ts.
export class UnitsMismatch extends Error {
  override readonly name = 'UnitsMismatch';
  readonly mismatches: string[];
  constructor(mismatches: string[]) {
    super(`The profile's units differ from the store's: ${mismatches.join('; ')}`);
    this.mismatches = mismatches;
  }
}
