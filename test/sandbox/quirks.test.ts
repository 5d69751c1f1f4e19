import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { useSandbox } from '../support/sandbox-fixture.ts';
import { storeCaller } from '../support/sandbox-http.ts';
import { uspsMediaMail, uspsMediaMailAsRendered } from '../support/usps-method.ts';

const { call, sandbox } = useSandbox({
  seed: {
    stores: [
      {
        hash: 'sandbox',
        token: 'sandbox-token',
        connections: [
          { carrier_id: 'endicia', connection: { account_id: 'a', pass_phrase: 'p' } },
          { carrier_id: 'royalmail' },
          { carrier_id: 'upsready' },
        ],
      },
    ],
  },
});

describe('BigCommerce response quirks (default)', () => {
  it('returns a carrier method the way the real API does', async () => {
    await call('POST', '/shipping/zones/1/methods', uspsMediaMail);
    const { json } = await call('GET', '/shipping/zones/1/methods/1');
    expect(json).toEqual({ id: '1', ...uspsMediaMailAsRendered, channel_ids: [1] });
  });

  it('keeps several delivery services as an array and false flags as "0"', async () => {
    await call('POST', '/shipping/zones/1/methods', {
      name: 'UPS',
      type: 'upsready',
      settings: {
        carrier_options: { include_package_value: false, delivery_services: ['Ground', 'Express'] },
      },
    });
    const { json } = await call('GET', '/shipping/zones/1/methods/1');
    expect(json).toMatchObject({
      settings: { carrier_options: { include_package_value: '0', delivery_services: ['Ground', 'Express'] } },
    });
  });

  it('omits is_fallback from the create response', async () => {
    const { json } = await call('POST', '/shipping/zones/1/methods', uspsMediaMail);
    expect(json).not.toHaveProperty('is_fallback');
  });

  it('renders handling fees as strings', async () => {
    const { json } = await call('POST', '/shipping/zones/1/methods', {
      name: 'Flat',
      type: 'perorder',
      settings: { rate: 7 },
      handling_fees: { percentage_surcharge: 2.5 },
    });
    expect(json).toMatchObject({ handling_fees: { percentage_surcharge: '2.5' } });
  });

  it('lists royalmail methods with empty settings but returns them in full when read alone', async () => {
    const royalMail = {
      name: 'Royal Mail',
      type: 'royalmail',
      settings: { carrier_options: { delivery_services: ['StandardFirstClass', 'Express24'] } },
    };
    await call('POST', '/shipping/zones/1/methods', royalMail);
    const listed = await call('GET', '/shipping/zones/1/methods');
    const single = await call('GET', '/shipping/zones/1/methods/1');
    expect(listed.json).toMatchObject([{ type: 'royalmail', settings: {} }]);
    expect((listed.json as { settings: object }[])[0]?.settings).toEqual({});
    expect(single.json).toMatchObject({ settings: royalMail.settings });
  });

  it('lists other methods with their settings', async () => {
    await call('POST', '/shipping/zones/1/methods', uspsMediaMail);
    const listed = await call('GET', '/shipping/zones/1/methods');
    expect(listed.json).toMatchObject([
      { settings: { carrier_options: { packaging: 'FlatRateLegalEnvelope' } } },
    ]);
  });

  it('stores the values as sent, whatever the rendering', async () => {
    await call('POST', '/shipping/zones/1/methods', uspsMediaMail);
    expect(sandbox().state('sandbox').methodsByZone[1]?.[0]).toMatchObject({
      id: 1,
      enabled: true,
      settings: uspsMediaMail.settings,
    });
  });
});

describe('strict mode', () => {
  it('returns methods in the spec’s types', async () => {
    const strict = await startSandbox({
      strict: true,
      seed: {
        stores: [
          {
            hash: 's',
            token: 't',
            connections: [{ carrier_id: 'endicia', connection: { account_id: 'a', pass_phrase: 'p' } }],
          },
        ],
      },
    });
    try {
      const strictCall = storeCaller(strict.baseUrl('s'), 't');
      const created = await strictCall('POST', '/shipping/zones/1/methods', uspsMediaMail);
      expect(created.json).toEqual({
        id: 1,
        ...uspsMediaMail,
        handling_fees: { fixed_surcharge: 0 },
        is_fallback: false,
        channel_ids: [1],
      });
    } finally {
      await strict.close();
    }
  });
});
