import { describe, expect, it } from 'vitest';
import { useSandbox } from '../support/sandbox-fixture.ts';
import { rawRequest } from '../support/sandbox-http.ts';

const { sandbox } = useSandbox({
  seed: {
    stores: [
      {
        hash: 'sandbox',
        token: 'sandbox-token',
        connections: [{ carrier_id: 'royalmail' }],
        zones: [{ id: 1, name: 'United States', type: 'country', locations: [{ country_iso2: 'US' }] }],
      },
    ],
  },
});

const token = { 'X-Auth-Token': 'sandbox-token' };
const read = { ...token, Accept: 'application/json' };
const write = { ...read, 'Content-Type': 'application/json' };

interface InvalidRequest {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  status: number;
  message: string;
}

const invalidRequests: InvalidRequest[] = [
  {
    name: 'a zone id that is not an integer',
    method: 'GET',
    path: '/shipping/zones/abc',
    headers: read,
    status: 400,
    message: "The path parameter 'id' must be an integer.",
  },
  {
    name: 'a method id that is not an integer',
    method: 'GET',
    path: '/shipping/zones/1/methods/x1',
    headers: read,
    status: 400,
    message: "The path parameter 'method_id' must be an integer.",
  },
  {
    name: 'no Accept header',
    method: 'GET',
    path: '/shipping/zones',
    headers: token,
    status: 400,
    message: "The header 'Accept' is required.",
  },
  {
    name: 'an Accept header that excludes JSON',
    method: 'GET',
    path: '/shipping/zones',
    headers: { ...token, Accept: 'text/html' },
    status: 406,
    message: 'The Accept header must allow application/json.',
  },
  {
    name: 'no Content-Type on POST',
    method: 'POST',
    path: '/shipping/zones',
    headers: read,
    body: { name: 'Mexico', type: 'country' },
    status: 400,
    message: "The header 'Content-Type' is required.",
  },
  {
    name: 'a Content-Type other than JSON',
    method: 'POST',
    path: '/shipping/zones',
    headers: { ...read, 'Content-Type': 'text/plain' },
    body: { name: 'Mexico', type: 'country' },
    status: 415,
    message: 'The Content-Type header must be application/json.',
  },
  {
    name: 'a body that is not JSON',
    method: 'POST',
    path: '/shipping/zones',
    headers: write,
    body: '{"name": "Mexico",',
    status: 400,
    message: 'The request body is not valid JSON',
  },
  {
    name: 'a body that is not an object',
    method: 'POST',
    path: '/shipping/zones',
    headers: write,
    body: ['Mexico'],
    status: 400,
    message: 'The request body must be an object.',
  },
  {
    name: 'a zone name of the wrong type',
    method: 'POST',
    path: '/shipping/zones',
    headers: write,
    body: { name: 7, type: 'country' },
    status: 400,
    message: "The field 'name' must be a string.",
  },
  {
    name: 'an unknown zone type',
    method: 'POST',
    path: '/shipping/zones',
    headers: write,
    body: { name: 'Mexico', type: 'continent' },
    status: 400,
    message: "The field 'type' must be one of: zip, country, state, global.",
  },
  {
    name: 'a zone without its required type',
    method: 'POST',
    path: '/shipping/zones',
    headers: write,
    body: { name: 'Mexico' },
    status: 400,
    message: 'Required fields missing [type]',
  },
  {
    name: 'a zone location of the wrong type',
    method: 'POST',
    path: '/shipping/zones',
    headers: write,
    body: { name: 'Mexico', type: 'country', locations: [{ country_iso2: 52 }] },
    status: 400,
    message: "The field 'locations[0].country_iso2' must be a string.",
  },
  {
    name: 'a zone update without a name',
    method: 'PUT',
    path: '/shipping/zones/1',
    headers: write,
    body: { enabled: false },
    status: 400,
    message: 'Required fields missing [name]',
  },
  {
    name: 'a read-only zone id in the body',
    method: 'PUT',
    path: '/shipping/zones/1',
    headers: write,
    body: { id: 1, name: 'USA' },
    status: 400,
    message: "The field 'id' cannot be written to. Please remove it from your request before trying again.",
  },
  {
    name: 'a read-only method id in the body',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { id: 9, name: 'Flat', type: 'perorder' },
    status: 400,
    message: "The field 'id' cannot be written to. Please remove it from your request before trying again.",
  },
  {
    name: 'an unknown method type',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { name: 'UPS', type: 'ups' },
    status: 400,
    message: "The field 'type' must be one of: perorder",
  },
  {
    name: 'a method without name and type',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { settings: { rate: 3 } },
    status: 400,
    message: 'Required fields missing [name, type]',
  },
  {
    name: 'a method enabled flag as a string',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { name: 'Flat', type: 'perorder', enabled: 'yes' },
    status: 400,
    message: "The field 'enabled' must be a boolean.",
  },
  {
    name: 'a per-order rate as a string',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { name: 'Flat', type: 'perorder', settings: { rate: 'eight' } },
    status: 400,
    message: "The field 'settings.rate' must be a number.",
  },
  {
    name: 'channel ids that are not integers',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { name: 'Flat', type: 'perorder', channel_ids: ['one'] },
    status: 400,
    message: "The field 'channel_ids[0]' must be an integer.",
  },
  {
    name: 'both kinds of handling fee',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { name: 'Flat', type: 'perorder', handling_fees: { fixed_surcharge: 1, percentage_surcharge: 2 } },
    status: 400,
    message: "The field 'handling_fees' takes either fixed_surcharge or percentage_surcharge, not both.",
  },
  {
    name: 'a handling fee that is not a number',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { name: 'Flat', type: 'perorder', handling_fees: { fixed_surcharge: 'three' } },
    status: 400,
    message: "The field 'handling_fees.fixed_surcharge' must be a non-negative number.",
  },
  {
    name: 'a carrier method for an unconnected carrier',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    headers: write,
    body: { name: 'FedEx', type: 'fedex' },
    status: 400,
    message: "The carrier 'fedex' is not connected.",
  },
  {
    name: 'a method in an unknown zone',
    method: 'POST',
    path: '/shipping/zones/99/methods',
    headers: write,
    body: { name: 'Flat', type: 'perorder' },
    status: 404,
    message: 'The shipping zone 99 was not found.',
  },
  {
    name: 'an unknown zone',
    method: 'GET',
    path: '/shipping/zones/99',
    headers: read,
    status: 404,
    message: 'The shipping zone 99 was not found.',
  },
  {
    name: 'an unknown method',
    method: 'GET',
    path: '/shipping/zones/1/methods/77',
    headers: read,
    status: 404,
    message: 'The shipping method 77 was not found in shipping zone 1.',
  },
  {
    name: 'a connection missing its carrier fields',
    method: 'POST',
    path: '/shipping/carrier/connection',
    headers: write,
    body: { carrier_id: 'fedex', connection: { key: 'k' } },
    status: 400,
    message: 'Required fields missing [password, account_number, meter_number]',
  },
  {
    name: 'a connection without a carrier_id',
    method: 'POST',
    path: '/shipping/carrier/connection',
    headers: write,
    body: { connection: {} },
    status: 400,
    message: 'Required fields missing [carrier_id]',
  },
  {
    name: 'a connection to an unknown carrier',
    method: 'POST',
    path: '/shipping/carrier/connection',
    headers: write,
    body: { carrier_id: 'pigeon' },
    status: 400,
    message: "The carrier_id 'pigeon' is not a carrier BigCommerce can connect.",
  },
  {
    name: 'a connection flag of the wrong type',
    method: 'POST',
    path: '/shipping/carrier/connection',
    headers: write,
    body: { carrier_id: 'auspost', connection: { auth_key: 'k', test_mode: 'no' } },
    status: 400,
    message: "The field 'connection.test_mode' must be a boolean.",
  },
  {
    name: 'a disconnect without a carrier_id',
    method: 'DELETE',
    path: '/shipping/carrier/connection',
    headers: write,
    body: {},
    status: 400,
    message: 'Required fields missing [carrier_id]',
  },
  {
    name: 'a disconnect without a body',
    method: 'DELETE',
    path: '/shipping/carrier/connection',
    headers: read,
    status: 400,
    message: 'A JSON request body is required.',
  },
  {
    name: 'a disconnect of a carrier that is not connected',
    method: 'DELETE',
    path: '/shipping/carrier/connection',
    headers: write,
    body: { carrier_id: 'endicia' },
    status: 400,
    message: "The carrier 'endicia' is not connected.",
  },
  {
    name: 'a method the path does not support',
    method: 'PATCH',
    path: '/shipping/zones/1',
    headers: write,
    body: { name: 'USA' },
    status: 405,
    message: 'The method PATCH is not allowed on /shipping/zones/1.',
  },
  {
    name: 'a path the API does not have',
    method: 'GET',
    path: '/shipping/rates',
    headers: read,
    status: 404,
    message: 'The requested resource was not found.',
  },
];

describe('invalid requests', () => {
  it.each(invalidRequests)(
    'rejects $name with a V2 error array',
    async ({ method, path, headers, body, status, message }) => {
      const response = await rawRequest(`${sandbox().baseUrl('sandbox')}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      expect(response.status).toBe(status);
      expect(response.json).toEqual([{ status, message: expect.stringContaining(message) }]);
    },
  );

  it('reports every invalid field of a body at once', async () => {
    const response = await rawRequest(`${sandbox().baseUrl('sandbox')}/shipping/zones`, {
      method: 'POST',
      headers: write,
      body: JSON.stringify({ name: 1, type: 'continent', enabled: 'yes' }),
    });
    expect(response.json).toEqual([
      { status: 400, message: "The field 'name' must be a string." },
      { status: 400, message: "The field 'type' must be one of: zip, country, state, global." },
      { status: 400, message: "The field 'enabled' must be a boolean." },
    ]);
  });

  it('changes nothing when it rejects a request', async () => {
    const before = sandbox().state('sandbox');
    await rawRequest(`${sandbox().baseUrl('sandbox')}/shipping/zones/1/methods`, {
      method: 'POST',
      headers: write,
      body: JSON.stringify({ name: 'FedEx', type: 'fedex' }),
    });
    expect(sandbox().state('sandbox')).toEqual(before);
  });

  it('accepts Accept: */* as curl sends it', async () => {
    const response = await rawRequest(`${sandbox().baseUrl('sandbox')}/shipping/zones`, {
      headers: { ...token, Accept: '*/*' },
    });
    expect(response.status).toBe(200);
  });
});
