import { describe, expect, it } from 'vitest';
import { useSandbox } from '../support/sandbox-fixture.ts';

const { call, sandbox } = useSandbox();

const endicia = { carrier_id: 'endicia', connection: { account_id: 'acct', pass_phrase: 'phrase' } };

describe('carrier connections', () => {
  it('connects a carrier with 204 and no body', async () => {
    const connected = await call('POST', '/shipping/carrier/connection', endicia);
    expect(connected.status).toBe(204);
    expect(connected.text).toBe('');
    expect(sandbox().state('sandbox').connections).toEqual({ endicia: endicia.connection });
  });

  it('updates the credentials of a connected carrier with PUT', async () => {
    await call('POST', '/shipping/carrier/connection', endicia);
    const updated = await call('PUT', '/shipping/carrier/connection', {
      carrier_id: 'endicia',
      connection: { account_id: 'acct', pass_phrase: 'rotated' },
    });
    expect(updated.status).toBe(204);
    expect(sandbox().state('sandbox').connections.endicia).toEqual({
      account_id: 'acct',
      pass_phrase: 'rotated',
    });
  });

  it('disconnects with a DELETE that carries the carrier_id in its JSON body', async () => {
    await call('POST', '/shipping/carrier/connection', endicia);
    const disconnected = await call('DELETE', '/shipping/carrier/connection', { carrier_id: 'endicia' });
    expect(disconnected.status).toBe(204);
    expect(sandbox().state('sandbox').connections).toEqual({});
  });

  it('asks for PUT when POSTing a carrier that is already connected', async () => {
    await call('POST', '/shipping/carrier/connection', endicia);
    const again = await call('POST', '/shipping/carrier/connection', endicia);
    expect(again.status).toBe(400);
    expect(again.json).toEqual([{ status: 400, message: expect.stringContaining('Use PUT') }]);
  });

  it('refuses PUT for a carrier that is not connected', async () => {
    const updated = await call('PUT', '/shipping/carrier/connection', endicia);
    expect(updated.status).toBe(400);
    expect(updated.json).toEqual([{ status: 400, message: expect.stringContaining('Use POST') }]);
  });

  it.each([
    ['endicia', { account_id: 'a', pass_phrase: 'p' }],
    ['fedex', { key: 'k', password: 'p', account_number: '1', meter_number: '2' }],
    ['auspost', { auth_key: 'k', test_mode: false }],
    ['zoom2u', { auth_key: 'k', test_mode: true }],
    ['royalmail', {}],
    ['carrier_33', {}],
  ])('connects %s with its documented fields', async (carrierId, connection) => {
    const connected = await call('POST', '/shipping/carrier/connection', {
      carrier_id: carrierId,
      connection,
    });
    expect(connected.status).toBe(204);
  });

  it.each([
    ['endicia', '[account_id, pass_phrase]'],
    ['fedex', '[key, password, account_number, meter_number]'],
    ['auspost', '[auth_key, test_mode]'],
    ['zoom2u', '[auth_key, test_mode]'],
  ])('lists the missing connection fields of %s', async (carrierId, missing) => {
    const rejected = await call('POST', '/shipping/carrier/connection', {
      carrier_id: carrierId,
      connection: {},
    });
    expect(rejected.status).toBe(400);
    expect(rejected.json).toEqual([{ status: 400, message: `Required fields missing ${missing}` }]);
  });

  it('never echoes connection values in an error', async () => {
    const rejected = await call('POST', '/shipping/carrier/connection', {
      carrier_id: 'zoom2u',
      connection: { auth_key: 'very-secret-key', test_mode: 'yes' },
    });
    expect(rejected.status).toBe(400);
    expect(rejected.text).toContain('test_mode');
    expect(rejected.text).not.toContain('very-secret-key');
  });
});
