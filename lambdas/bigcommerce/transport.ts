/**
 * What every call to BigCommerce needs, whichever API it goes to (Shipping V2, carts and checkouts V3): the auth
 * header, a timeout, BigCommerce's rate limit (pacing and short 429 waits), and typed errors whose `name` the
 * state machine matches, with the token and request secrets redacted. One transport per client; the clients
 * own their endpoints and how to read their bodies.
 */
import { setTimeout as delay } from 'node:timers/promises';
import createClient, { type Client } from 'openapi-fetch';
import { errorForStatus, errorForTransportFailure } from './error-mapping.ts';
import {
  BigCommerceNotFound,
  BigCommerceRateLimited,
  BigCommerceTimeout,
  BigCommerceUnavailable,
  type RequestContext,
} from './errors.ts';
import { RequestPacer, retryAfterMs } from './rate-limit.ts';

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
  /** Attempts of an idempotent request (GET, PUT, DELETE) that failed in transit or with a 5xx. Default 3. */
  idempotentAttempts?: number;
  /** 0 ≤ x < 1, for the jitter of those retries. Default `Math.random`. */
  random?: () => number;
}

export const SHIPPING_CLIENT_DEFAULTS = {
  baseUrl: 'https://api.bigcommerce.com/stores/{storeHash}/v2',
  timeoutMs: 15_000,
  rateLimitBudgetMs: 5_000,
  lowWatermark: 5,
  idempotentAttempts: 3,
} as const;

/**
 * Requests that may be sent again whatever became of the first: they read, or set a state rather than add to
 * it. A POST is never resent here: creating stays find-then-create, at the state machine's level.
 */
const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE']);

/** Backoff of those retries: full jitter over 250 ms, 500 ms, … capped at 2 s. */
const RETRY_BASE_MS = 250;
const RETRY_CAP_MS = 2_000;

/** Failures a resend may cure: a 5xx, a reset connection, an unreadable body, no response in time. */
const isTransient = (error: unknown): boolean =>
  error instanceof BigCommerceUnavailable || error instanceof BigCommerceTimeout;

/** Which API a transport talks to: its base URL is the configured V2 one, with `/v2` replaced for V3. */
interface ApiProfile {
  version: 'v2' | 'v3';
  /** The OAuth scopes the calls need, as the hint of a 401 or 403 names them, e.g. `the store_cart scope`. */
  scopes: string;
}

/** Stops a 429 loop when BigCommerce keeps answering with a reset of 0 ms. */
const MAX_RATE_LIMIT_RETRIES = 3;

export const READ_HEADERS = { Accept: 'application/json' } as const;
export const WRITE_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' } as const;

/** What an openapi-fetch call resolves to, with `parseAs: 'text'` so that JSON parsing stays here. */
interface ExchangeResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

interface ResolvedOptions {
  baseUrl: string;
  /** The API's host, which network errors name (never the full URL: it may carry credentials). */
  host: string;
  idempotentAttempts: number;
  random: () => number;
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

/** The V3 API sits beside V2 under the same store path. */
function baseUrlFor(version: ApiProfile['version'], v2BaseUrl: string): string {
  if (version === 'v2') return v2BaseUrl;
  if (!v2BaseUrl.endsWith('/v2')) {
    throw invalidOption('baseUrl', 'must end with /v2, so that the V3 API is found beside it');
  }
  return `${v2BaseUrl.slice(0, -'/v2'.length)}/v3`;
}

function resolveOptions(options: ShippingClientOptions, version: ApiProfile['version']): ResolvedOptions {
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
  const v2BaseUrl = resolveBaseUrl(options.baseUrl ?? SHIPPING_CLIENT_DEFAULTS.baseUrl, options.storeHash);
  const baseUrl = baseUrlFor(version, v2BaseUrl);
  const idempotentAttempts = nonNegativeNumber(
    'idempotentAttempts',
    options.idempotentAttempts,
    SHIPPING_CLIENT_DEFAULTS.idempotentAttempts,
  );
  return {
    baseUrl,
    host: new URL(baseUrl).host,
    idempotentAttempts: Math.max(1, Math.floor(idempotentAttempts)),
    random: options.random ?? Math.random,
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
export function unexpectedBody(context: RequestContext, problem: string): never {
  throw new BigCommerceUnavailable(`the response body ${problem}`, context);
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

export class BigCommerceTransport {
  readonly #options: ResolvedOptions;
  readonly #pacer: RequestPacer;
  readonly #accessToken: string;
  readonly #scopes: string;
  readonly #fetch: typeof fetch | undefined;

  constructor(options: ShippingClientOptions, profile: ApiProfile) {
    this.#options = resolveOptions(options, profile.version);
    this.#accessToken = options.accessToken;
    this.#scopes = profile.scopes;
    this.#fetch = options.fetch;
    this.#pacer = new RequestPacer(this.#options.lowWatermark);
  }

  /** An openapi-fetch client for this transport's API that sends the token and never follows a redirect. */
  api<Paths extends {}>(): Client<Paths> {
    return createClient<Paths>({
      baseUrl: this.#options.baseUrl,
      ...(this.#fetch ? { fetch: this.#fetch } : {}),
      headers: { 'X-Auth-Token': this.#accessToken },
      redirect: 'manual',
    });
  }

  /**
   * One call: pace, send with a timeout, wait out short 429s, map failures to typed errors, and return the
   * parsed body (undefined when empty). The token and every value in `bodySecrets` are redacted from errors.
   * An idempotent request that fails in transit or with a 5xx is sent again a few times, with jittered
   * backoff, before its error goes to the state machine (whose retry redoes the whole task).
   */
  async exchange(
    context: RequestContext,
    send: (signal: AbortSignal) => Promise<ExchangeResult>,
    bodySecrets: Record<string, unknown> = {},
  ): Promise<unknown> {
    const attempts = IDEMPOTENT_METHODS.has(context.method) ? this.#options.idempotentAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#exchangeOnce(context, send, bodySecrets);
      } catch (error) {
        // The first DELETE reached BigCommerce and only its answer was lost: gone is what it wanted.
        if (attempt > 1 && context.method === 'DELETE' && error instanceof BigCommerceNotFound)
          return undefined;
        if (attempt >= attempts || !isTransient(error)) throw error;
        const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
        await this.#options.sleep(Math.floor(this.#options.random() * ceiling));
      }
    }
  }

  /** One attempt of `exchange`, its short 429 waits included. */
  async #exchangeOnce(
    context: RequestContext,
    send: (signal: AbortSignal) => Promise<ExchangeResult>,
    bodySecrets: Record<string, unknown>,
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
        const { timeoutMs, host } = this.#options;
        throw errorForTransportFailure(error, signal.aborted, timeoutMs, context, host) ?? error;
      }
      const { response } = result;
      this.#pacer.observe(response.headers, now());
      this.#report(context, response.status, now() - started);

      if (response.ok) return parseJson(result.data, context);
      if (response.status !== 429) {
        throw errorForStatus(response.status, result.error, context, secrets, this.#scopes);
      }

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
