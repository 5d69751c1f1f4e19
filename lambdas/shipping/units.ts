/**
 * The units a profile's numbers are in, and how they compare with the store's. BigCommerce keeps amounts in the
 * store's currency and weight ranges in its weight unit (`GET /v2/store` → `currency`, `weight_units`), and
 * converts neither: a profile written in pounds applied to a store in kilograms misprices without a word.
 */

/** The weight units a profile may state. */
export const WEIGHT_UNITS = ['oz', 'lb', 'kg', 'g'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

/** A profile's `units`: the currency of its amounts, and the unit of its weight ranges when it has any. */
export interface ProfileUnits {
  currency: string;
  weight?: WeightUnit;
}

/**
 * `weight_units` as stores render it. The V2 spec types it as a string with the example `Ounces`; the V3
 * units-of-measurement settings allow `LBS | Ounces | KGS | Grams | Tonnes`, and older stores and docs spell
 * the same units `Pounds` and `Kilograms`. Compared case-insensitively. `Tonnes` has no profile unit.
 */
const STORE_WEIGHT_UNITS: Readonly<Record<string, WeightUnit>> = {
  ounces: 'oz',
  oz: 'oz',
  lbs: 'lb',
  pounds: 'lb',
  lb: 'lb',
  kgs: 'kg',
  kilograms: 'kg',
  kg: 'kg',
  grams: 'g',
  g: 'g',
};

/** The profile unit of a store's `weight_units`; `undefined` for a unit a profile cannot state (`Tonnes`). */
export const weightUnitOf = (weightUnits: string): WeightUnit | undefined =>
  STORE_WEIGHT_UNITS[weightUnits.trim().toLowerCase()];

/**
 * One line per unit the profile and the store disagree on, naming both values; empty when they agree. The
 * weight unit is compared only when the profile states one (it has weight ranges); a profile without units has
 * no amounts to misprice.
 */
export const unitMismatches = (
  profileUnits: ProfileUnits | undefined,
  store: { currency: string; weightUnits: string },
): string[] => {
  if (!profileUnits) return [];
  const lines: string[] = [];
  const storeCurrency = store.currency.trim().toUpperCase();
  if (profileUnits.currency !== storeCurrency) {
    lines.push(
      `units.currency: the profile is in ${profileUnits.currency} but the store's currency is ${store.currency}`,
    );
  }
  const weight = profileUnits.weight;
  if (weight !== undefined) {
    const storeWeight = weightUnitOf(store.weightUnits);
    if (storeWeight === undefined) {
      lines.push(
        `units.weight: the profile is in ${weight} but the store weighs in ${store.weightUnits}, which a profile cannot state (one of ${WEIGHT_UNITS.join(', ')})`,
      );
    } else if (storeWeight !== weight) {
      lines.push(
        `units.weight: the profile is in ${weight} but the store weighs in ${storeWeight} (${store.weightUnits})`,
      );
    }
  }
  return lines;
};
