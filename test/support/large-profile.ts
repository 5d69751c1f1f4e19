/**
 * A profile the size of a large store's, generated so that no megabyte fixture is committed: `zones` declared
 * zip zones (zones as code, so the store gets them from the first apply), each with `methods` range methods,
 * weight and total in turn, of `ranges` ranges each. Amounts are in the sandbox store's units (USD, ounces).
 */
export interface LargeProfileSize {
  zones: number;
  methods: number;
  ranges: number;
}

export const LARGE_STORE: LargeProfileSize = { zones: 200, methods: 10, ranges: 10 };

const rangesOf = (count: number, step: number, costOffset: number) =>
  Array.from({ length: count }, (_, index) => ({
    lower_limit: index * step,
    upper_limit: (index + 1) * step,
    shipping_cost: costOffset + index,
  }));

function methodsOf(zone: number, size: LargeProfileSize) {
  return Array.from({ length: size.methods }, (_, index) => {
    const type = index % 2 === 0 ? 'weight' : 'total';
    return {
      name: `${type === 'weight' ? 'By weight' : 'By total'} ${index + 1}`,
      type,
      settings: { range: rangesOf(size.ranges, type === 'weight' ? 16 : 25, 5 + (zone % 7) + index) },
    };
  });
}

export function largeProfile(size: LargeProfileSize = LARGE_STORE, name = 'large-store') {
  return {
    name,
    units: { currency: 'USD', weight: 'oz' },
    zones: Array.from({ length: size.zones }, (_, zone) => ({
      zone: {
        name: `Zip ${String(10_000 + zone)}`,
        type: 'zip',
        locations: [{ country_iso2: 'US', zip: String(10_000 + zone) }],
      },
      methods: methodsOf(zone, size),
    })),
  };
}
