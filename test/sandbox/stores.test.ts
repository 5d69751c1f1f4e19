import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';
import { rawRequest, storeCaller, v2Headers } from '../support/sandbox-http.ts';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: {
      stores: [
        {
          hash: 'abc123',
          token: 'token-abc',
          info: { weight_units: 'Kilograms', currency: 'EUR', name: 'Abc' },
        },
        { hash: 'xyz789', token: 'token-xyz', zones: [] },
      ],
    },
  });
});
afterAll(() => sandbox?.close());

describe('stores and authentication', () => {
  it('answers 401 in V2 form when the token is missing', async () => {
    const response = await rawRequest(`${sandbox.baseUrl('abc123')}/shipping/zones`, {
      headers: { Accept: 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(response.json).toEqual([{ status: 401, message: expect.stringContaining('X-Auth-Token') }]);
  });

  it('answers 401 to another store’s token', async () => {
    const response = await rawRequest(`${sandbox.baseUrl('abc123')}/shipping/zones`, {
      headers: v2Headers('token-xyz'),
    });
    expect(response.status).toBe(401);
    expect(response.text).not.toContain('token-xyz');
  });

  it('answers 404 in V2 form for an unknown store', async () => {
    const response = await rawRequest(`${sandbox.baseUrl('nosuchstore')}/shipping/zones`, {
      headers: v2Headers('token-abc'),
    });
    expect(response.status).toBe(404);
    expect(response.json).toEqual([{ status: 404, message: "The store 'nosuchstore' was not found." }]);
  });

  it('keeps each store’s state apart', async () => {
    const abc = storeCaller(sandbox.baseUrl('abc123'), 'token-abc');
    const xyz = storeCaller(sandbox.baseUrl('xyz789'), 'token-xyz');
    await xyz('POST', '/shipping/zones', { name: 'Only in xyz', type: 'global' });
    expect((await abc('GET', '/shipping/zones')).json).toHaveLength(3);
    expect((await xyz('GET', '/shipping/zones')).json).toMatchObject([{ id: 1, name: 'Only in xyz' }]);
  });

  it('serves store information with the seeded units and currency', async () => {
    const abc = storeCaller(sandbox.baseUrl('abc123'), 'token-abc');
    const { status, json } = await abc('GET', '/store');
    expect(status).toBe(200);
    expect(json).toMatchObject({ id: 'abc123', name: 'Abc', weight_units: 'Kilograms', currency: 'EUR' });
  });

  it('logs every request with its method, path, status and time', async () => {
    sandbox.clearLog();
    await rawRequest(`${sandbox.baseUrl('abc123')}/shipping/zones/1?ignored=1`, {
      headers: v2Headers('token-abc'),
    });
    expect(sandbox.requests).toEqual([
      { method: 'GET', path: '/stores/abc123/v2/shipping/zones/1', status: 200, at: expect.any(Number) },
    ]);
  });

  it('reports state as a copy the caller cannot change', () => {
    const snapshot = sandbox.state('abc123');
    snapshot.zones.pop();
    expect(sandbox.state('abc123').zones).toHaveLength(3);
  });

  it('names the store when asked for the state of one it does not have', () => {
    expect(() => sandbox.state('missing')).toThrow("The sandbox has no store 'missing'.");
  });
});
