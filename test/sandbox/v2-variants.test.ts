/**
 * The Shipping V2 variants (sandbox/variants.ts), each both ways: a connection POST for a connected carrier, the
 * settings of a method PUT, and a list with nothing in it. Also the documented choice for PUT and DELETE of a
 * carrier that is not connected, which no variant changes.
 */
import { describe, expect, it } from 'vitest';
import type { SandboxOptions } from '../../sandbox/index.ts';
import { useSandbox } from '../support/sandbox-fixture.ts';

const endicia = { carrier_id: 'endicia', connection: { account_id: 'acct', pass_phrase: 'phrase' } };
const rotated = { carrier_id: 'endicia', connection: { account_id: 'acct2', pass_phrase: 'rotated' } };
const connectionPath = '/shipping/carrier/connection';

function fixture(variants: SandboxOptions['variants']) {
  return useSandbox({ variants });
}

describe('connection-post', () => {
  describe('reject (the default)', () => {
    const { call, sandbox } = fixture({});

    it('refuses a POST for a connected carrier with 400 and keeps its fields', async () => {
      expect(sandbox().variants['connection-post']).toBe('reject');
      expect((await call('POST', connectionPath, endicia)).status).toBe(204);
      const again = await call('POST', connectionPath, rotated);
      expect(again.status).toBe(400);
      expect(again.json).toEqual([{ status: 400, message: expect.stringContaining('Use PUT') }]);
      expect(sandbox().state('sandbox').connections).toEqual({ endicia: endicia.connection });
    });
  });

  describe('upsert', () => {
    const { call, sandbox } = fixture({ 'connection-post': 'upsert' });

    it('answers a POST for a connected carrier with 204 and replaces its fields', async () => {
      expect((await call('POST', connectionPath, endicia)).status).toBe(204);
      const again = await call('POST', connectionPath, rotated);
      expect(again.status).toBe(204);
      expect(again.text).toBe('');
      expect(sandbox().state('sandbox').connections).toEqual({ endicia: rotated.connection });
    });

    it('still checks the fields of a second POST, and a bad one changes nothing', async () => {
      await call('POST', connectionPath, endicia);
      const bad = await call('POST', connectionPath, {
        carrier_id: 'endicia',
        connection: { account_id: 'x' },
      });
      expect(bad.status).toBe(400);
      expect(sandbox().state('sandbox').connections).toEqual({ endicia: endicia.connection });
    });
  });
});

describe('PUT and DELETE of a carrier that is not connected: 400 whatever connection-post is', () => {
  for (const choice of ['reject', 'upsert'] as const) {
    describe(choice, () => {
      const { call, sandbox } = fixture({ 'connection-post': choice });

      it('refuses both with 400 and connects nothing', async () => {
        const put = await call('PUT', connectionPath, endicia);
        expect(put.status).toBe(400);
        expect(put.json).toEqual([{ status: 400, message: expect.stringContaining('is not connected') }]);
        const deleted = await call('DELETE', connectionPath, { carrier_id: 'endicia' });
        expect(deleted.status).toBe(400);
        expect(sandbox().state('sandbox').connections).toEqual({});
      });
    });
  }
});

const byWeight = {
  name: 'By weight',
  type: 'weight',
  settings: {
    default_cost: 1,
    default_cost_type: 'fixed_amount',
    range: [{ lower_limit: 0, upper_limit: 20, shipping_cost: 5 }],
  },
};

const usps = {
  name: 'USPS',
  type: 'endicia',
  settings: { carrier_options: { show_transit_time: true, delivery_services: ['MediaMail', 'Priority'] } },
};

describe('method-put-settings', () => {
  describe('replace (the default)', () => {
    const { call, sandbox } = fixture({});

    it("replaces the stored settings with the PUT's as a whole", async () => {
      expect(sandbox().variants['method-put-settings']).toBe('replace');
      await call('POST', '/shipping/zones/1/methods', byWeight);
      const updated = await call('PUT', '/shipping/zones/1/methods/1', { settings: { default_cost: 2 } });
      expect(updated.status).toBe(200);
      expect(sandbox().state('sandbox').methodsByZone[1]?.[0]?.settings).toEqual({ default_cost: 2 });
    });
  });

  describe('merge', () => {
    const { call, sandbox } = fixture({ 'method-put-settings': 'merge' });
    const storedSettings = () => sandbox().state('sandbox').methodsByZone[1]?.[0]?.settings;

    it("merges the PUT's settings over the stored ones, keeping the keys it leaves out", async () => {
      await call('POST', '/shipping/zones/1/methods', byWeight);
      await call('PUT', '/shipping/zones/1/methods/1', { settings: { default_cost: 2 } });
      expect(storedSettings()).toEqual({ ...byWeight.settings, default_cost: 2 });
    });

    it('merges objects key by key and replaces arrays', async () => {
      await call('POST', connectionPath, endicia);
      await call('POST', '/shipping/zones/1/methods', usps);
      const updated = await call('PUT', '/shipping/zones/1/methods/1', {
        settings: { carrier_options: { delivery_services: ['Priority'] } },
      });
      expect(updated.status).toBe(200);
      expect(storedSettings()).toEqual({
        carrier_options: { show_transit_time: true, delivery_services: ['Priority'] },
      });
    });

    it('leaves settings alone when the PUT carries none', async () => {
      await call('POST', '/shipping/zones/1/methods', byWeight);
      await call('PUT', '/shipping/zones/1/methods/1', { enabled: false });
      expect(storedSettings()).toEqual(byWeight.settings);
    });
  });
});

describe('empty-list', () => {
  describe('json (the default)', () => {
    const { call, sandbox } = fixture({});

    it('answers an empty list with 200 and []', async () => {
      expect(sandbox().variants['empty-list']).toBe('json');
      const listed = await call('GET', '/shipping/zones/1/methods');
      expect(listed.status).toBe(200);
      expect(listed.json).toEqual([]);
    });
  });

  describe('204', () => {
    const { call } = fixture({ 'empty-list': '204' });

    it("answers a zone's empty method list with 204 and no body", async () => {
      const listed = await call('GET', '/shipping/zones/1/methods');
      expect(listed.status).toBe(204);
      expect(listed.text).toBe('');
    });

    it('answers an empty zone list with 204, and a list with something in it as before', async () => {
      expect((await call('GET', '/shipping/zones')).status).toBe(200);
      for (const id of [1, 2, 3]) await call('DELETE', `/shipping/zones/${id}`);
      const listed = await call('GET', '/shipping/zones');
      expect(listed.status).toBe(204);
      expect(listed.text).toBe('');
    });

    it('still answers 404 for the methods of a zone that does not exist', async () => {
      expect((await call('GET', '/shipping/zones/99/methods')).status).toBe(404);
    });

    it('lists methods once there are some', async () => {
      await call('POST', '/shipping/zones/1/methods', byWeight);
      const listed = await call('GET', '/shipping/zones/1/methods');
      expect(listed.status).toBe(200);
      expect(listed.json).toHaveLength(1);
    });
  });
});
