/**
 * A faithful, stateful, local BigCommerce Shipping V2 server for tests and demos, with the V3 carts and
 * checkouts that checkout verification uses. See README.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FaultInjector,
  type FaultKind,
  type FaultSpec,
  type LatencySpec,
  latencySchedule,
} from './faults.ts';
import { acceptsJson, headerValue, isJsonContentType, parseJsonObject, readBody } from './http-io.ts';
import { StoreRateLimiter } from './rate-limit.ts';
import { defaultSeed, materializeSeed, type SandboxSeed, type SeededStore } from './seed.ts';
import { shippingOperations } from './shipping-operations.ts';
import {
  readSpecDocument,
  SpecValidator,
  shippingSpecFile,
  storeInformationSpecFile,
  widenShippingMethodTypes,
} from './spec-validation.ts';
import type { StoreSnapshot } from './store-state.ts';
import { notFound, readOnlyId, V2Error } from './v2-errors.ts';
import { V3Error } from './v3-errors.ts';
import { handleV3Request } from './v3-routes.ts';

export interface SandboxOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port to bind (default 0: an ephemeral port; read `url`). */
  port?: number;
  /** Stores to start with (default: store `sandbox`, token `sandbox-token`, three zones). */
  seed?: SandboxSeed;
  /** Requests per store per window (default 150, BigCommerce's Standard/Plus quota). */
  quota?: number;
  /** Rate-limit window (default 30 000 ms). */
  windowMs?: number;
  /** Clock for rate-limit windows and log timestamps (default Date.now). */
  now?: () => number;
  /** Turn the documented response quirks off so bodies match the spec's types (default false). */
  strict?: boolean;
  /** Faults to inject: an object or the CLI string form (see faults.ts). */
  faults?: FaultSpec | string;
  /** Delay added before every response. */
  latency?: LatencySpec;
  /** How to wait for `latency` (default: a timer); tests inject one that records the delays. */
  sleep?: (ms: number) => Promise<void>;
  /** Called once per request, when its outcome is known. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  /** The request path without the query string. */
  path: string;
  /** The status sent, or null when no response was sent (timeout, reset, lost with a reset). */
  status: number | null;
  /** `now()` when the request arrived. */
  at: number;
  fault?: FaultKind;
}

export interface SandboxStore {
  hash: string;
  token: string;
  baseUrl: string;
}

export interface Sandbox {
  /** Origin, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** `${url}/stores/${storeHash}/v2`: what a client's `baseUrl` option takes. */
  baseUrl(storeHash: string): string;
  /** A deep copy of one store's zones, methods by zone, and carrier connections. */
  state(storeHash: string): StoreSnapshot;
  /** A copy of the request log, oldest first. */
  readonly requests: RequestLogEntry[];
  clearLog(): void;
  /** Replace the fault rules (and restart their PRNG); `undefined` removes them. */
  setFaults(spec: FaultSpec | string | undefined): void;
  /** Back to the seed: state, rate-limit windows, request log and the faults given at start. */
  reset(): void;
  stores(): SandboxStore[];
  close(): Promise<void>;
}

interface Outcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Validators {
  shipping: SpecValidator;
  storeInformation: SpecValidator;
}

// Compiling the spec's validators takes a moment; every sandbox in a process shares them (they hold no state).
let validatorsPromise: Promise<Validators> | undefined;

function loadValidators(): Promise<Validators> {
  validatorsPromise ??= Promise.all([
    SpecValidator.create(widenShippingMethodTypes(readSpecDocument(shippingSpecFile))),
    SpecValidator.create(readSpecDocument(storeInformationSpecFile)),
  ]).then(([shipping, storeInformation]) => ({ shipping, storeInformation }));
  return validatorsPromise;
}

const storePath = /^\/stores\/([^/]+)\/(v2|v3)(\/.*)?$/;

type ApiVersion = 'v2' | 'v3';

const faultMessages: Partial<Record<FaultKind, { status: number; message: string }>> = {
  '429': { status: 429, message: 'Too many requests: the platform is under heavy load.' },
  '500': { status: 500, message: 'Internal Server Error' },
  '502': { status: 502, message: 'Bad Gateway' },
  '503': { status: 503, message: 'Service Unavailable' },
};

/** An error in the body format of the API the request was for: a V2 array or a V3 object. */
function apiError(version: ApiVersion, status: number, message: string): V2Error | V3Error {
  return version === 'v3' ? new V3Error(status, message) : new V2Error(status, message);
}

const versionOf = (path: string): ApiVersion => (storePath.exec(path)?.[2] === 'v3' ? 'v3' : 'v2');

const defaultSleep = (ms: number) =>
  ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const quota = options.quota ?? 150;
  const windowMs = options.windowMs ?? 30_000;
  if (!Number.isInteger(quota) || quota < 1)
    throw new Error(`quota must be a positive integer, got ${quota}`);
  if (!Number.isFinite(windowMs) || windowMs <= 0)
    throw new Error(`windowMs must be positive, got ${windowMs}`);
  const now = options.now ?? Date.now;
  const quirks = options.strict !== true;
  const seed = options.seed ?? defaultSeed;
  const sleep = options.sleep ?? defaultSleep;
  let stores = materializeSeed(seed);
  let faults = new FaultInjector(options.faults);
  let latency = latencySchedule(options.latency);
  const limiter = new StoreRateLimiter({ quota, windowMs, now });
  const validators = await loadValidators();
  const log: RequestLogEntry[] = [];

  async function handleStoreRequest(
    request: IncomingMessage,
    method: string,
    url: URL,
    rawBody?: string,
  ): Promise<Outcome> {
    const [, storeHash = '', matchedVersion, rest = '/'] = storePath.exec(url.pathname) ?? [];
    if (matchedVersion === undefined) return failure(notFound());
    const version = matchedVersion as ApiVersion;
    const store = stores.get(storeHash);
    if (!store) return failure(apiError(version, 404, `The store '${storeHash}' was not found.`));
    if (headerValue(request, 'x-auth-token') !== store.token) {
      return {
        ...failure(
          apiError(version, 401, 'You must supply a valid X-Auth-Token header to access this resource.'),
        ),
        headers: limiter.peek(storeHash),
      };
    }
    const rate = limiter.take(storeHash);
    if (!rate.allowed) {
      return {
        ...failure(
          apiError(version, 429, "You have exceeded this store's rate limit. Retry after the reset."),
        ),
        headers: rate.headers,
      };
    }
    try {
      const outcome =
        version === 'v3'
          ? await handleV3Request({
              request,
              store,
              method,
              path: rest,
              query: url.search.replace(/^\?/, ''),
              rawBody,
              now: new Date(now()),
            })
          : handleV2(request, store, method, rest, rawBody);
      return { ...outcome, headers: rate.headers };
    } catch (error) {
      return { ...failure(error, version), headers: rate.headers };
    }
  }

  function handleV2(
    request: IncomingMessage,
    store: SeededStore,
    method: string,
    path: string,
    rawBody: string | undefined,
  ): Outcome {
    const validator =
      path.replace(/\/$/, '') === '/store' ? validators.storeInformation : validators.shipping;
    const route = validator.match(method, path);
    if (route.kind === 'not-found') throw notFound();
    if (route.kind === 'method-not-allowed')
      throw new V2Error(405, `The method ${method} is not allowed on ${path}.`);
    const body = parseJsonObject(rawBody);
    if ((method === 'POST' || method === 'PUT') && body && Object.hasOwn(body, 'id')) throw readOnlyId();
    const problems = validator.validate(route.operationId, {
      method,
      path,
      headers: request.headers,
      rawBody,
    });
    if (problems.length > 0) throw new V2Error(400, problems);
    const accept = headerValue(request, 'accept');
    if (accept !== undefined && !acceptsJson(accept)) {
      throw new V2Error(406, 'The Accept header must allow application/json.');
    }
    const contentType = headerValue(request, 'content-type');
    if (rawBody !== undefined && contentType !== undefined && !isJsonContentType(contentType)) {
      throw new V2Error(415, 'The Content-Type header must be application/json.');
    }
    if (route.operationId === 'getStoreInformation') return { status: 200, body: store.information };
    const operation = shippingOperations[route.operationId];
    if (!operation) throw notFound();
    return operation({ state: store.state, params: route.params, body: body ?? {}, quirks });
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = now();
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    const record = (status: number | null, fault?: FaultKind) => {
      const entry: RequestLogEntry = { method, path, status, at, ...(fault ? { fault } : {}) };
      log.push(entry);
      options.onRequest?.({ ...entry });
    };

    let rawBody: string | undefined;
    try {
      rawBody = await readBody(request);
    } catch (error) {
      send(response, failure(error, versionOf(path)));
      record(response.statusCode);
      return;
    }

    const fault = faults.decide(method, path);
    if (fault === 'timeout') {
      // Never answer: the socket stays open until the client gives up or the sandbox closes.
      record(null, fault);
      return;
    }
    await sleep(latency());
    if (fault === 'reset') {
      request.socket.destroy();
      record(null, fault);
      return;
    }
    const injected = fault ? faultMessages[fault] : undefined;
    if (injected) {
      const hash = storePath.exec(path)?.[1];
      // A 429 without rate-limit headers is how BigCommerce signals platform load.
      const headers = fault !== '429' && hash && stores.has(hash) ? limiter.peek(hash) : {};
      send(response, { ...failure(apiError(versionOf(path), injected.status, injected.message)), headers });
      record(injected.status, fault);
      return;
    }

    const outcome = await handleStoreRequest(request, method, url, rawBody);
    if (fault === 'lost') {
      const delivery = faults.lostDelivery();
      if (delivery === 'reset') {
        request.socket.destroy();
        record(null, fault);
      } else {
        send(response, failure(apiError(versionOf(path), delivery.status, 'Bad Gateway')));
        record(delivery.status, fault);
      }
      return;
    }
    send(response, outcome);
    record(outcome.status);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, failure(error, versionOf(request.url ?? '/')));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    baseUrl: (storeHash) => `${url}/stores/${storeHash}/v2`,
    state(storeHash) {
      const store = stores.get(storeHash);
      if (!store) throw new Error(`The sandbox has no store '${storeHash}'.`);
      return store.state.snapshot();
    },
    get requests() {
      return log.map((entry) => ({ ...entry }));
    },
    clearLog() {
      log.length = 0;
    },
    setFaults(spec) {
      faults = new FaultInjector(spec);
    },
    reset() {
      stores = materializeSeed(seed);
      limiter.reset();
      faults = new FaultInjector(options.faults);
      latency = latencySchedule(options.latency);
      log.length = 0;
    },
    stores: () =>
      [...stores.values()].map(({ hash, token }) => ({ hash, token, baseUrl: `${url}/stores/${hash}/v2` })),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Also drops sockets held open by `timeout` faults and idle keep-alive connections.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function failure(error: unknown, version: ApiVersion = 'v2'): Outcome {
  if (error instanceof V3Error) return { status: error.status, body: error.body() };
  if (error instanceof V2Error) {
    const body = version === 'v3' ? new V3Error(error.status, error.messages.join(' ')).body() : error.body();
    return { status: error.status, body };
  }
  const unexpected = apiError(version, 500, `Sandbox error: ${(error as Error).message}`);
  return { status: 500, body: unexpected.body() };
}

function send(response: ServerResponse, outcome: Outcome): void {
  if (response.destroyed) return;
  const headers: Record<string, string> = { ...outcome.headers };
  let payload: string | undefined;
  if (outcome.body !== undefined && outcome.status !== 204) {
    payload = JSON.stringify(outcome.body);
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  response.writeHead(outcome.status, headers);
  response.end(payload);
}
