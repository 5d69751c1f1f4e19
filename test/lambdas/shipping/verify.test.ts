import { describe, expect, it } from 'vitest';
import type { DesiredMethod, Mismatch } from '../../../lambdas/shipping/types.ts';
import { describeMismatch, verifyZone } from '../../../lambdas/shipping/verify.ts';
import { flatRate, observed, standardOn, zoneWith } from './support/methods.ts';

const freeShipping: DesiredMethod = { name: 'Free', type: 'freeshipping', enabled: true, settings: {} };

const zone = zoneWith(flatRate, freeShipping);

const legacy = observed(30, { ...flatRate, name: 'Legacy' });

describe('verifyZone', () => {
  it('finds nothing wrong in a zone that matches its profile', () => {
    expect(
      verifyZone(zone, [observed(10, flatRate), observed(11, freeShipping)], { prune: true }).mismatches,
    ).toEqual([]);
  });

  it('reports a missing method', () => {
    expect(verifyZone(zone, [observed(10, flatRate)], { prune: false }).mismatches).toEqual([
      {
        zoneId: 1,
        zoneName: 'United States',
        kind: 'missing',
        type: 'freeshipping',
        name: 'Free',
        methodIds: [],
      },
    ]);
  });

  it('reports a duplicated method with every copy when the profile prunes', () => {
    const store = [observed(12, flatRate), observed(10, flatRate), observed(11, freeShipping)];

    expect(verifyZone(zone, store, { prune: true })).toEqual({
      mismatches: [
        {
          zoneId: 1,
          zoneName: 'United States',
          kind: 'duplicated',
          type: 'perorder',
          name: 'Flat Rate',
          methodIds: [10, 12],
        },
      ],
      warnings: [],
    });
  });

  it('warns of a duplicated method without counting it as drift when the profile does not prune', () => {
    const store = [observed(12, flatRate), observed(10, flatRate), observed(11, freeShipping)];

    expect(verifyZone(zone, store, { prune: false })).toEqual({
      mismatches: [],
      warnings: [
        'duplicate: zone United States has 2 methods "Flat Rate" (perorder); bcship manages id 10 and leaves id 12',
      ],
    });
  });

  it('compares the managed copy of a duplicated method', () => {
    const store = [
      observed(12, flatRate),
      observed(10, flatRate, { settings: { rate: 5 } }),
      observed(11, freeShipping),
    ];

    expect(verifyZone(zone, store, { prune: true }).mismatches.map((m) => [m.kind, m.methodIds])).toEqual([
      ['duplicated', [10, 12]],
      ['different', [10]],
    ]);
  });

  it('reports a different method with the fields that differ', () => {
    const store = [observed(10, flatRate, { settings: { rate: 5 } }), observed(11, freeShipping)];

    expect(verifyZone(zone, store, { prune: false }).mismatches).toEqual([
      {
        zoneId: 1,
        zoneName: 'United States',
        kind: 'different',
        type: 'perorder',
        name: 'Flat Rate',
        methodIds: [10],
        changes: [{ path: 'settings.rate', desired: 7, actual: 5 }],
      },
    ]);
  });

  it('reports unmanaged methods as unexpected when the profile prunes', () => {
    const store = [observed(10, flatRate), observed(11, freeShipping), legacy];

    expect(verifyZone(zone, store, { prune: true }).mismatches).toEqual([
      {
        zoneId: 1,
        zoneName: 'United States',
        kind: 'unexpected',
        type: 'perorder',
        name: 'Legacy',
        methodIds: [30],
      },
    ]);
  });

  it('accepts unmanaged methods when the profile does not prune', () => {
    expect(
      verifyZone(zone, [observed(10, flatRate), observed(11, freeShipping), legacy], { prune: false })
        .mismatches,
    ).toEqual([]);
  });
});

describe('verifyZone with channels', () => {
  const store = [
    observed(5, standardOn(1, 6), { channel_ids: [1] }),
    observed(7, standardOn(2, 7), { channel_ids: [2] }),
  ];

  it("finds a zone in sync when the profile's channel matches and the other channel's method is unmanaged", () => {
    expect(verifyZone(zoneWith(standardOn(1, 6)), store, { prune: false })).toEqual({
      mismatches: [],
      warnings: [],
    });
  });

  it("reports the other channel's method as unexpected when the profile prunes", () => {
    expect(verifyZone(zoneWith(standardOn(1, 6)), store, { prune: true }).mismatches).toEqual([
      {
        zoneId: 1,
        zoneName: 'United States',
        kind: 'unexpected',
        type: 'perorder',
        name: 'Standard',
        methodIds: [7],
      },
    ]);
  });

  it('reports a channel method as missing when the store has its name only on other channels', () => {
    expect(verifyZone(zoneWith(standardOn(3, 6)), store, { prune: false }).mismatches).toEqual([
      {
        zoneId: 1,
        zoneName: 'United States',
        kind: 'missing',
        type: 'perorder',
        name: 'Standard',
        methodIds: [],
      },
    ]);
  });

  it('warns of duplicates on the same channels', () => {
    const copies = [...store, observed(9, standardOn(1, 6), { channel_ids: [1] })];

    expect(verifyZone(zoneWith(standardOn(1, 6)), copies, { prune: false }).warnings).toEqual([
      'duplicate: zone United States has 2 methods "Standard" (perorder) on channels [1]; bcship manages id 5 and leaves id 9',
    ]);
  });
});

describe('describeMismatch', () => {
  const base = { zoneId: 1, zoneName: 'United States', type: 'perorder', name: 'Flat Rate' };

  it.each<[Mismatch, string]>([
    [{ ...base, kind: 'missing', methodIds: [] }, 'missing     United States / Flat Rate (perorder)'],
    [
      { ...base, kind: 'duplicated', methodIds: [3, 7] },
      'duplicated  United States / Flat Rate (perorder): 2 copies (#3, #7)',
    ],
    [
      { ...base, kind: 'unexpected', methodIds: [9] },
      'unexpected  United States / Flat Rate (perorder) #9 (not in the profile)',
    ],
    [
      {
        ...base,
        kind: 'different',
        methodIds: [3],
        changes: [{ path: 'settings.carrier_options.delivery_services', desired: ['A', 'B'], actual: ['A'] }],
      },
      'different   United States / Flat Rate (perorder) #3: settings.carrier_options.delivery_services is [A], expected [A, B]',
    ],
  ])('describes a %s mismatch in one line', (mismatch, line) => {
    expect(describeMismatch(mismatch)).toBe(line);
  });
});
