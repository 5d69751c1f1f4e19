/**
 * An update planned by the domain and sent by the client, against the sandbox: BigCommerce replaces a method's
 * settings with the ones a PUT carries, so settings a profile leaves out must survive the update.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ShippingClient } from '../../../lambdas/bigcommerce/client.ts';
import { observeZoneMethods } from '../../../lambdas/operations/zone-methods.ts';
import { normalizeMethod } from '../../../lambdas/shipping/normalize.ts';
import { planZoneChanges, toRequestBody } from '../../../lambdas/shipping/plan.ts';
import type { DesiredMethod, ResolvedZone } from '../../../lambdas/shipping/types.ts';
import { verifyZone } from '../../../lambdas/shipping/verify.ts';
import { useSandbox } from '../../support/sandbox-fixture.ts';

const fedexInStore = {
  id: 1,
  name: 'FedEx',
  type: 'fedex',
  settings: {
    carrier_options: {
      delivery_services: ['FEDEX_GROUND'],
      dropoff_type: 'REGULAR_PICKUP',
      include_package_value: true,
      packaging_type: 'YOUR_PACKAGING',
    },
  },
};
const byWeightInStore = {
  id: 2,
  name: 'By Weight',
  type: 'weight',
  settings: {
    default_cost: 12,
    default_cost_type: 'fixed_amount',
    range: [{ lower_limit: 0, upper_limit: 10, shipping_cost: 5 }],
  },
};

const { sandbox } = useSandbox({
  seed: {
    stores: [
      {
        hash: 'sandbox',
        token: 'sandbox-token',
        connections: [
          {
            carrier_id: 'fedex',
            connection: { key: 'k', password: 'p', account_number: '510087', meter_number: '118' },
          },
        ],
        zones: [
          {
            id: 1,
            name: 'United States',
            type: 'country',
            locations: [{ country_iso2: 'US' }],
            methods: [fedexInStore, byWeightInStore],
          },
        ],
      },
    ],
  },
});

/** A profile that manages the services and the ranges only. */
const zone: ResolvedZone = {
  zoneId: 1,
  zoneName: 'United States',
  selector: '{ country: US }',
  methods: [
    {
      name: 'FedEx',
      type: 'fedex',
      enabled: true,
      settings: { carrier_options: { delivery_services: ['FEDEX_2_DAY', 'FEDEX_GROUND'] } },
    },
    {
      name: 'By Weight',
      type: 'weight',
      enabled: true,
      settings: { range: [{ lower_limit: 0, upper_limit: 20, shipping_cost: 7 }] },
    },
  ] satisfies DesiredMethod[],
};

let client: ShippingClient;
beforeAll(() => {
  client = new ShippingClient({
    storeHash: 'sandbox',
    accessToken: 'sandbox-token',
    baseUrl: sandbox().baseUrl('sandbox'),
    lowWatermark: 0,
  });
});

async function applyUpdates(): Promise<void> {
  const actions = planZoneChanges(zone, await observeZoneMethods(client, zone), { prune: false }).actions;
  expect(actions.map((action) => action.kind)).toEqual(['update-method', 'update-method']);
  for (const action of actions) {
    if (action.kind !== 'update-method') continue;
    await client.updateMethod(action.zoneId, action.methodId, toRequestBody(action.method, action.previous));
  }
}

describe('an update of the settings a profile manages, sent to the sandbox', () => {
  it('keeps the carrier options the profile leaves out', async () => {
    await applyUpdates();

    expect(normalizeMethod(await client.getMethod(1, fedexInStore.id)).settings).toEqual({
      carrier_options: {
        delivery_services: ['FEDEX_2_DAY', 'FEDEX_GROUND'],
        dropoff_type: 'REGULAR_PICKUP',
        include_package_value: true,
        packaging_type: 'YOUR_PACKAGING',
      },
    });
  });

  it('keeps the default cost of a weight method whose ranges it replaces', async () => {
    await applyUpdates();

    expect(normalizeMethod(await client.getMethod(1, byWeightInStore.id)).settings).toEqual({
      default_cost: 12,
      default_cost_type: 'fixed_amount',
      range: [{ lower_limit: 0, upper_limit: 20, shipping_cost: 7 }],
    });
  });

  it('leaves the zone matching the profile afterwards', async () => {
    await applyUpdates();

    expect(verifyZone(zone, await observeZoneMethods(client, zone), { prune: false }).mismatches).toEqual([]);
  });
});
