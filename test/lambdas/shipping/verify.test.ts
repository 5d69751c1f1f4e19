import { describe, expect, it } from 'vitest';
import type { DesiredMethod, Mismatch } from '../../../lambdas/shipping/types.ts';
import { describeMismatch, verifyZone } from '../../../lambdas/shipping/verify.ts';
import { flatRate, observed, zoneWith } from './support/methods.ts';

const freeShipping: DesiredMethod = { name: 'Free', type: 'freeshipping', enabled: true, settings: {} };

const zone = zoneWith(flatRate, freeShipping);

const legacy = observed(30, { ...flatRate, name: 'Legacy' });

describe('verifyZone', () => {
  it('finds nothing wrong in a zone that matches its profile', () => {
    expect(verifyZone(zone, [observed(10, flatRate), observed(11, freeShipping)], { prune: true })).toEqual(
      [],
    );
  });

  it('reports a missing method', () => {
    expect(verifyZone(zone, [observed(10, flatRate)], { prune: false })).toEqual([
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

  it('reports a duplicated method with every copy', () => {
    const store = [observed(12, flatRate), observed(10, flatRate), observed(11, freeShipping)];

    expect(verifyZone(zone, store, { prune: false })).toEqual([
      {
        zoneId: 1,
        zoneName: 'United States',
        kind: 'duplicated',
        type: 'perorder',
        name: 'Flat Rate',
        methodIds: [10, 12],
      },
    ]);
  });

  it('reports a different method with the fields that differ', () => {
    const store = [observed(10, flatRate, { settings: { rate: 5 } }), observed(11, freeShipping)];

    expect(verifyZone(zone, store, { prune: false })).toEqual([
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

    expect(verifyZone(zone, store, { prune: true })).toEqual([
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
      verifyZone(zone, [observed(10, flatRate), observed(11, freeShipping), legacy], { prune: false }),
    ).toEqual([]);
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
