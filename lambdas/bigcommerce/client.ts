/**
 * The BigCommerce Shipping V2 client: zones, methods, carrier connections and the store settings shipping depends
 * on. Built on openapi-fetch over the generated spec types. It owns what every call needs: the auth header, a
 * timeout, BigCommerce's rate limit (pacing and short 429 waits), and typed errors whose `name` the state machine
 * matches. Retrying anything else is the state machine's job, with backoff across invocations.
 */
import { setTimeout as delay } from 'node:timers/promises';
import createClient, { type Client } from 'openapi-fetch';
import { isRecord } from '../shipping/values.ts';
import { errorForStatus, errorForTransportFailure } from './error-mapping.ts';
import { BigCommerceRateLimited, BigCommerceUnavailable, type RequestContext } from './errors.ts';
import type { paths as ShippingPaths } from './generated/shipping.v2.ts';
import type { paths as StorePaths } from './generated/store-information.v2.ts';
import { RequestPacer, retryAfterMs } from './rate-limit.ts';
import type {
  RawMethod,
  RawMethodInput,
  RawZone,
  RawZoneInput,
  RawZoneUpdate,
  StoreInfo,
} from './wire-types.ts';

export type {
  RawMethod,
  RawMethodInput,
  RawZone,
  RawZoneInput,
  RawZoneUpdate,
  StoreInfo,
} from './wire-types.ts';

export interface ResponseInfo {
  method: string;
  /** Relative to the API base, e.g. `/shipping/zones/1`. */
  path: string;
  status: number;
  durationMs: number;
}

export interface ShippingClientOptions {
  storeHash: string;
  accessToken: string;
  /** Full base URL up to and including `/v2`; may contain `{storeHash}`. Default https://api.bigcommerce.com/stores/{storeHash}/v2 */
  baseUrl?: string;
  /** Per request, including reading the response body. Default 15000. */
  timeoutMs?: number;
  /** Longest total 429 wait done in-process for one call, default 5000; longer → BigCommerceRateLimited carrying retryAfterMs. */
  rateLimitBudgetMs?: number;
  /** When X-Rate-Limit-Requests-Left <= this, wait resetMs/(left+1) before the next request. Default 5. */
  lowWatermark?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds on a monotonic clock, for pacing and response durations. Default `performance.now`. */
  now?: () => number;
  /** Called once per HTTP response, 429s included. Carries no header, body or token. */
  onResponse?: (info: ResponseInfo) => void;
}

export const SHIPPING_CLIENT_DEFAULTS = {
  baseUrl: 'https://api.bigcommerce.com/stores/{storeHash}/v2',
  timeoutMs: 15_000,
  rateLimitBudgetMs: 5_000,
  lowWatermark: 5,
} as const;

/** Stops a 429 loop when BigCommerce keeps answering with a reset of 0 ms. */
const MAX_RATE_LIMIT_RETRIES = 3;

const READ_HEADERS = { Accept: 'application/json' } as const;
const WRITE_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' } as const;

type ApiPaths = ShippingPaths & StorePaths;

/** What an openapi-fetch call resolves to, with `parseAs: 'text'` so that JSON parsing stays here. */
interface ExchangeResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

interface ResolvedOptions {
  baseUrl: string;
  timeoutMs: number;
  rateLimitBudgetMs: number;
  lowWatermark: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onResponse: ((info: ResponseInfo) => void) | undefined;
}

function invalidOption(field: string, reason: string): TypeError {
  return new TypeError(`ShippingClientOptions.${field}: ${reason}`);
}

function nonNegativeNumber(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidOption(field, `must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

function resolveBaseUrl(template: string, storeHash: string): string {
  const resolved = template.replaceAll('{storeHash}', encodeURIComponent(storeHash)).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(resolved);
  } catch {
    // The value is not echoed: a base URL may carry credentials.
    throw invalidOption('baseUrl', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidOption('baseUrl', 'must be an absolute http(s) URL');
  }
  return resolved;
}

function resolveOptions(options: ShippingClientOptions): ResolvedOptions {
  if (typeof options.storeHash !== 'string' || !/^[A-Za-z0-9]+$/.test(options.storeHash)) {
    throw invalidOption('storeHash', 'must be a non-empty string of letters and digits');
  }
  // Never echoes the token; only says what is wrong with it.
  if (typeof options.accessToken !== 'string' || options.accessToken.trim() === '') {
    throw invalidOption('accessToken', 'must be a non-empty string');
  }
  if (!/^[\x21-\x7e]+$/.test(options.accessToken)) {
    throw invalidOption('accessToken', 'must contain only printable ASCII characters without spaces');
  }
  const timeoutMs = nonNegativeNumber('timeoutMs', options.timeoutMs, SHIPPING_CLIENT_DEFAULTS.timeoutMs);
  if (timeoutMs === 0) throw invalidOption('timeoutMs', 'must be greater than 0');
  const lowWatermark = nonNegativeNumber(
    'lowWatermark',
    options.lowWatermark,
    SHIPPING_CLIENT_DEFAULTS.lowWatermark,
  );
  return {
    baseUrl: resolveBaseUrl(options.baseUrl ?? SHIPPING_CLIENT_DEFAULTS.baseUrl, options.storeHash),
    timeoutMs,
    rateLimitBudgetMs: nonNegativeNumber(
      'rateLimitBudgetMs',
      options.rateLimitBudgetMs,
      SHIPPING_CLIENT_DEFAULTS.rateLimitBudgetMs,
    ),
    lowWatermark,
    sleep: options.sleep ?? ((ms: number) => delay(ms)),
    now: options.now ?? (() => performance.now()),
    onResponse: options.onResponse,
  };
}

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

function parseJson(text: unknown, context: RequestContext): unknown {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return unexpectedBody(context, 'is not valid JSON');
  }
}

/**
 * A 2xx whose body is not what the endpoint returns (an HTML page from a proxy, a truncated body) is treated as
 * the platform being unwell: retryable, and safe to retry since creates are find-then-create.
 */
function unexpectedBody(context: RequestContext, problem: string): never {
  throw new BigCommerceUnavailable(`the response body ${problem}`, context);
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

/**
 * Settles with `work`, or rejects when `signal` aborts first. Node's fetch already honours the signal, through the
 * body read too; this keeps the timeout for an injected `fetch` that ignores it.
 */
async function withinDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // An abandoned request may still fail later; that failure has no one left to report to.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

export class ShippingClient {
  readonly #options: ResolvedOptions;
  readonly #api: Client<ApiPaths>;
  readonly #pacer: RequestPacer;
  readonly #accessToken: string;

  constructor(options: ShippingClientOptions) {
    this.#options = resolveOptions(options);
    this.#accessToken = options.accessToken;
    this.#pacer = new RequestPacer(this.#options.lowWatermark);
    this.#api = createClient<ApiPaths>({
      baseUrl: this.#options.baseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      headers: { 'X-Auth-Token': options.accessToken },
      redirect: 'manual',
    });
  }

  // Zones

  async listZones(): Promise<RawZone[]> {
    const context = { method: 'GET', path: '/shipping/zones' };
    const body = await this.#exchange(context, (signal) =>
      this.#api.GET('/shipping/zones', { params: { header: READ_HEADERS }, parseAs: 'text', signal }),
    );
    return asList<RawZone>(body, context);
  }

  async getZone(zoneId: number): Promise<RawZone> {
    const id = positiveId('zoneId', zoneId);
    const context = { method: 'GET', path: `/shipping/zones/${id}` };
    const body = await this.#exchange(context, (signal) =>
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
    const body = await this.#exchange(context, (signal) =>
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
    const body = await this.#exchange(context, (signal) =>
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
    await this.#exchange({ method: 'DELETE', path: `/shipping/zones/${id}` }, (signal) =>
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
    const body = await this.#exchange(context, (signal) =>
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
    const body = await this.#exchange(context, (signal) =>
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
    const body = await this.#exchange(context, (signal) =>
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
    const body = await this.#exchange(context, (signal) =>
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
    await this.#exchange(context, (signal) =>
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
    await this.#exchange({ method: 'DELETE', path: '/shipping/carrier/connection' }, (signal) =>
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
    await this.#exchange(
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
    const body = await this.#exchange(context, (signal) =>
      this.#api.GET('/store', { params: { header: READ_HEADERS }, parseAs: 'text', signal }),
    );
    return asObject<StoreInfo>(body, context);
  }

  /**
   * One call: pace, send with a timeout, wait out short 429s, map failures to typed errors, and return the
   * parsed body (undefined when empty). The token and every value in `bodySecrets` are redacted from errors.
   */
  async #exchange(
    context: RequestContext,
    send: (signal: AbortSignal) => Promise<ExchangeResult>,
    bodySecrets: Record<string, unknown> = {},
  ): Promise<unknown> {
    const secrets = [this.#accessToken, bodySecrets];
    const { now } = this.#options;
    let rateLimitWaitedMs = 0;
    for (let rateLimitRetries = 0; ; rateLimitRetries++) {
      await this.#pace(context);
      const started = now();
      const signal = AbortSignal.timeout(this.#options.timeoutMs);
      let result: ExchangeResult;
      try {
        result = await withinDeadline(send(signal), signal);
      } catch (error) {
        throw errorForTransportFailure(error, signal.aborted, this.#options.timeoutMs, context) ?? error;
      }
      const { response } = result;
      this.#pacer.observe(response.headers, now());
      this.#report(context, response.status, now() - started);

      if (response.ok) return parseJson(result.data, context);
      if (response.status !== 429) throw errorForStatus(response.status, result.error, context, secrets);

      const waitMs = retryAfterMs(response.headers);
      if (waitMs === undefined) throw new BigCommerceRateLimited(context);
      const withinBudget = rateLimitWaitedMs + waitMs <= this.#options.rateLimitBudgetMs;
      if (!withinBudget || rateLimitRetries >= MAX_RATE_LIMIT_RETRIES) {
        throw new BigCommerceRateLimited(context, waitMs);
      }
      await this.#options.sleep(waitMs);
      rateLimitWaitedMs += waitMs;
      this.#pacer.forget();
    }
  }

  /**
   * Waits before sending when the store's quota runs low. An exhausted window whose reset is further away than
   * the budget is not waited for in-process, and no request is sent into it.
   */
  async #pace(context: RequestContext): Promise<void> {
    const { delayMs, exhausted } = this.#pacer.beforeRequest(this.#options.now());
    if (delayMs <= 0) return;
    if (exhausted && delayMs > this.#options.rateLimitBudgetMs) {
      throw new BigCommerceRateLimited(context, delayMs);
    }
    await this.#options.sleep(Math.min(delayMs, this.#options.rateLimitBudgetMs));
    if (exhausted) this.#pacer.forget();
  }

  #report(context: RequestContext, status: number, durationMs: number): void {
    if (!this.#options.onResponse) return;
    try {
      this.#options.onResponse({
        method: context.method,
        path: context.path,
        status,
        durationMs: Math.round(durationMs),
      });
    } catch {
      // An observer's failure must not fail a request that succeeded at BigCommerce.
    }
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
