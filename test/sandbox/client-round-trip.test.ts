/** The project's Shipping V2 client against the sandbox: the two agree on the wire. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ShippingClient } from '../../lambdas/bigcommerce/client.ts';
import { useSandbox } from '../support/sandbox-fixture.ts';

const { sandbox } = useSandbox();
let client: ShippingClient;

beforeAll(() => {
  client = new ShippingClient({
    storeHash: 'sandbox',
    accessToken: 'sandbox-token',
    baseUrl: sandbox().baseUrl('sandbox'),
    lowWatermark: 0,
  });
});

describe('ShippingClient against the sandbox', () => {
  it('round-trips zones', async () => {
    const created = await client.createZone({
      name: 'Mexico',
      type: 'country',
      locations: [{ country_iso2: 'MX' }],
    });
    await client.updateZone(created.id as number, { name: 'México' });
    expect(await client.getZone(created.id as number)).toMatchObject({ id: 4, name: 'México' });
    await client.deleteZone(created.id as number);
    expect((await client.listZones()).map((zone) => zone.id)).toEqual([1, 2, 3]);
  });

  it('round-trips a carrier connection and a carrier method', async () => {
    await client.connectCarrier('endicia', { account_id: 'acct', pass_phrase: 'phrase' });
    const method = await client.createMethod(1, {
      name: 'USPS',
      type: 'endicia',
      settings: { carrier_options: { delivery_services: ['MediaMail'] } },
      enabled: true,
    });
    expect(method).toMatchObject({ id: '1', enabled: 'true' });
    await client.updateMethod(1, 1, { enabled: false });
    expect(await client.listMethods(1)).toMatchObject([{ id: '1', name: 'USPS', enabled: 'false' }]);
    await client.updateCarrierConnection('endicia', { account_id: 'acct', pass_phrase: 'rotated' });
    await client.deleteMethod(1, 1);
    await client.disconnectCarrier('endicia');
    expect(sandbox().state('sandbox')).toMatchObject({ methodsByZone: { 1: [] }, connections: {} });
  });

  it('reads the store’s units and currency', async () => {
    expect(await client.getStore()).toMatchObject({ weight_units: 'Ounces', currency: 'USD' });
  });

  it('surfaces a sandbox 400 as BigCommerceRejected with BigCommerce’s message', async () => {
    await expect(client.createMethod(1, { name: 'FedEx', type: 'fedex' })).rejects.toMatchObject({
      name: 'BigCommerceRejected',
      message: expect.stringContaining("The carrier 'fedex' is not connected"),
    });
  });

  it('surfaces an unknown zone as BigCommerceNotFound', async () => {
    await expect(client.getZone(99)).rejects.toMatchObject({ name: 'BigCommerceNotFound' });
  });

  it.each([
    // Three in a row: the client sends a GET that failed in transit three times before giving up.
    ['503=3x', 'BigCommerceUnavailable'],
    ['reset=3x', 'BigCommerceUnavailable'],
    ['429=1x', 'BigCommerceRateLimited'],
  ])('surfaces the fault %s as %s', async (faults, errorName) => {
    sandbox().setFaults(faults);
    await expect(client.listZones()).rejects.toMatchObject({ name: errorName });
    expect((await client.listZones()).length).toBe(3);
  });

  it('sends a GET again after a 503 and a reset, and returns the store’s answer', async () => {
    sandbox().setFaults('503=1x');
    expect((await client.listZones()).length).toBe(3);
    sandbox().setFaults('reset=1x');
    expect((await client.listZones()).length).toBe(3);
  });
});
