/**
 * With quirks off, every documented response body validates against the response schema of its operation in
 * spec/bigcommerce/*.yml, through openapi-backend's response validation. The documents are read unmodified
 * apart from dropping `exclusiveMinimum: false` (see readSpecDocument), so the enum of method types is the
 * spec's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';
import {
  readSpecDocument,
  SpecValidator,
  shippingSpecFile,
  storeInformationSpecFile,
} from '../../sandbox/spec-validation.ts';
import { storeCaller } from '../support/sandbox-http.ts';

let strict: Sandbox;
let quirky: Sandbox;
let shippingSpec: SpecValidator;
let storeSpec: SpecValidator;

const seed = {
  stores: [
    {
      hash: 'store',
      token: 'token',
      connections: [
        { carrier_id: 'endicia', connection: { account_id: 'a', pass_phrase: 'p' } },
        { carrier_id: 'royalmail' },
      ],
      zones: [
        {
          id: 1,
          name: 'United States',
          type: 'country' as const,
          locations: [{ country_iso2: 'US' }],
          handling_fees: { fixed_surcharge: '2', display_separately: true },
          methods: [
            {
              id: 1,
              name: 'Flat',
              type: 'perorder',
              settings: { rate: 7 },
              handling_fees: { fixed_surcharge: 1 },
            },
            {
              id: 2,
              name: 'USPS',
              type: 'endicia',
              settings: {
                carrier_options: {
                  show_transit_time: true,
                  packaging_type: 'Parcel',
                  delivery_services: ['MediaMail'],
                },
              },
            },
            {
              id: 3,
              name: 'Royal Mail',
              type: 'royalmail',
              settings: { carrier_options: { delivery_services: ['Express24'] } },
            },
          ],
        },
      ],
    },
  ],
};

beforeAll(async () => {
  [strict, quirky, shippingSpec, storeSpec] = await Promise.all([
    startSandbox({ strict: true, seed }),
    startSandbox({ seed }),
    SpecValidator.create(readSpecDocument(shippingSpecFile)),
    SpecValidator.create(readSpecDocument(storeInformationSpecFile)),
  ]);
});
afterAll(() => Promise.all([strict?.close(), quirky?.close()]));

const bodyOperations = [
  { operationId: 'getShippingZones', method: 'GET', path: '/shipping/zones' },
  {
    operationId: 'createShippingZones',
    method: 'POST',
    path: '/shipping/zones',
    body: { name: 'Texas', type: 'state', locations: [{ country_iso2: 'US', state_iso2: 'TX' }] },
  },
  { operationId: 'getShippingZone', method: 'GET', path: '/shipping/zones/1' },
  {
    operationId: 'updateShippingZone',
    method: 'PUT',
    path: '/shipping/zones/1',
    body: { name: 'USA', free_shipping: { enabled: true, minimum_sub_total: '50' } },
  },
  { operationId: 'getShippingZoneMethods', method: 'GET', path: '/shipping/zones/1/methods' },
  {
    operationId: 'createShippingMethod',
    method: 'POST',
    path: '/shipping/zones/1/methods',
    body: {
      name: 'Per item',
      type: 'peritem',
      settings: { rate: 2 },
      handling_fees: { percentage_surcharge: '5' },
    },
  },
  { operationId: 'getShippingMethod', method: 'GET', path: '/shipping/zones/1/methods/2' },
  {
    operationId: 'updateShippingMethod',
    method: 'PUT',
    path: '/shipping/zones/1/methods/2',
    body: { enabled: false },
  },
];

describe('strict mode responses match the spec', () => {
  it.each(bodyOperations)('$operationId', async ({ operationId, method, path, body }) => {
    const response = await storeCaller(strict.baseUrl('store'), 'token')(method, path, body);
    expect(response.status).toBeLessThan(300);
    expect(shippingSpec.validateResponse(operationId, response.status, response.json)).toEqual([]);
  });

  it.each([
    { operationId: 'deleteShippingMethod', method: 'DELETE', path: '/shipping/zones/1/methods/1' },
    { operationId: 'deleteShippingZone', method: 'DELETE', path: '/shipping/zones/1' },
    {
      operationId: 'createCarrierConnection',
      method: 'POST',
      path: '/shipping/carrier/connection',
      body: {
        carrier_id: 'fedex',
        connection: { key: 'k', password: 'p', account_number: '1', meter_number: '2' },
      },
    },
    {
      operationId: 'updateCarrierConnection',
      method: 'PUT',
      path: '/shipping/carrier/connection',
      body: {
        carrier_id: 'fedex',
        connection: { key: 'k2', password: 'p', account_number: '1', meter_number: '2' },
      },
    },
    {
      operationId: 'deleteCarrierConnection',
      method: 'DELETE',
      path: '/shipping/carrier/connection',
      body: { carrier_id: 'fedex' },
    },
  ])('$operationId answers the documented 204 with no body', async ({ method, path, body }) => {
    const response = await storeCaller(strict.baseUrl('store'), 'token')(method, path, body);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
  });

  it('getStoreInformation', async () => {
    const response = await storeCaller(strict.baseUrl('store'), 'token')('GET', '/store');
    expect(storeSpec.validateResponse('getStoreInformation', 200, response.json)).toEqual([]);
  });

  it('with quirks on, the same method list does not match the spec (the check has teeth)', async () => {
    const response = await storeCaller(quirky.baseUrl('store'), 'token')('GET', '/shipping/zones/1/methods');
    expect(shippingSpec.validateResponse('getShippingZoneMethods', 200, response.json)).not.toEqual([]);
  });
});
