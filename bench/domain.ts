/**
 * Throughput of the pure shipping domain: no HTTP, no state machine. Each case builds its inputs once,
 * checks that the function does what the case claims (so a broken fixture cannot produce a flattering
 * figure), then measures.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ASSIGNMENTS_FILE } from '../lambdas/shipping/assignment.ts';
import {
  type DesiredMethod,
  desiredMethod,
  normalizeMethod,
  type ObservedMethod,
  parseProfile,
  planZoneChanges,
  type Range,
  type ResolvedZone,
} from '../lambdas/shipping/index.ts';
import { profileMethods } from './fixtures.ts';
import { measureThroughput, type Throughput, type ThroughputOptions } from './timing.ts';

export interface DomainResult {
  name: string;
  /** What one operation is, e.g. "method", "plan of 50+50". */
  unit: string;
  detail: string;
  throughput: Throughput;
}

/** Raw methods as BigCommerce returns them, each carrying some of the quirks normalizeMethod absorbs. */
const QUIRKY_RAW_METHODS: readonly unknown[] = [
  {
    id: '29',
    name: ' Flat Rate ',
    type: 'perorder',
    settings: { rate: '7.0000' },
    enabled: 'true',
    handling_fees: { fixed_surcharge: '0.0000', percentage_surcharge: '0' },
    channel_ids: [1],
  },
  {
    id: 30,
    name: 'By Weight',
    type: 'weight',
    enabled: 1,
    is_fallback: '0',
    // A PHP list with holes: an object keyed by index, values as strings, out of order.
    settings: {
      default_cost: '15',
      default_cost_type: 'fixed_amount',
      range: {
        '1': { lower_limit: '5', upper_limit: '20', shipping_cost: '14' },
        '0': { lower_limit: '0', upper_limit: '5', shipping_cost: '9' },
      },
    },
    channels: [{ id: 2 }, { id: 1 }, { id: 1 }],
  },
  {
    id: '31',
    name: 'By Total',
    type: 'total',
    settings: {
      range: [
        { lower_limit: 100, upper_limit: 100000, shipping_cost: 0 },
        { lower_limit: 0, upper_limit: 100, shipping_cost: '12.5000' },
      ],
    },
    handling_fees: { percentage_surcharge: '2.5' },
  },
  {
    id: 32,
    name: 'USPS',
    type: 'endicia',
    enabled: 'false',
    settings: {
      carrier_options: {
        delivery_services: { value: ['Priority', 'First', 'Priority'] },
        packaging_type: 'Parcel',
        packaging: 'Parcel',
        show_transit_time: '1',
      },
    },
  },
  // A carrier method in a list response: settings not included, to be fetched one by one.
  { id: 33, name: 'USPS (listed)', type: 'usps', settings: {}, enabled: true },
  { id: 34, name: 'Free', type: 'freeshipping', settings: [], is_fallback: false },
  {
    id: '35',
    name: 'FedEx',
    type: 'fedex',
    enabled: '1',
    settings: {
      carrier_options: {
        delivery_services: 'FEDEX_GROUND',
        dropoff_type: ['REGULAR_PICKUP'],
        packaging_type: 'YOUR_PACKAGING',
      },
    },
    handling_fees: { fixed_surcharge: 3 },
  },
  { id: 36, name: 'Per Item', type: 'peritem', settings: { rate: '1.2500' }, channel_ids: ['1', 3] },
];

const normalizeAll = () => QUIRKY_RAW_METHODS.map(normalizeMethod);

function checkNormalization(): void {
  const [flat, weight, , usps, listed] = normalizeAll();
  const ranges = weight?.settings?.range as { lower_limit: number }[] | undefined;
  const ok =
    flat?.id === 29 &&
    flat.name === 'Flat Rate' &&
    flat.settings?.rate === 7 &&
    flat.handling_fees === undefined &&
    ranges?.[0]?.lower_limit === 0 &&
    weight?.channel_ids?.join() === '1,2' &&
    usps?.enabled === false &&
    listed?.settings === undefined;
  if (!ok) throw new Error('normalizeMethod fixture: the quirky methods did not normalize as expected');
}

interface PlanFixture {
  zone: ResolvedZone;
  observed: ObservedMethod[];
  expected: { creates: number; updates: number; deletes: number };
}

/**
 * 50 desired methods against 50 observed: 40 in sync, 5 with a different rate or range, 5 missing (to
 * create) and 5 the profile does not name (to prune). Observed methods come through normalizeMethod from
 * wire-shaped bodies, as the zone task gets them.
 */
/** The same settings with one managed value changed: the rate, or the first range's cost. */
const drifted = (settings: DesiredMethod['settings']): DesiredMethod['settings'] => {
  if (typeof settings.rate === 'number') return { ...settings, rate: settings.rate + 1 };
  const [first, ...rest] = settings.range as Range[];
  return { ...settings, range: [{ ...first!, shipping_cost: first!.shipping_cost + 1 }, ...rest] };
};

function planFixture(size = 50, drift = 5): PlanFixture {
  const desired: DesiredMethod[] = (
    parseProfile({
      name: 'plan-fixture',
      units: { currency: 'USD', weight: 'oz' },
      zones: [{ match: { id: 1 }, methods: profileMethods(size) }],
    }).zones[0]?.methods ?? []
  ).map(desiredMethod);
  const wire = (method: DesiredMethod, id: number) => ({
    ...method,
    id: String(id),
    enabled: method.enabled ? 'true' : 'false',
  });
  const kept = desired.slice(0, size - drift).map((method, index) => {
    const body = wire(method, 100 + index);
    if (index >= size - 2 * drift) body.settings = drifted(method.settings);
    return body;
  });
  const unmanaged = Array.from({ length: drift }, (_, index) =>
    wire(
      { type: 'perorder', name: `Legacy ${index + 1}`, enabled: true, settings: { rate: 3 } },
      900 + index,
    ),
  );
  return {
    zone: { zoneId: 1, zoneName: 'Zone US', selector: '{ id: 1 }', methods: desired },
    observed: [...kept, ...unmanaged].map(normalizeMethod),
    expected: { creates: drift, updates: drift, deletes: drift },
  };
}

function checkPlan(fixture: PlanFixture): void {
  const { actions } = planZoneChanges(fixture.zone, fixture.observed, { prune: true });
  const count = (kind: string) => actions.filter((action) => action.kind === kind).length;
  const { creates, updates, deletes } = fixture.expected;
  if (
    count('create-method') !== creates ||
    count('update-method') !== updates ||
    count('delete-method') !== deletes
  ) {
    throw new Error(
      `planZoneChanges fixture: expected ${creates} creates, ${updates} updates, ${deletes} deletes; got ` +
        `${count('create-method')}, ${count('update-method')}, ${count('delete-method')}`,
    );
  }
}

/** The example profiles shipped in profiles/, read and YAML-parsed once: only parseProfile is measured. */
function exampleProfiles(directory = 'profiles'): { file: string; document: unknown }[] {
  return (
    readdirSync(directory)
      // The assignment rules beside the profiles are not a profile.
      .filter((file) => (file.endsWith('.yaml') || file.endsWith('.yml')) && file !== ASSIGNMENTS_FILE)
      .sort()
      .map((file) => ({ file, document: parseYaml(readFileSync(join(directory, file), 'utf8')) }))
  );
}

export function runDomainBenchmarks(options: ThroughputOptions): DomainResult[] {
  checkNormalization();
  const results: DomainResult[] = [
    {
      name: 'normalizeMethod',
      unit: 'methods/s',
      detail: `${QUIRKY_RAW_METHODS.length} quirky raw methods, cycled`,
      throughput: measureThroughput(normalizeAll, options, QUIRKY_RAW_METHODS.length),
    },
  ];

  const fixture = planFixture();
  checkPlan(fixture);
  const { creates, updates, deletes } = fixture.expected;
  results.push({
    name: 'planZoneChanges',
    unit: 'plans/s',
    detail: `${fixture.zone.methods.length} desired vs ${fixture.observed.length} observed, prune (${creates} create, ${updates} update, ${deletes} delete)`,
    throughput: measureThroughput(
      () => planZoneChanges(fixture.zone, fixture.observed, { prune: true }),
      options,
    ),
  });

  for (const { file, document } of exampleProfiles()) {
    const methods = parseProfile(document, file).zones.reduce((sum, zone) => sum + zone.methods.length, 0);
    results.push({
      name: 'parseProfile',
      unit: 'profiles/s',
      detail: `profiles/${file} (${methods} methods)`,
      throughput: measureThroughput(() => parseProfile(document, file), options),
    });
  }
  return results;
}
