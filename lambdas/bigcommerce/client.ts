/**
 * The BigCommerce Shipping V2 client: zones, methods, carrier connections and the store settings shipping depends
 * on. Built on openapi-fetch over the generated spec types. What every call needs (the auth header, a timeout,
 * BigCommerce's rate limit, typed errors whose `name` the state machine matches) is the transport's
 * (transport.ts). Retrying anything else is the state machine's job, with backoff across invocations.
 */
import type { Client } from 'openapi-fetch';
import { isRecord } from '../shipping/values.ts';
import type { RequestContext } from './errors.ts';
import type { paths as ShippingPaths } from './generated/shipping.v2.ts';
import type { paths as StorePaths } from './generated/store-information.v2.ts';
import {
  BigCommerceTransport,
  READ_HEADERS,
  type ShippingClientOptions,
  unexpectedBody,
  WRITE_HEADERS,
} from './transport.ts';
import type {
  RawMethod,
  RawMethodInput,
  RawZone,
  RawZoneInput,
  RawZoneUpdate,
  StoreInfo,
} from './wire-types.ts';

export {
  type ResponseInfo,
  SHIPPING_CLIENT_DEFAULTS,
  type ShippingClientOptions,
} from './transport.ts';
export type {
  RawMethod,
  RawMethodInput,
  RawZone,
  RawZoneInput,
  RawZoneUpdate,
  StoreInfo,
} from './wire-types.ts';

type ApiPaths = ShippingPaths & StorePaths;

function positiveId(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(
      `${field}: must be a positive integer, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  return value;
}

function carrierIdOf(carrierId: string): string {
  if (typeof carrierId !== 'string' || carrierId.trim() === '') {
    throw new TypeError('carrierId: must be a non-empty string');
  }
  return carrierId;
}

function connectionOf(connection: Record<string, unknown>): Record<string, unknown> {
  if (connection === null || typeof connection !== 'object' || Array.isArray(connection)) {
    // The value is not echoed: a connection holds carrier credentials.
    throw new TypeError('connection: must be an object of the carrier connection fields');
  }
  return connection;
}

/** A list endpoint's body. BigCommerce v2 answers an empty collection with 204 or an empty body. */
function asList<T>(body: unknown, context: RequestContext): T[] {
  if (body === undefined) return [];
  if (!Array.isArray(body)) return unexpectedBody(context, 'is not a JSON array');
  return body as T[];
}

function asObject<T>(body: unknown, context: RequestContext): T {
  if (!isRecord(body)) return unexpectedBody(context, 'is not a JSON object');
  return body as T;
}

export class ShippingClient {
  readonly #transport: BigCommerceTransport;
  readonly #api: Client<ApiPaths>;

  constructor(options: ShippingClientOptions) {
    this.#transport = new BigCommerceTransport(options, {
      version: 'v2',
      scopes: 'the store_v2_information scope',
    });
    this.#api = this.#transport.api<ApiPaths>();
  }

  // Zones

  async listZones(): Promise<RawZone[]> {
    const context = { method: 'GET', path: '/shipping/zones' };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.GET('/shipping/zones', { params: { header: READ_HEADERS }, parseAs: 'text', signal }),
    );
    return asList<RawZone>(body, context);
  }

  async getZone(zoneId: number): Promise<RawZone> {
    const id = positiveId('zoneId', zoneId);
    const context = { method: 'GET', path: `/shipping/zones/${id}` };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.GET('/shipping/zones/{id}', {
        params: { header: READ_HEADERS, path: { id } },
        parseAs: 'text',
        signal,
      }),
    );
    return asObject<RawZone>(body, context);
  }

  async createZone(zone: RawZoneInput): Promise<RawZone> {
    const context = { method: 'POST', path: '/shipping/zones' };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.POST('/shipping/zones', {
        params: { header: WRITE_HEADERS },
        body: zone,
        parseAs: 'text',
        signal,
      }),
    );
    return asObject<RawZone>(body, context);
  }

  async updateZone(zoneId: number, zone: RawZoneUpdate): Promise<RawZone> {
    const id = positiveId('zoneId', zoneId);
    const context = { method: 'PUT', path: `/shipping/zones/${id}` };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.PUT('/shipping/zones/{id}', {
        params: { header: WRITE_HEADERS, path: { id } },
        body: zone,
        parseAs: 'text',
        signal,
      }),
    );
    return asObject<RawZone>(body, context);
  }

  async deleteZone(zoneId: number): Promise<void> {
    const id = positiveId('zoneId', zoneId);
    await this.#transport.exchange({ method: 'DELETE', path: `/shipping/zones/${id}` }, (signal) =>
      this.#api.DELETE('/shipping/zones/{id}', {
        params: { header: READ_HEADERS, path: { id } },
        parseAs: 'text',
        signal,
      }),
    );
  }

  // Methods

  async listMethods(zoneId: number): Promise<RawMethod[]> {
    const zone_id = positiveId('zoneId', zoneId);
    const context = { method: 'GET', path: `/shipping/zones/${zone_id}/methods` };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.GET('/shipping/zones/{zone_id}/methods', {
        params: { header: READ_HEADERS, path: { zone_id } },
        parseAs: 'text',
        signal,
      }),
    );
    return asList<RawMethod>(body, context);
  }

  async getMethod(zoneId: number, methodId: number): Promise<RawMethod> {
    const path = { zone_id: positiveId('zoneId', zoneId), method_id: positiveId('methodId', methodId) };
    const context = { method: 'GET', path: `/shipping/zones/${path.zone_id}/methods/${path.method_id}` };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.GET('/shipping/zones/{zone_id}/methods/{method_id}', {
        params: { header: READ_HEADERS, path },
        parseAs: 'text',
        signal,
      }),
    );
    return asObject<RawMethod>(body, context);
  }

  async createMethod(zoneId: number, method: Record<string, unknown> | RawMethodInput): Promise<RawMethod> {
    const zone_id = positiveId('zoneId', zoneId);
    const context = { method: 'POST', path: `/shipping/zones/${zone_id}/methods` };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.POST('/shipping/zones/{zone_id}/methods', {
        params: { header: WRITE_HEADERS, path: { zone_id } },
        body: asSpecMethodBody(method),
        parseAs: 'text',
        signal,
      }),
    );
    return asObject<RawMethod>(body, context);
  }

  async updateMethod(
    zoneId: number,
    methodId: number,
    method: Record<string, unknown> | RawMethodInput,
  ): Promise<RawMethod> {
    const path = { zone_id: positiveId('zoneId', zoneId), method_id: positiveId('methodId', methodId) };
    const context = { method: 'PUT', path: `/shipping/zones/${path.zone_id}/methods/${path.method_id}` };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.PUT('/shipping/zones/{zone_id}/methods/{method_id}', {
        params: { header: WRITE_HEADERS, path },
        body: asSpecMethodBody(method),
        parseAs: 'text',
        signal,
      }),
    );
    return asObject<RawMethod>(body, context);
  }

  async deleteMethod(zoneId: number, methodId: number): Promise<void> {
    const path = { zone_id: positiveId('zoneId', zoneId), method_id: positiveId('methodId', methodId) };
    const context = { method: 'DELETE', path: `/shipping/zones/${path.zone_id}/methods/${path.method_id}` };
    await this.#transport.exchange(context, (signal) =>
      this.#api.DELETE('/shipping/zones/{zone_id}/methods/{method_id}', {
        params: { header: READ_HEADERS, path },
        parseAs: 'text',
        signal,
      }),
    );
  }

  // Carrier connections. BigCommerce answers 204 whether or not the credentials work (REFERENCE §1.4).

  async connectCarrier(carrierId: string, connection: Record<string, unknown>): Promise<void> {
    await this.#sendCarrierConnection('POST', carrierId, connection);
  }

  async updateCarrierConnection(carrierId: string, connection: Record<string, unknown>): Promise<void> {
    await this.#sendCarrierConnection('PUT', carrierId, connection);
  }

  async disconnectCarrier(carrierId: string): Promise<void> {
    const body = { carrier_id: carrierIdOf(carrierId) };
    await this.#transport.exchange({ method: 'DELETE', path: '/shipping/carrier/connection' }, (signal) =>
      this.#api.DELETE('/shipping/carrier/connection', {
        params: { header: WRITE_HEADERS },
        body,
        parseAs: 'text',
        signal,
      }),
    );
  }

  /** POST creates a connection and PUT replaces one: the same body, credentials redacted from any error. */
  async #sendCarrierConnection(
    method: 'POST' | 'PUT',
    carrierId: string,
    connection: Record<string, unknown>,
  ): Promise<void> {
    const path = '/shipping/carrier/connection';
    const body = { carrier_id: carrierIdOf(carrierId), connection: connectionOf(connection) };
    await this.#transport.exchange(
      { method, path },
      (signal) => {
        const request = { params: { header: WRITE_HEADERS }, body, parseAs: 'text' as const, signal };
        return method === 'POST' ? this.#api.POST(path, request) : this.#api.PUT(path, request);
      },
      connection,
    );
  }

  // Store

  /** Store settings; shipping needs `weight_units` (weight ranges) and `currency` (order total ranges). */
  async getStore(): Promise<StoreInfo> {
    const context = { method: 'GET', path: '/store' };
    const body = await this.#transport.exchange(context, (signal) =>
      this.#api.GET('/store', { params: { header: READ_HEADERS }, parseAs: 'text', signal }),
    );
    return asObject<StoreInfo>(body, context);
  }
}

type SpecMethodBody =
  ShippingPaths['/shipping/zones/{zone_id}/methods']['post']['requestBody']['content']['application/json'];

/**
 * The spec types method settings as `{rate?}` and omits `zoom2u`/`carrier_{id}` types, so a real carrier method
 * does not fit it; BigCommerce accepts these bodies as they are.
 */
const asSpecMethodBody = (method: Record<string, unknown> | RawMethodInput): SpecMethodBody =>
  method as SpecMethodBody;

export function createShippingClient(options: ShippingClientOptions): ShippingClient {
  return new ShippingClient(options);
}
