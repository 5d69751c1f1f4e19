import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeAction,
  diffMethod,
  hasIdentity,
  identityOf,
  methodsNeedingDetail,
  planCarrierConnections,
  planZoneChanges,
  toRequestBody,
  toRestoreBody,
} from '../../../lambdas/shipping/plan.ts';
import { parseProfile } from '../../../lambdas/shipping/profile.ts';
import type { DesiredMethod, MethodAction, PlanAction } from '../../../lambdas/shipping/types.ts';
import { resolveZones } from '../../../lambdas/shipping/zones.ts';
import { canonicalMethodArbitrary } from './support/arbitraries.ts';
import { flatRate, observed, standardOn, zoneWith } from './support/methods.ts';
import { applyActions, InMemoryZone, observeZone } from './support/quirky-bigcommerce.ts';

const usps: DesiredMethod = {
  name: 'USPS',
  type: 'endicia',
  enabled: true,
  settings: {
    carrier_options: { delivery_services: ['MediaMail', 'PriorityExpress'], show_transit_time: true },
  },
};
const byWeight: DesiredMethod = {
  name: 'By Weight',
  type: 'weight',
  enabled: true,
  settings: {
    default_cost: 10,
    default_cost_type: 'fixed_amount',
    range: [
      { lower_limit: 0, upper_limit: 5, shipping_cost: 4 },
      { lower_limit: 5, upper_limit: 20, shipping_cost: 9 },
    ],
  },
};

const summary = (actions: readonly (PlanAction & { kind: 'connect-carrier' | MethodAction['kind'] })[]) =>
  actions.map((action) => {
    if (action.kind === 'connect-carrier') return `connect ${action.carrierId}`;
    if (action.kind === 'create-method') return `create ${action.method.name}`;
    return `${action.kind === 'update-method' ? 'update' : 'delete'} #${action.methodId}`;
  });

describe('planZoneChanges', () => {
  it('creates every method in a fresh zone, in profile order', () => {
    const actions = planZoneChanges(zoneWith(usps, flatRate), [], { prune: false }).actions;

    expect(actions).toEqual([
      { kind: 'create-method', zoneId: 1, zoneName: 'United States', method: usps },
      { kind: 'create-method', zoneId: 1, zoneName: 'United States', method: flatRate },
    ]);
  });

  it('creates only the methods a partly configured zone lacks', () => {
    const actions = planZoneChanges(zoneWith(usps, flatRate, byWeight), [observed(10, flatRate)], {
      prune: false,
    }).actions;

    expect(summary(actions)).toEqual(['create USPS', 'create By Weight']);
  });

  it('plans nothing for a zone already in sync', () => {
    const store = [observed(10, usps), observed(11, flatRate), observed(12, byWeight)];

    expect(planZoneChanges(zoneWith(usps, flatRate, byWeight), store, { prune: true }).actions).toEqual([]);
  });

  it('updates a drifted method with a field-level diff, keeping the previous state for rollback', () => {
    const drifted = observed(10, flatRate, { settings: { rate: 5 } });

    expect(planZoneChanges(zoneWith(flatRate), [drifted], { prune: false }).actions).toEqual([
      {
        kind: 'update-method',
        zoneId: 1,
        zoneName: 'United States',
        methodId: 10,
        method: flatRate,
        previous: drifted,
        changes: [{ path: 'settings.rate', desired: 7, actual: 5 }],
      },
    ]);
  });

  describe('duplicates of a managed method', () => {
    const store = [
      observed(12, flatRate),
      observed(10, flatRate, { settings: { rate: 1 } }),
      observed(11, flatRate),
    ];

    it('manages the lowest id and deletes every extra copy when prune is on', () => {
      const plan = planZoneChanges(zoneWith(flatRate), store, { prune: true });

      expect(summary(plan.actions)).toEqual(['delete #11', 'delete #12', 'update #10']);
      expect(plan.warnings).toEqual([]);
    });

    it('manages the lowest id and leaves the extra copies, with a warning, when prune is off', () => {
      const plan = planZoneChanges(zoneWith(flatRate), store, { prune: false });

      expect(summary(plan.actions)).toEqual(['update #10']);
      expect(plan.warnings).toEqual([
        'duplicate: zone United States has 3 methods "Flat Rate" (perorder); bcship manages id 10 and leaves ids 11, 12',
      ]);
    });

    it('names the channels of a duplicated channel method', () => {
      const standard: DesiredMethod = { ...flatRate, name: 'Standard', channel_ids: [1] };
      const copies = [
        observed(9, standard, { channel_ids: [1] }),
        observed(5, standard, { channel_ids: [1] }),
      ];

      expect(planZoneChanges(zoneWith(standard), copies, { prune: false })).toEqual({
        actions: [],
        warnings: [
          'duplicate: zone United States has 2 methods "Standard" (perorder) on channels [1]; bcship manages id 5 and leaves id 9',
        ],
      });
    });
  });

  describe('channels', () => {
    const store = [
      observed(5, standardOn(1, 5), { channel_ids: [1] }),
      observed(7, standardOn(2, 7), { channel_ids: [2] }),
    ];

    it("updates the profile's channel and leaves the other channel's method alone when prune is off", () => {
      expect(planZoneChanges(zoneWith(standardOn(1, 6)), store, { prune: false })).toEqual({
        actions: [
          {
            kind: 'update-method',
            zoneId: 1,
            zoneName: 'United States',
            methodId: 5,
            method: standardOn(1, 6),
            previous: store[0],
            changes: [{ path: 'settings.rate', desired: 6, actual: 5 }],
          },
        ],
        warnings: [],
      });
    });

    it("deletes the other channel's method only when prune is on", () => {
      expect(summary(planZoneChanges(zoneWith(standardOn(1, 6)), store, { prune: true }).actions)).toEqual([
        'update #5',
        'delete #7',
      ]);
    });

    it('manages one method per channel under one name', () => {
      const zone = zoneWith(standardOn(1, 5), standardOn(2, 8));

      expect(summary(planZoneChanges(zone, store, { prune: true }).actions)).toEqual(['update #7']);
    });

    it('matches a method on exactly the channel set the profile gives', () => {
      const both: DesiredMethod = { ...flatRate, channel_ids: [1, 2] };

      expect(planZoneChanges(zoneWith(both), [observed(3, flatRate)], { prune: true }).actions).toEqual([]);
    });

    it('creates a channel method when the store has that name only on other channels', () => {
      const elsewhere = [
        observed(7, standardOn(2, 7), { channel_ids: [2] }),
        observed(8, standardOn(1, 6), { channel_ids: [1, 2] }),
      ];

      expect(
        summary(planZoneChanges(zoneWith(standardOn(1, 6)), elsewhere, { prune: false }).actions),
      ).toEqual(['create Standard']);
    });

    it('on a store that lists no channels, manages the method by its one profile method of that name', () => {
      const listedWithoutChannels = [observed(9, standardOn(1, 6), { channel_ids: undefined })];

      expect(
        planZoneChanges(zoneWith(standardOn(1, 6)), listedWithoutChannels, { prune: true }).actions,
      ).toEqual([]);
    });

    it('manages a method on any channels, or on none, by a profile method without channels', () => {
      const onNone = observed(9, flatRate, { channel_ids: undefined });

      expect(planZoneChanges(zoneWith(flatRate), [onNone], { prune: true }).actions).toEqual([]);
      expect(planZoneChanges(zoneWith(flatRate), [observed(4, flatRate)], { prune: true }).actions).toEqual(
        [],
      );
    });

    it('gives a method to the profile method with its exact channels before one without channels', () => {
      const standard: DesiredMethod = { ...flatRate, name: 'Standard' };
      const zone = zoneWith(standardOn(1, 5), standard);
      const onOne = observed(5, standardOn(1, 5), { channel_ids: [1] });
      const onTwo = observed(7, standard, { channel_ids: [2] });

      expect(planZoneChanges(zone, [onTwo, onOne], { prune: true })).toEqual({ actions: [], warnings: [] });
    });
  });

  it('leaves methods the profile does not mention when prune is off', () => {
    const unmanaged = observed(20, { ...flatRate, name: 'Legacy' });

    expect(
      planZoneChanges(zoneWith(flatRate), [observed(10, flatRate), unmanaged], { prune: false }).actions,
    ).toEqual([]);
  });

  it('deletes methods the profile does not mention when prune is on, after everything else', () => {
    const store = [
      observed(5, { ...flatRate, name: 'Legacy' }),
      observed(6, flatRate),
      observed(7, flatRate, { settings: { rate: 1 } }),
      observed(8, usps, { settings: undefined, type: 'fedex' }),
    ];

    expect(summary(planZoneChanges(zoneWith(flatRate, byWeight), store, { prune: true }).actions)).toEqual([
      'delete #7',
      'create By Weight',
      'delete #5',
      'delete #8',
    ]);
  });

  it('matches names after trimming them', () => {
    expect(
      planZoneChanges(zoneWith(flatRate), [observed(10, flatRate, { name: 'Flat Rate ' })], { prune: true })
        .actions,
    ).toEqual([]);
  });

  it('tells methods of different types with the same name apart', () => {
    const sameNameOtherType = observed(10, { ...flatRate, type: 'peritem' });

    expect(
      summary(planZoneChanges(zoneWith(flatRate), [sameNameOtherType], { prune: true }).actions),
    ).toEqual(['create Flat Rate', 'delete #10']);
  });

  it('refuses to diff a matched method whose settings are unknown', () => {
    const listed = observed(10, usps, { settings: undefined });

    expect(() => planZoneChanges(zoneWith(usps), [listed], { prune: false }).actions).toThrow(
      'Cannot compare method 10 USPS (endicia): its settings are unknown',
    );
  });
});

describe('identityOf', () => {
  it('adds the sorted channels to type and name when there are any', () => {
    expect(identityOf({ type: 'perorder', name: 'Standard', channel_ids: [2, 1] })).toBe(
      identityOf({ type: 'perorder', name: ' Standard', channel_ids: [1, 2] }),
    );
    expect(identityOf({ type: 'perorder', name: 'Standard', channel_ids: [1] })).not.toBe(
      identityOf({ type: 'perorder', name: 'Standard' }),
    );
  });
});

describe('hasIdentity', () => {
  it('finds a channel identity on exactly its channels, or on a store that lists none, and one without channels on any', () => {
    const onOneAndTwo = observed(1, flatRate);
    const identity = { type: 'perorder', name: 'Flat Rate' };

    expect(hasIdentity(onOneAndTwo, { ...identity, channel_ids: [2, 1] })).toBe(true);
    expect(hasIdentity(onOneAndTwo, { ...identity, channel_ids: [1] })).toBe(false);
    expect(hasIdentity(onOneAndTwo, identity)).toBe(true);
    // A store without the channels feature lists none: its method is the one the profile names.
    expect(hasIdentity({ ...onOneAndTwo, channel_ids: undefined }, { ...identity, channel_ids: [1] })).toBe(
      true,
    );
  });
});

describe('methodsNeedingDetail', () => {
  it('lists the managed methods, every copy, whose settings came back unknown', () => {
    const store = [
      observed(10, usps, { settings: undefined }),
      observed(11, usps, { settings: undefined }),
      observed(12, flatRate),
      observed(13, { ...usps, name: 'Unmanaged' }, { settings: undefined }),
    ];

    expect(methodsNeedingDetail(zoneWith(usps, flatRate), store)).toEqual([10, 11]);
  });

  it('also lists unmanaged methods without settings when pruning, so a rollback can recreate them', () => {
    const store = [
      observed(12, flatRate),
      observed(13, { ...usps, name: 'Unmanaged' }, { settings: undefined }),
    ];

    expect(methodsNeedingDetail(zoneWith(flatRate), store, { prune: true })).toEqual([13]);
  });

  it('leaves out a same-named method on channels the profile does not manage', () => {
    const onOne: DesiredMethod = { ...usps, channel_ids: [1] };
    const store = [
      observed(10, usps, { settings: undefined, channel_ids: [1] }),
      observed(11, usps, { settings: undefined, channel_ids: [2] }),
    ];

    expect(methodsNeedingDetail(zoneWith(onOne), store)).toEqual([10]);
  });
});

describe('diffMethod', () => {
  it('reports a disabled method', () => {
    expect(diffMethod(flatRate, observed(1, flatRate, { enabled: false }))).toEqual([
      { path: 'enabled', desired: true, actual: false },
    ]);
  });

  it('reports changed delivery services at the option level', () => {
    const store = observed(1, usps, {
      settings: { carrier_options: { delivery_services: ['MediaMail'], show_transit_time: true } },
    });

    expect(diffMethod(usps, store)).toEqual([
      {
        path: 'settings.carrier_options.delivery_services',
        desired: ['MediaMail', 'PriorityExpress'],
        actual: ['MediaMail'],
      },
    ]);
  });

  it('ignores carrier options the profile leaves out', () => {
    const store = observed(1, usps, {
      settings: {
        carrier_options: { ...(usps.settings.carrier_options as object), packaging_type: 'Parcel' },
      },
    });

    expect(diffMethod(usps, store)).toEqual([]);
  });

  it('ignores range settings the profile leaves out', () => {
    const desired = { ...byWeight, settings: { range: byWeight.settings.range } };

    expect(
      diffMethod(desired, observed(1, byWeight, { settings: { ...byWeight.settings, default_cost: 99 } })),
    ).toEqual([]);
  });

  it('reports a changed range as the whole range list', () => {
    const range = [{ lower_limit: 0, upper_limit: 20, shipping_cost: 9 }];

    expect(
      diffMethod(byWeight, observed(1, byWeight, { settings: { ...byWeight.settings, range } })),
    ).toEqual([{ path: 'settings.range', desired: byWeight.settings.range, actual: range }]);
  });

  it('compares amounts at the 4 decimals BigCommerce keeps', () => {
    expect(diffMethod(flatRate, observed(1, flatRate, { settings: { rate: 7.00004 } }))).toEqual([]);
    expect(diffMethod(flatRate, observed(1, flatRate, { settings: { rate: 7.0001 } }))).toHaveLength(1);
  });

  it('treats a desired zero fee as matching a store without a fee', () => {
    const desired: DesiredMethod = { ...flatRate, handling_fees: { fixed_surcharge: 0 } };

    expect(diffMethod(desired, observed(1, flatRate))).toEqual([]);
  });

  it('reports a fee the profile sets to zero', () => {
    const desired: DesiredMethod = { ...flatRate, handling_fees: { fixed_surcharge: 0 } };

    expect(diffMethod(desired, observed(1, flatRate, { handling_fees: { fixed_surcharge: 3 } }))).toEqual([
      { path: 'handling_fees', desired: { fixed_surcharge: 0 }, actual: { fixed_surcharge: 3 } },
    ]);
  });

  it('reports a fee of the other kind', () => {
    const desired: DesiredMethod = { ...flatRate, handling_fees: { percentage_surcharge: 3 } };

    expect(
      diffMethod(desired, observed(1, flatRate, { handling_fees: { fixed_surcharge: 3 } })),
    ).toHaveLength(1);
  });

  it('leaves fees, fallback and channels alone when the profile does not set them', () => {
    const store = observed(1, flatRate, {
      handling_fees: { fixed_surcharge: 3 },
      is_fallback: true,
      channel_ids: [4],
    });

    expect(diffMethod(flatRate, store)).toEqual([]);
  });

  it('reports fallback and channels when the profile sets them', () => {
    const desired: DesiredMethod = { ...flatRate, is_fallback: true, channel_ids: [1] };

    expect(diffMethod(desired, observed(1, flatRate)).map((change) => change.path)).toEqual([
      'is_fallback',
      'channel_ids',
    ]);
  });

  it('reads "1" as true for an app carrier option the profile gives as a boolean', () => {
    const app: DesiredMethod = {
      name: 'App',
      type: 'carrier_33',
      enabled: true,
      settings: { carrier_options: { insured: true } },
    };

    expect(diffMethod(app, observed(1, app, { settings: { carrier_options: { insured: '1' } } }))).toEqual(
      [],
    );
  });
});

describe('plan, apply, plan', () => {
  const profile = parseProfile({
    name: 'round-trip',
    units: { currency: 'USD', weight: 'lb' },
    carriers: [{ id: 'endicia' }],
    zones: [
      {
        match: { id: 1 },
        methods: [
          {
            name: 'USPS',
            type: 'endicia',
            settings: {
              carrier_options: {
                delivery_services: ['Priority'],
                packaging_type: 'Parcel',
                show_transit_time: false,
              },
            },
          },
          {
            name: 'Flat Rate',
            type: 'perorder',
            settings: { rate: 7.5 },
            handling_fees: { fixed_surcharge: 0 },
          },
          {
            name: 'By Total',
            type: 'total',
            settings: {
              default_cost: 12,
              range: [
                { lower_limit: 50, upper_limit: 100000, shipping_cost: 0 },
                { lower_limit: 0, upper_limit: 50, shipping_cost: 6.25 },
              ],
            },
            channel_ids: [1],
          },
          { name: 'Free', type: 'freeshipping', enabled: false, is_fallback: true },
        ],
      },
    ],
  });
  const [zone] = resolveZones(profile, [
    { id: 1, name: 'United States', type: 'country', locations: [], enabled: true },
  ]);
  const resolved = zone!;

  const converge = (store: InMemoryZone, prune: boolean) => {
    const first = planZoneChanges(resolved, observeZone(resolved, store), { prune }).actions;
    applyActions(store, first);
    const second = planZoneChanges(resolved, observeZone(resolved, store), { prune }).actions;
    return { first, second };
  };

  it('leaves nothing to do after applying the plan to a fresh zone', () => {
    const { first, second } = converge(new InMemoryZone(), false);

    expect(first).toHaveLength(4);
    expect(second).toEqual([]);
  });

  it('leaves nothing to do after fixing drift, duplicates and unmanaged methods', () => {
    const store = new InMemoryZone([
      { ...observed(0, resolved.methods[1]!), settings: { rate: 9 }, handling_fees: { fixed_surcharge: 2 } },
      { ...observed(0, resolved.methods[1]!) },
      {
        ...observed(0, resolved.methods[0]!),
        settings: { carrier_options: { delivery_services: ['First', 'Priority'] } },
      },
      { ...observed(0, resolved.methods[0]!), enabled: false },
      { ...observed(0, { ...flatRate, name: 'Legacy' }) },
    ]);

    const { first, second } = converge(store, true);

    expect(summary(first)).toEqual([
      'delete #103',
      'delete #101',
      'update #102',
      'update #100',
      'create By Total',
      'create Free',
      'delete #104',
    ]);
    expect(second).toEqual([]);
  });

  it('keeps unmanaged methods through the round trip when prune is off', () => {
    const store = new InMemoryZone([observed(0, { ...flatRate, name: 'Legacy' })]);

    converge(store, false);

    expect(store.ids()).toContain(100);
  });
});

describe('plan, apply, plan on generated zones', () => {
  const desiredMethods = fc
    .uniqueArray(canonicalMethodArbitrary, {
      maxLength: 5,
      selector: (method) => `${method.type}/${method.name}`,
    })
    .map((methods) =>
      methods.map(
        ({ id: _, settings, ...method }): DesiredMethod => ({ ...method, settings: settings ?? {} }),
      ),
    );

  it('converges in one plan from any starting zone, whatever the methods', () => {
    fc.assert(
      fc.property(desiredMethods, desiredMethods, fc.boolean(), (wanted, existing, prune) => {
        const zone = zoneWith(...wanted);
        const store = new InMemoryZone(existing.map((method) => ({ ...method, is_fallback: false })));

        applyActions(store, planZoneChanges(zone, observeZone(zone, store), { prune }).actions);

        expect(planZoneChanges(zone, observeZone(zone, store), { prune }).actions).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('planCarrierConnections', () => {
  const profile = parseProfile({
    name: 'p',
    carriers: [{ id: 'endicia' }, { id: 'fedex' }],
    zones: [{ match: { id: 1 }, methods: [] }],
  });

  it('connects every profile carrier not connected yet', () => {
    expect(planCarrierConnections(profile, ['fedex', 'royalmail'])).toEqual([
      { kind: 'connect-carrier', carrierId: 'endicia' },
    ]);
  });

  it('connects nothing when every carrier is connected', () => {
    expect(planCarrierConnections(profile, ['endicia', 'fedex'])).toEqual([]);
  });

  it('connects every profile carrier again when asked to reconnect', () => {
    expect(planCarrierConnections(profile, ['endicia', 'fedex'], { reconnect: true })).toEqual([
      { kind: 'connect-carrier', carrierId: 'endicia' },
      { kind: 'connect-carrier', carrierId: 'fedex' },
    ]);
  });
});

describe('toRequestBody', () => {
  it('sends the managed fields only', () => {
    expect(toRequestBody(flatRate)).toEqual({
      name: 'Flat Rate',
      type: 'perorder',
      enabled: true,
      settings: { rate: 7 },
    });
  });

  it('sends fees, fallback and channels when the profile sets them', () => {
    const desired: DesiredMethod = {
      ...flatRate,
      handling_fees: { fixed_surcharge: 0 },
      is_fallback: false,
      channel_ids: [1],
    };

    expect(toRequestBody(desired)).toMatchObject({
      handling_fees: { fixed_surcharge: 0 },
      is_fallback: false,
      channel_ids: [1],
    });
  });
});

describe('toRequestBody for an update', () => {
  const uspsInStore = observed(4, usps, {
    settings: {
      carrier_options: {
        delivery_services: ['MediaMail'],
        show_transit_time: true,
        packaging_type: 'FlatRateBox',
      },
    },
  });

  it('keeps the settings the profile leaves out as the store has them', () => {
    const rangesOnly: DesiredMethod = {
      ...byWeight,
      settings: { range: [{ lower_limit: 0, upper_limit: 50, shipping_cost: 6 }] },
    };

    expect(toRequestBody(rangesOnly, observed(3, byWeight)).settings).toEqual({
      default_cost: 10,
      default_cost_type: 'fixed_amount',
      range: [{ lower_limit: 0, upper_limit: 50, shipping_cost: 6 }],
    });
  });

  it('merges carrier options one by one, the profile’s winning', () => {
    const servicesOnly: DesiredMethod = {
      ...usps,
      settings: { carrier_options: { delivery_services: ['PriorityExpress'] } },
    };

    expect(toRequestBody(servicesOnly, uspsInStore).settings).toEqual({
      carrier_options: {
        delivery_services: ['PriorityExpress'],
        show_transit_time: true,
        packaging_type: 'FlatRateBox',
      },
    });
  });

  it('sends the profile’s settings when the store’s are unknown', () => {
    expect(toRequestBody(usps, observed(4, usps, { settings: undefined })).settings).toEqual(usps.settings);
  });

  it('leaves the store’s settings of the method untouched in the request', () => {
    const before = structuredClone(uspsInStore);
    toRequestBody(usps, uspsInStore);
    expect(uspsInStore).toEqual(before);
  });

  it('sends what an update plan changes, on top of the store’s other settings', () => {
    const servicesOnly: DesiredMethod = {
      ...usps,
      settings: { carrier_options: { delivery_services: ['PriorityExpress'] } },
    };
    const [update] = planZoneChanges(zoneWith(servicesOnly), [uspsInStore], { prune: false }).actions;
    if (update?.kind !== 'update-method') throw new Error(`expected an update, got ${update?.kind}`);

    expect(toRequestBody(update.method, update.previous)).toMatchObject({
      settings: {
        carrier_options: { delivery_services: ['PriorityExpress'], packaging_type: 'FlatRateBox' },
      },
    });
  });
});

describe('toRestoreBody', () => {
  it('puts every field back, including an explicit zero fee for a method that had none', () => {
    expect(toRestoreBody(observed(3, flatRate, { enabled: false }))).toEqual({
      name: 'Flat Rate',
      type: 'perorder',
      enabled: false,
      is_fallback: false,
      settings: { rate: 7 },
      handling_fees: { fixed_surcharge: 0 },
      channel_ids: [1, 2],
    });
  });

  it('omits settings it never saw', () => {
    expect(toRestoreBody(observed(3, usps, { settings: undefined }))).not.toHaveProperty('settings');
  });
});

describe('describeAction', () => {
  const zone = { zoneId: 1, zoneName: 'United States' };

  it('describes a create', () => {
    expect(describeAction({ kind: 'create-method', ...zone, method: usps })).toBe(
      '+ create  United States / USPS (endicia)',
    );
  });

  it('describes an update with each changed field', () => {
    const previous = observed(4, flatRate, { settings: { rate: 5 }, enabled: false });
    const action: PlanAction = {
      kind: 'update-method',
      ...zone,
      methodId: 4,
      method: flatRate,
      previous,
      changes: diffMethod(flatRate, previous),
    };

    expect(describeAction(action)).toBe(
      '~ update  United States / Flat Rate (perorder): enabled false → true; settings.rate 5 → 7',
    );
  });

  it('describes a delete with the method id', () => {
    expect(
      describeAction({ kind: 'delete-method', ...zone, methodId: 9, previous: observed(9, flatRate) }),
    ).toBe('- delete  United States / Flat Rate (perorder) #9');
  });

  it('describes a carrier connection', () => {
    expect(describeAction({ kind: 'connect-carrier', carrierId: 'endicia' })).toBe(
      '+ connect carrier endicia',
    );
  });
});
