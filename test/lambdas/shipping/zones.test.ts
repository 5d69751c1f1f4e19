import { describe, expect, it } from 'vitest';
import { InvalidProfile, UnknownZone } from '../../../lambdas/shipping/errors.ts';
import { parseProfile } from '../../../lambdas/shipping/profile.ts';
import type { ObservedZone, ZoneSelector } from '../../../lambdas/shipping/types.ts';
import { resolveZones } from '../../../lambdas/shipping/zones.ts';

const storeZones: ObservedZone[] = [
  { id: 1, name: 'United States', type: 'country', locations: [{ country_iso2: 'US' }], enabled: true },
  { id: 2, name: 'Canada', type: 'country', locations: [{ country_iso2: 'CA' }], enabled: true },
  { id: 3, name: 'Rest of World', type: 'global', locations: [], enabled: true },
  {
    id: 4,
    name: 'Texas',
    type: 'state',
    locations: [{ country_iso2: 'US', state_iso2: 'TX' }],
    enabled: true,
  },
  { id: 5, name: 'NYC', type: 'zip', locations: [{ country_iso2: 'US', zip: '10001' }], enabled: true },
];

const flatRate = { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } };

const profileSelecting = (...matches: ZoneSelector[]) =>
  parseProfile({
    name: 'p',
    units: { currency: 'USD' },
    zones: matches.map((match) => ({ match, methods: [flatRate] })),
  });

const resolveOne = (match: ZoneSelector, zones = storeZones) =>
  resolveZones(profileSelecting(match), zones)[0];

const errorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
};

describe('resolveZones', () => {
  it('resolves a selector by id', () => {
    expect(resolveOne({ id: 2 })?.zoneId).toBe(2);
  });

  it('resolves a selector by name, ignoring case and surrounding spaces', () => {
    expect(resolveOne({ name: ' rest of world ' })?.zoneId).toBe(3);
  });

  it('resolves a country selector to the country zone holding that country', () => {
    expect(resolveOne({ country: 'US' })?.zoneId).toBe(1);
  });

  it('resolves a country and state selector to the state zone holding that state', () => {
    expect(resolveOne({ country: 'US', state: 'TX' })?.zoneId).toBe(4);
  });

  it('does not resolve a country selector to a zip zone in that country', () => {
    const zones = storeZones.filter((zone) => zone.type === 'zip');

    expect(() => resolveOne({ country: 'US' }, zones)).toThrow(UnknownZone);
  });

  it('carries the zone name, the selector as written, and the canonical methods', () => {
    expect(resolveOne({ country: 'US' })).toEqual({
      zoneId: 1,
      zoneName: 'United States',
      selector: '{ country: US }',
      methods: [{ name: 'Flat Rate', type: 'perorder', enabled: true, settings: { rate: 7 } }],
    });
  });

  it('keeps the order of the profile', () => {
    const resolved = resolveZones(profileSelecting({ name: 'Canada' }, { id: 1 }), storeZones);

    expect(resolved.map((zone) => zone.zoneId)).toEqual([2, 1]);
  });

  it('rejects a selector that matches no zone, naming it and listing the zones', () => {
    const error = errorOf(() => resolveOne({ name: 'Mexico' }));

    expect(error).toBeInstanceOf(UnknownZone);
    expect(error.message).toBe(
      'Zone selector { name: Mexico } matches no zone of the store (zones: "United States", "Canada", "Rest of World", "Texas", "NYC")',
    );
  });

  it('rejects a selector that matches several zones, naming the candidates', () => {
    const zones = [
      ...storeZones,
      { id: 9, name: 'USA', type: 'country' as const, locations: [{ country_iso2: 'US' }], enabled: true },
    ];

    const error = errorOf(() => resolveOne({ country: 'US' }, zones));

    expect(error).toBeInstanceOf(UnknownZone);
    expect(error.message).toContain('matches 2 zones (1 "United States", 9 "USA")');
  });

  it('rejects two selectors that resolve to the same zone', () => {
    const error = errorOf(() => resolveZones(profileSelecting({ id: 1 }, { country: 'US' }), storeZones));

    expect(error).toBeInstanceOf(InvalidProfile);
    expect((error as InvalidProfile).issues).toEqual([
      {
        path: 'zones[1].match',
        message: 'selects zone 1 "United States", already selected by zones[0].match',
      },
    ]);
  });
});
