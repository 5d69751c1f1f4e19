import { afterEach, describe, expect, test } from 'vitest';
import { findMethodsByIdentity, observeZoneMethods } from '../../lambdas/operations/zone-methods.ts';
import { planZoneChanges, verifyZone } from '../../lambdas/shipping/index.ts';
import type { ResolvedZone } from '../../lambdas/shipping/types.ts';
import { type Fixture, STORE, seedWithMethods, startFixture } from '../support/operations-fixture.ts';

let fixture: Fixture;
afterEach(() => fixture.close());

const royalMail = {
  name: 'Royal Mail',
  type: 'royalmail',
  enabled: true,
  settings: { carrier_options: { delivery_services: ['Express24'] } },
};

const unitedStates = (...methods: ResolvedZone['methods']): ResolvedZone => ({
  zoneId: 1,
  zoneName: 'United States',
  selector: '{ country: US }',
  methods,
});

/** A royalmail method that BigCommerce holds without options: its single GET answers `settings: {}` too. */
const royalMailWithoutOptions = () =>
  seedWithMethods(
    { 1: [{ id: 5, name: 'Royal Mail', type: 'royalmail', settings: {} }], 2: [], 3: [] },
    { connections: [{ carrier_id: 'royalmail' }] },
  );

describe('observeZoneMethods', () => {
  test('reads a carrier method whose single GET has no options as having none', async () => {
    fixture = await startFixture({ seed: royalMailWithoutOptions() });
    const client = await fixture.deps.bigcommerce(STORE);

    const [method] = await observeZoneMethods(client, unitedStates(royalMail));
    expect(method).toMatchObject({ id: 5, type: 'royalmail', settings: { carrier_options: {} } });
  });

  test('lets such a method be planned: the desired options are an update', async () => {
    fixture = await startFixture({ seed: royalMailWithoutOptions() });
    const client = await fixture.deps.bigcommerce(STORE);
    const zone = unitedStates(royalMail);

    const actions = planZoneChanges(zone, await observeZoneMethods(client, zone), { prune: false }).actions;
    expect(actions).toMatchObject([
      {
        kind: 'update-method',
        methodId: 5,
        changes: [{ path: 'settings.carrier_options.delivery_services', desired: ['Express24'] }],
      },
    ]);
  });

  test('lets such a method be verified: the missing options are a mismatch, not a failure', async () => {
    fixture = await startFixture({ seed: royalMailWithoutOptions() });
    const client = await fixture.deps.bigcommerce(STORE);
    const zone = unitedStates(royalMail);

    expect(
      verifyZone(zone, await observeZoneMethods(client, zone), { prune: false }).mismatches,
    ).toMatchObject([{ kind: 'different', methodIds: [5] }]);
  });

  test('fails with the terminal BigCommerceUnexpectedResponse for a rate method whose settings stay empty', async () => {
    fixture = await startFixture({
      seed: seedWithMethods({
        1: [{ id: 6, name: 'Flat Rate', type: 'perorder', settings: {} }],
        2: [],
        3: [],
      }),
    });
    const client = await fixture.deps.bigcommerce(STORE);
    const flatRate = { name: 'Flat Rate', type: 'perorder', enabled: true, settings: { rate: 7 } };

    await expect(observeZoneMethods(client, unitedStates(flatRate))).rejects.toMatchObject({
      name: 'BigCommerceUnexpectedResponse',
      message: expect.stringContaining('method 6 Flat Rate (perorder)'),
    });
  });

  test('reads a weight method whose single GET answers settings: {} as having none, without failing', async () => {
    fixture = await startFixture({
      seed: seedWithMethods({
        1: [{ id: 7, name: 'By Weight', type: 'weight', settings: {} }],
        2: [],
        3: [],
      }),
    });
    const client = await fixture.deps.bigcommerce(STORE);
    const byWeight = {
      name: 'By Weight',
      type: 'weight',
      enabled: true,
      settings: { default_cost: null, range: [{ lower_limit: 0, upper_limit: 5, shipping_cost: 4 }] },
    };
    const zone = unitedStates(byWeight);

    const observed = await observeZoneMethods(client, zone);
    expect(observed).toMatchObject([{ id: 7, type: 'weight', settings: {} }]);
    expect(planZoneChanges(zone, observed, { prune: false }).actions).toMatchObject([
      { kind: 'update-method', methodId: 7 },
    ]);
  });

  test('reads the options a list response left out from the single GET', async () => {
    fixture = await startFixture({
      seed: seedWithMethods(
        { 1: [{ id: 5, ...royalMail }], 2: [], 3: [] },
        {
          connections: [{ carrier_id: 'royalmail' }],
        },
      ),
    });
    const client = await fixture.deps.bigcommerce(STORE);

    const [method] = await observeZoneMethods(client, unitedStates(royalMail));
    expect(method?.settings).toEqual(royalMail.settings);
  });
});

describe('findMethodsByIdentity', () => {
  test('finds every copy with the type and name, ignoring surrounding spaces', async () => {
    const flat = (id: number, name: string, type = 'perorder') => ({ id, name, type, settings: { rate: 1 } });
    fixture = await startFixture({
      seed: seedWithMethods({
        1: [flat(1, 'Flat Rate'), flat(2, 'Flat Rate', 'peritem'), flat(3, 'Flat Rate '), flat(4, 'Flat')],
        2: [],
        3: [],
      }),
    });
    const client = await fixture.deps.bigcommerce(STORE);

    const found = await findMethodsByIdentity(client, 1, { type: 'perorder', name: ' Flat Rate' });
    expect(found.map((method) => method.id)).toEqual([1, 3]);
  });
});
