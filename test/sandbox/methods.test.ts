import { describe, expect, it } from 'vitest';
import { useSandbox } from '../support/sandbox-fixture.ts';

const { call, sandbox } = useSandbox({ strict: true });

const flatRate = { name: 'Flat Rate', type: 'perorder', settings: { rate: 8 }, enabled: true };

describe('shipping methods', () => {
  it('creates a method with 200 (not 201) and defaults for the fields not given', async () => {
    const created = await call('POST', '/shipping/zones/1/methods', flatRate);
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      id: 1,
      ...flatRate,
      handling_fees: { fixed_surcharge: 0 },
      is_fallback: false,
      channel_ids: [1],
    });
  });

  it('numbers methods in one sequence across all zones of the store', async () => {
    const first = await call('POST', '/shipping/zones/1/methods', flatRate);
    const second = await call('POST', '/shipping/zones/2/methods', flatRate);
    const third = await call('POST', '/shipping/zones/1/methods', { ...flatRate, name: 'Second' });
    expect([first.json, second.json, third.json].map((method) => (method as { id: number }).id)).toEqual([
      1, 2, 3,
    ]);
  });

  it('lists a zone’s methods sorted by id', async () => {
    await call('POST', '/shipping/zones/1/methods', { ...flatRate, name: 'A' });
    await call('POST', '/shipping/zones/2/methods', { ...flatRate, name: 'B' });
    await call('POST', '/shipping/zones/1/methods', { ...flatRate, name: 'C' });
    const listed = await call('GET', '/shipping/zones/1/methods');
    expect(listed.json).toMatchObject([
      { id: 1, name: 'A' },
      { id: 3, name: 'C' },
    ]);
  });

  it('reads a single method', async () => {
    await call('POST', '/shipping/zones/1/methods', flatRate);
    const read = await call('GET', '/shipping/zones/1/methods/1');
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: 1, name: 'Flat Rate', settings: { rate: 8 } });
  });

  it('updates partially: given top-level fields replace the stored ones, settings as a whole', async () => {
    await call('POST', '/shipping/zones/1/methods', {
      name: 'By weight',
      type: 'weight',
      settings: { default_cost: 1, default_cost_type: 'fixed_amount', range: [] },
      channel_ids: [1],
    });
    const updated = await call('PUT', '/shipping/zones/1/methods/1', {
      settings: { range: [{ lower_limit: 0, upper_limit: 10, shipping_cost: 4 }] },
      handling_fees: { fixed_surcharge: '0' },
      channel_ids: [2, 3],
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toEqual({
      id: 1,
      name: 'By weight',
      type: 'weight',
      settings: { range: [{ lower_limit: 0, upper_limit: 10, shipping_cost: 4 }] },
      enabled: true,
      handling_fees: { fixed_surcharge: 0 },
      is_fallback: false,
      channel_ids: [2, 3],
    });
  });

  it('deletes a method with 204 and an empty body', async () => {
    await call('POST', '/shipping/zones/1/methods', flatRate);
    const deleted = await call('DELETE', '/shipping/zones/1/methods/1');
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(sandbox().state('sandbox').methodsByZone[1]).toEqual([]);
  });

  it('does not find a method through another zone', async () => {
    await call('POST', '/shipping/zones/1/methods', flatRate);
    expect((await call('GET', '/shipping/zones/2/methods/1')).status).toBe(404);
  });

  it('creates a carrier method once its carrier is connected', async () => {
    await call('POST', '/shipping/carrier/connection', {
      carrier_id: 'endicia',
      connection: { account_id: 'acct', pass_phrase: 'phrase' },
    });
    const created = await call('POST', '/shipping/zones/1/methods', {
      name: 'USPS',
      type: 'endicia',
      settings: { carrier_options: { delivery_services: ['PriorityExpress', 'MediaMail'] } },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ type: 'endicia' });
  });

  it('accepts zoom2u and Shipping Provider app (carrier_{id}) types, which the spec enum lacks', async () => {
    await call('POST', '/shipping/carrier/connection', {
      carrier_id: 'zoom2u',
      connection: { auth_key: 'k', test_mode: true },
    });
    await call('POST', '/shipping/carrier/connection', { carrier_id: 'carrier_33', connection: {} });
    const zoom2u = await call('POST', '/shipping/zones/1/methods', { name: 'Zoom2U', type: 'zoom2u' });
    const app = await call('POST', '/shipping/zones/1/methods', {
      name: 'Example Shipping Carrier',
      type: 'carrier_33',
      settings: { carrier_options: { account_id: 'a1ty' } },
    });
    expect([zoom2u.status, app.status]).toEqual([200, 200]);
  });

  it('refuses to switch a method to an unconnected carrier on update', async () => {
    await call('POST', '/shipping/zones/1/methods', flatRate);
    const updated = await call('PUT', '/shipping/zones/1/methods/1', { type: 'fedex' });
    expect(updated.status).toBe(400);
    expect(updated.json).toEqual([
      { status: 400, message: expect.stringContaining("'fedex' is not connected") },
    ]);
  });
});
