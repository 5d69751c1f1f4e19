/**
 * From a request to its handler: finds the store in `/stores/{hash}/v2|v3/...`, checks its token and rate
 * limit, then dispatches to the Shipping V2 or store information operations (validated against their specs)
 * or to the V3 routes. Faults, latency and the request log happen around it, in server.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { AppMarketplace } from './apps.ts';
import { acceptsJson, headerValue, isJsonContentType, parseJsonObject } from './http-io.ts';
import type { StoreRateLimiter } from './rate-limit.ts';
import type { Rendering } from './render.ts';
import type { SeededStore } from './seed.ts';
import { shippingOperations } from './shipping-operations.ts';
import {
  readSpecDocument,
  SpecValidator,
  shippingSpecFile,
  storeInformationSpecFile,
  widenShippingMethodTypes,
} from './spec-validation.ts';
import { notFound, readOnlyId, V2Error } from './v2-errors.ts';
import { V3Error } from './v3-errors.ts';
import { handleV3Request } from './v3-routes.ts';
import type { Variants } from './variants.ts';

export interface Outcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type ApiVersion = 'v2' | 'v3';

const storePath = /^\/stores\/([^/]+)\/(v2|v3)(\/.*)?$/;

/** Where the merchant's actions are reached over HTTP (apps.ts). */
const MERCHANT_PATH = '/_merchant/';

export interface RouterContext {
  /** The stores as they are now: `reset` replaces them. */
  stores: () => ReadonlyMap<string, SeededStore>;
  limiter: StoreRateLimiter;
  /** How the V2 operations render methods: strict, BigCommerce's quirks, or seeded renderings (render.ts). */
  rendering: Rendering;
  /** The choices made where the docs are silent (variants.ts). */
  variants: Variants;
  now: () => number;
  /** Registered apps, their codes and tokens: the OAuth token endpoint and app tokens stores accept. */
  apps: AppMarketplace;
}

/** A request whose body has been read, as the router sees it. */
interface RoutedRequest {
  request: IncomingMessage;
  /** Upper case. */
  method: string;
  url: URL;
  rawBody: string | undefined;
}

export interface Router {
  route(routed: RoutedRequest): Promise<Outcome>;
  /** The store's rate-limit headers without spending its quota; none for a path outside a known store. */
  quotaHeaders(path: string): Record<string, string>;
}

export async function createRouter(context: RouterContext): Promise<Router> {
  const validators = await loadValidators();
  return {
    route: (routed) => {
      const { pathname } = routed.url;
      if (routed.method === 'POST' && pathname === '/oauth2/token') {
        return Promise.resolve(
          context.apps.exchange(routed.rawBody, headerValue(routed.request, 'content-type')),
        );
      }
      if (routed.method === 'POST' && pathname.startsWith(MERCHANT_PATH)) {
        return context.apps.merchant(pathname.slice(MERCHANT_PATH.length), routed.url.searchParams);
      }
      return routeStoreRequest(context, validators, routed);
    },
    quotaHeaders(path) {
      const hash = storePath.exec(path)?.[1];
      return hash && context.stores().has(hash) ? context.limiter.peek(hash) : {};
    },
  };
}

/** An error as the API the request was for answers it: a V2 array or a V3 object; anything else is a 500. */
export function failure(error: unknown, version: ApiVersion = 'v2'): Outcome {
  if (error instanceof V3Error) return { status: error.status, body: error.body() };
  if (error instanceof V2Error) {
    const body = version === 'v3' ? new V3Error(error.status, error.messages.join(' ')).body() : error.body();
    return { status: error.status, body };
  }
  const unexpected = apiError(version, 500, `Sandbox error: ${(error as Error).message}`);
  return { status: 500, body: unexpected.body() };
}

/** An error in the body format of the API the request was for: a V2 array or a V3 object. */
export function apiError(version: ApiVersion, status: number, message: string): V2Error | V3Error {
  return version === 'v3' ? new V3Error(status, message) : new V2Error(status, message);
}

export const versionOf = (path: string): ApiVersion => (storePath.exec(path)?.[2] === 'v3' ? 'v3' : 'v2');

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

async function routeStoreRequest(
  context: RouterContext,
  validators: Validators,
  { request, method, url, rawBody }: RoutedRequest,
): Promise<Outcome> {
  const [, storeHash = '', matchedVersion, rest = '/'] = storePath.exec(url.pathname) ?? [];
  if (matchedVersion === undefined) return failure(notFound());
  const version = matchedVersion as ApiVersion;
  const store = context.stores().get(storeHash);
  if (!store) return failure(apiError(version, 404, `The store '${storeHash}' was not found.`));
  const token = headerValue(request, 'x-auth-token');
  if (token !== store.token && !context.apps.accepts(storeHash, token)) {
    return {
      ...failure(
        apiError(version, 401, 'You must supply a valid X-Auth-Token header to access this resource.'),
      ),
      headers: context.limiter.peek(storeHash),
    };
  }
  const rate = context.limiter.take(storeHash);
  if (!rate.allowed) {
    return {
      ...failure(apiError(version, 429, "You have exceeded this store's rate limit. Retry after the reset.")),
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
            now: new Date(context.now()),
            variants: context.variants,
          })
        : handleV2Request(validators, context, store, { request, method, path: rest, rawBody });
    return { ...outcome, headers: rate.headers };
  } catch (error) {
    return { ...failure(error, version), headers: rate.headers };
  }
}

interface V2Request {
  request: IncomingMessage;
  method: string;
  /** Path below `/stores/{hash}/v2`, e.g. `/shipping/zones`. */
  path: string;
  rawBody: string | undefined;
}

function handleV2Request(
  validators: Validators,
  { rendering, variants }: Pick<RouterContext, 'rendering' | 'variants'>,
  store: SeededStore,
  { request, method, path, rawBody }: V2Request,
): Outcome {
  const validator = path.replace(/\/$/, '') === '/store' ? validators.storeInformation : validators.shipping;
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
  return operation({ state: store.state, params: route.params, body: body ?? {}, rendering, variants });
}
