/**
 * Generated inputs shared by the benchmarks: profile methods of every static type, inline profiles with
 * one country zone per entry, and sandbox seeds whose stores have exactly those zones and no methods.
 * Static methods only, so no carrier needs connecting and no carrier secret is involved.
 */
import type { SandboxSeed } from '../sandbox/index.ts';

export const BENCH_STORE = 'bench';
export const BENCH_TOKEN = 'bench-token';

/** Real ISO 3166-1 codes, one country zone each. */
const COUNTRIES = [
  'US',
  'CA',
  'GB',
  'DE',
  'FR',
  'IT',
  'ES',
  'NL',
  'BE',
  'SE',
  'NO',
  'DK',
  'FI',
  'IE',
  'AU',
  'NZ',
  'JP',
  'SG',
  'MX',
  'BR',
] as const;

export const MAX_ZONES = COUNTRIES.length;

const pad = (index: number) => String(index + 1).padStart(2, '0');

/** The `index`-th method of a zone, as a profile writes it; types cycle through perorder, peritem, weight, total. */
function profileMethod(index: number): Record<string, unknown> {
  const name = `Method ${pad(index)}`;
  switch (index % 4) {
    case 0:
      return { name, type: 'perorder', settings: { rate: 5 + index } };
    case 1:
      return {
        name,
        type: 'peritem',
        settings: { rate: 1 + index / 4 },
        handling_fees: { fixed_surcharge: 1 },
      };
    case 2:
      return {
        name,
        type: 'weight',
        settings: {
          default_cost: 15,
          range: [
            { lower_limit: 0, upper_limit: 1, shipping_cost: 5 },
            { lower_limit: 1, upper_limit: 5, shipping_cost: 9 + index },
            { lower_limit: 5, upper_limit: 20, shipping_cost: 14 + index },
          ],
        },
      };
    default:
      return {
        name,
        type: 'total',
        enabled: index % 8 !== 3,
        settings: {
          range: [
            { lower_limit: 0, upper_limit: 50, shipping_cost: 12 },
            { lower_limit: 50, upper_limit: 100_000, shipping_cost: 0 },
          ],
        },
      };
  }
}

export const profileMethods = (count: number): Record<string, unknown>[] =>
  Array.from({ length: count }, (_, index) => profileMethod(index));

function checkZoneCount(zones: number): void {
  if (!Number.isInteger(zones) || zones < 1 || zones > MAX_ZONES) {
    throw new Error(`zones must be an integer from 1 to ${MAX_ZONES}, got ${zones}`);
  }
}

/** An inline profile: `zones` country zones, each with `methodsPerZone` methods. */
export function inlineProfile(zones: number, methodsPerZone: number): Record<string, unknown> {
  checkZoneCount(zones);
  return {
    name: `bench-${zones}-zones-${methodsPerZone}-methods`,
    units: { currency: 'USD', weight: 'oz' },
    zones: COUNTRIES.slice(0, zones).map((country) => ({
      match: { country },
      methods: profileMethods(methodsPerZone),
    })),
  };
}

/** One store with `zones` country zones and no methods: what a first apply starts from. */
export function storeSeed(zones: number): SandboxSeed {
  checkZoneCount(zones);
  return {
    stores: [
      {
        hash: BENCH_STORE,
        token: BENCH_TOKEN,
        zones: COUNTRIES.slice(0, zones).map((country, index) => ({
          id: index + 1,
          name: `Zone ${country}`,
          type: 'country' as const,
          locations: [{ country_iso2: country }],
        })),
      },
    ],
  };
}
