/**
 * Routes `/stores/{hash}/v3/...` requests: matched and validated against carts.v3.yml, checkouts.v3.yml or
 * product-variants_catalog.v3.yml, then run by checkout-operations.ts or catalog-operations.ts. Authentication, rate limiting and faults happen before, in router.ts
 * and server.ts, exactly as for V2.
 */
import type { IncomingMessage } from 'node:http';
import type { CartStore } from './carts.ts';
import type { Catalog } from './catalog.ts';
import { catalogOperations } from './catalog-operations.ts';
import { checkoutOperations, type V3Operation } from './checkout-operations.ts';
import { acceptsJson, headerValue, isJsonContentType } from './http-io.ts';
import {
  cartsSpecFile,
  catalogVariantsSpecFile,
  checkoutsSpecFile,
  describeFieldErrors,
  readSpecDocument,
  SpecValidator,
} from './spec-validation.ts';
import type { StoreState } from './store-state.ts';
import { invalidJsonTitle, V3Error } from './v3-errors.ts';
import type { Variants } from './variants.ts';

type V3Api = 'carts' | 'checkouts' | 'catalog';

const specFiles: Record<V3Api, URL> = {
  carts: cartsSpecFile,
  checkouts: checkoutsSpecFile,
  catalog: catalogVariantsSpecFile,
};

const operations: Record<string, V3Operation> = { ...checkoutOperations, ...catalogOperations };

// Compiling a V3 spec takes about a second (checkouts.v3.yml is 445 KB), and most runs never call V3: each is
// compiled on its first request, then shared by every sandbox in the process (validators hold no state).
const validators = new Map<V3Api, Promise<SpecValidator>>();

function v3Validator(api: V3Api): Promise<SpecValidator> {
  let validator = validators.get(api);
  if (!validator) {
    validator = SpecValidator.create(readSpecDocument(specFiles[api]));
    validators.set(api, validator);
    // A failed compile is not cached: the next request tries again and reports the failure again.
    validator.catch(() => validators.delete(api));
  }
  return validator;
}

interface V3Store {
  hash: string;
  state: StoreState;
  catalog: Catalog;
  carts: CartStore;
}

export interface V3Request {
  request: IncomingMessage;
  store: V3Store;
  method: string;
  /** Path below `/stores/{hash}/v3`, e.g. `/carts`. */
  path: string;
  /** The query string without its `?`. */
  query: string;
  rawBody: string | undefined;
  now: Date;
  variants: Variants;
}

export async function handleV3Request(input: V3Request): Promise<{ status: number; body?: unknown }> {
  const { request, store, method, path, query, rawBody } = input;
  const api = apiOf(path);
  if (!api) throw new V3Error(404, 'The requested resource was not found.');
  const validator = await v3Validator(api);
  const route = validator.match(method, path);
  if (route.kind === 'not-found') throw new V3Error(404, 'The requested resource was not found.');
  if (route.kind === 'method-not-allowed')
    throw new V3Error(405, `The method ${method} is not allowed on ${path}.`);
  const errors = validator.requestErrors(route.operationId, {
    method,
    path,
    headers: request.headers,
    rawBody,
    query,
  });
  if (errors.some((error) => error.keyword === 'parse')) {
    throw new V3Error(400, 'The request body is not valid JSON.');
  }
  if (errors.length > 0) {
    const problems = describeFieldErrors(errors);
    const outsideBody = Object.keys(problems).some((field) => /^(header|query|path)\./.test(field));
    throw new V3Error(outsideBody ? 400 : 422, outsideBody ? 'Input is invalid' : invalidJsonTitle, problems);
  }
  const accept = headerValue(request, 'accept');
  if (accept !== undefined && !acceptsJson(accept)) {
    throw new V3Error(406, 'The Accept header must allow application/json.');
  }
  const contentType = headerValue(request, 'content-type');
  if (rawBody !== undefined && contentType !== undefined && !isJsonContentType(contentType)) {
    throw new V3Error(415, 'The Content-Type header must be application/json.');
  }
  const operation = operations[route.operationId];
  if (!operation) {
    throw new V3Error(
      501,
      `The sandbox does not simulate ${method} ${path} (${route.operationId}); it simulates checkout verification only.`,
    );
  }
  return operation({
    storeHash: store.hash,
    state: store.state,
    carts: store.carts,
    catalog: store.catalog,
    variants: input.variants,
    params: route.params,
    query: new URLSearchParams(query),
    body: rawBody === undefined ? undefined : JSON.parse(rawBody),
    now: input.now,
  });
}

function apiOf(path: string): V3Api | undefined {
  if (/^\/carts(\/|$)/.test(path)) return 'carts';
  if (/^\/checkouts(\/|$)/.test(path)) return 'checkouts';
  if (/^\/catalog(\/|$)/.test(path)) return 'catalog';
  return undefined;
}
