import { describe, expect, it } from 'vitest';
import { useSandbox } from '../support/sandbox-fixture.ts';

const { call, sandbox } = useSandbox();

describe('shipping zones', () => {
  it('starts with the three default zones, sorted by id', async () => {
    const { status, json } = await call('GET', '/shipping/zones');
    expect(status).toBe(200);
    expect(json).toMatchObject([
      { id: 1, name: 'United States', type: 'country', locations: [{ country_iso2: 'US' }], enabled: true },
      { id: 2, name: 'Canada', type: 'country', locations: [{ country_iso2: 'CA' }], enabled: true },
      { id: 3, name: 'Rest of World', type: 'global', locations: [] },
    ]);
  });

  it('creates a zone with 201 and the next id, and lists it', async () => {
    const created = await call('POST', '/shipping/zones', {
      name: 'South Carolina',
      type: 'state',
      locations: [{ country_iso2: 'US', state_iso2: 'SC' }],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: 4,
      name: 'South Carolina',
      type: 'state',
      locations: [{ country_iso2: 'US', state_iso2: 'SC' }],
      free_shipping: { enabled: false, minimum_sub_total: '0.0000', exclude_fixed_shipping_products: false },
      enabled: true,
    });
    const listed = await call('GET', '/shipping/zones');
    expect((listed.json as { id: number }[]).map((zone) => zone.id)).toEqual([1, 2, 3, 4]);
  });

  it('reads a single zone', async () => {
    const { status, json } = await call('GET', '/shipping/zones/2');
    expect(status).toBe(200);
    expect(json).toMatchObject({ id: 2, name: 'Canada' });
  });

  it('updates the fields given and keeps the others', async () => {
    const updated = await call('PUT', '/shipping/zones/1', { name: 'USA', enabled: false });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: 1, name: 'USA', enabled: false, type: 'country' });
    expect(sandbox().state('sandbox').zones[0]).toMatchObject({ id: 1, name: 'USA', enabled: false });
  });

  it('deletes a zone with 204 and an empty body, and its methods with it', async () => {
    await call('POST', '/shipping/zones/2/methods', {
      name: 'Flat',
      type: 'perorder',
      settings: { rate: 5 },
    });
    const deleted = await call('DELETE', '/shipping/zones/2');
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await call('GET', '/shipping/zones/2')).status).toBe(404);
    expect(sandbox().state('sandbox').methodsByZone[2]).toBeUndefined();
  });

  it('never reuses the id of a deleted zone', async () => {
    await call('DELETE', '/shipping/zones/3');
    const created = await call('POST', '/shipping/zones', { name: 'Global', type: 'global' });
    expect(created.json).toMatchObject({ id: 4 });
  });
});
