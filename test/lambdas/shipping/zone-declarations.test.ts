import { describe, expect, it } from 'vitest';
import type { InvalidProfile } from '../../../lambdas/shipping/errors.ts';
import { parseProfile } from '../../../lambdas/shipping/profile.ts';
import type { DesiredZone, ObservedZone } from '../../../lambdas/shipping/types.ts';
import { diffZone, findDeclaredZone, planDeclaredZone } from '../../../lambdas/shipping/zone-declarations.ts';
import { planZones, resolveZones } from '../../../lambdas/shipping/zones.ts';

const profileWith = (zone: unknown, extra: Record<string, unknown> = {}) => ({
  name: 'declared',
  units: { currency: 'USD' },
  zones: [{ zone, methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }] }],
  ...extra,
});

const issuesOf = (input: unknown) => {
  try {
    parseProfile(input);
  } catch (error) {
    return (error as InvalidProfile).issues;
  }
  throw new Error('expected the profile to be refused');
};

const texas: DesiredZone = {
  name: 'Texas',
  type: 'state',
  locations: [{ country_iso2: 'US', state_iso2: 'TX' }],
  enabled: true,
};

const storeZone = (id: number, zone: Partial<ObservedZone> = {}): ObservedZone => ({
  id,
  ...texas,
  free_shipping: { enabled: false, minimum_sub_total: 0, exclude_fixed_shipping_products: false },
  ...zone,
});

describe('a declared zone in a profile', () => {
  it('is parsed with its defaults, locations sorted', () => {
    const profile = parseProfile(
      profileWith({
        name: 'South',
        type: 'state',
        locations: [
          { country_iso2: 'US', state_iso2: 'TX' },
          { country_iso2: 'US', state_iso2: 'AL' },
        ],
        free_shipping: { enabled: true },
      }),
    );

    expect(profile.zones[0]!.zone).toEqual({
      name: 'South',
      type: 'state',
      locations: [
        { country_iso2: 'US', state_iso2: 'AL' },
        { country_iso2: 'US', state_iso2: 'TX' },
      ],
      enabled: true,
      free_shipping: { enabled: true, minimum_sub_total: 0, exclude_fixed_shipping_products: false },
    });
    expect(profile.pruneZones).toBe(false);
  });

  it.each([
    [
      { name: 'Texas', type: 'state', locations: [{ country_iso2: 'US' }] },
      'zones[0].zone.locations[0]',
      'must be { country_iso2, state_iso2 } in a state zone',
    ],
    [
      { name: 'World', type: 'global', locations: [{ country_iso2: 'US' }] },
      'zones[0].zone.locations',
      'must be empty for a global zone',
    ],
    [
      { name: 'Zips', type: 'zip', locations: [] },
      'zones[0].zone.locations',
      'must not be empty for a zip zone',
    ],
    [
      { name: 'Texas', type: 'province', locations: [] },
      'zones[0].zone.type',
      'must be one of: country, state, zip, global',
    ],
    [
      {
        name: 'Texas',
        type: 'state',
        locations: [{ country_iso2: 'US', state_iso2: 'TX' }],
        handling_fees: { fixed_surcharge: 1, percentage_surcharge: 2 },
      },
      'zones[0].zone.handling_fees',
      'must have exactly one of fixed_surcharge or percentage_surcharge',
    ],
    [
      { name: 'US', type: 'country', locations: [{ country_iso2: 'US' }, { country_iso2: 'US' }] },
      'zones[0].zone.locations[1]',
      'is listed twice',
    ],
  ])('refuses %j at %s', (zone, path, message) => {
    expect(issuesOf(profileWith(zone))).toContainEqual({ path, message });
  });

  it('needs a match or a zone', () => {
    expect(issuesOf({ name: 'none', units: { currency: 'USD' }, zones: [{ methods: [] }] })).toContainEqual({
      path: 'zones[0].match',
      message: 'is required unless the entry declares its zone (zone: { name, type, locations })',
    });
  });
});

describe('finding and planning a declared zone', () => {
  it('finds the store zone by name, else by the same type and locations', () => {
    const renamed = storeZone(4, { name: 'Lone Star' });
    expect(findDeclaredZone(texas, [storeZone(2, { name: 'texas' })]).map((zone) => zone.id)).toEqual([2]);
    expect(findDeclaredZone(texas, [renamed]).map((zone) => zone.id)).toEqual([4]);
    expect(findDeclaredZone(texas, [storeZone(5, { name: 'Other', type: 'country' })])).toEqual([]);
  });

  it('plans a create when the store lacks the zone, an update naming each field that differs, else nothing', () => {
    expect(planDeclaredZone(texas, undefined)).toEqual([
      { kind: 'create-zone', zoneName: 'Texas', zone: texas },
    ]);
    expect(planDeclaredZone(texas, storeZone(2))).toEqual([]);
    const fees = { ...texas, handling_fees: { fixed_surcharge: 2 } };
    expect(diffZone(fees, storeZone(2, { name: 'Lone Star', enabled: false }))).toEqual([
      { path: 'name', desired: 'Texas', actual: 'Lone Star' },
      { path: 'enabled', desired: true, actual: false },
      { path: 'handling_fees', desired: { fixed_surcharge: 2 }, actual: undefined },
    ]);
  });

  it('resolves a declared zone the store lacks as planned, and only pruneZones deletes zones no entry names', () => {
    const profile = parseProfile(profileWith(texas));
    const zones = [
      storeZone(1, { name: 'United States', type: 'country', locations: [{ country_iso2: 'US' }] }),
    ];

    expect(resolveZones(profile, zones)).toMatchObject([{ zoneId: 0, zoneName: 'Texas', planned: true }]);
    expect(planZones(profile, zones)).toEqual({
      declared: [{ kind: 'create-zone', zoneName: 'Texas', zone: texas }],
      pruned: [],
    });
    expect(planZones(parseProfile(profileWith(texas, { pruneZones: true })), zones).pruned).toEqual(zones);
  });
});
