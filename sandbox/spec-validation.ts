/**
 * Request validation against BigCommerce's own OpenAPI documents, through openapi-backend (ajv underneath).
 * Nothing here re-types a schema: the documents are read from `spec/bigcommerce/`, with three normalizations
 * applied in memory (see `readSpecDocument` and `widenShippingMethodTypes`).
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { type Document, OpenAPIBackend, type Request } from 'openapi-backend';
import { parse as parseYaml } from 'yaml';

export const shippingSpecFile = new URL('../spec/bigcommerce/shipping.v2.yml', import.meta.url);
export const storeInformationSpecFile = new URL(
  '../spec/bigcommerce/store_information.v2.yml',
  import.meta.url,
);
export const cartsSpecFile = new URL('../spec/bigcommerce/carts.v3.yml', import.meta.url);
export const checkoutsSpecFile = new URL('../spec/bigcommerce/checkouts.v3.yml', import.meta.url);
export const catalogVariantsSpecFile = new URL(
  '../spec/bigcommerce/product-variants_catalog.v3.yml',
  import.meta.url,
);

/**
 * Reads an OpenAPI 3.0 document, with two repairs that only make it loadable:
 * - The vendored specs write `exclusiveMinimum: false` (the OpenAPI 3.0 boolean form); openapi-backend checks
 *   documents against JSON Schema draft-07, where those keywords are numbers, and refuses the document.
 *   `false` means "bound is inclusive", the default, so dropping it changes nothing.
 * - checkouts.v3.yml's phone pattern writes the quantifier `{1-5}`, which is no quantifier; ajv compiles
 *   patterns as Unicode regular expressions, where it is a syntax error that stops the whole document from
 *   loading. It is read as the evident `{1,5}`.
 */
export function readSpecDocument(file: URL): Document {
  const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
  return loadable(parsed) as Document;
}

function loadable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(loadable);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && value === false) continue;
    copy[key] =
      key === 'pattern' && typeof value === 'string'
        ? value.replace(/\{(\d+)-(\d+)\}/g, '{$1,$2}')
        : loadable(value);
  }
  return copy;
}

/** Method types the docs use but the spec's `ShippingMethodType` enum lacks. */
const providerAppMethodTypePattern = '^carrier_[A-Za-z0-9_]+$';

/**
 * Deviation from the spec, on purpose: the ShippingMethodType enum omits `zoom2u` (documented in the
 * createShippingMethod description with its delivery services and connection) and `carrier_{id}` (the type of
 * every Shipping Provider app's methods, docs/integrations/shipping.mdx). BigCommerce accepts both, so the
 * sandbox does too; every other value of the enum stays as the spec has it.
 */
export function widenShippingMethodTypes(document: Document): Document {
  const schemas = document.components?.schemas as Record<string, Record<string, unknown>> | undefined;
  const methodType = schemas?.ShippingMethodType;
  if (!schemas || !methodType || !Array.isArray(methodType.enum)) {
    throw new Error('shipping.v2.yml no longer defines components.schemas.ShippingMethodType as an enum');
  }
  const { enum: documented, type, example: _example, ...rest } = methodType;
  schemas.ShippingMethodType = {
    ...rest,
    anyOf: [
      { type, enum: [...documented, 'zoom2u'] },
      { type, pattern: providerAppMethodTypePattern },
    ],
  };
  return document;
}

// The specs use formats that openapi-backend's defaults lack, some under names of their own (`UUID`,
// `ISO-4217`). Each is checked for what its name promises; `number` is a type written as a format.
const uuidFormat = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUrl = (value: string) => URL.canParse(value);
const isTimestamp = (value: string) => !Number.isNaN(Date.parse(value));
const specFormats = {
  uuid: uuidFormat,
  UUID: uuidFormat,
  'ISO-4217': /^[A-Za-z]{3}$/,
  'ISO-639': /^[A-Za-z]{2}(-[A-Za-z]{2})?$/,
  'ISO-8601': isTimestamp,
  'date-time': isTimestamp,
  uri: isUrl,
  url: isUrl,
  Url: isUrl,
  number: true,
} as const;

export type RouteMatch =
  | { kind: 'operation'; operationId: string; params: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed' };

export interface SpecRequest {
  method: string;
  /** Path relative to the spec's server URL, e.g. `/shipping/zones/1`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string | undefined;
  /** The query string without its `?`. */
  query?: string;
}

export class SpecValidator {
  readonly #api: OpenAPIBackend;

  private constructor(api: OpenAPIBackend) {
    this.#api = api;
  }

  static async create(document: Document): Promise<SpecValidator> {
    const api = new OpenAPIBackend({
      definition: document,
      strict: true,
      validate: true,
      // Report every bad field at once, not only the first.
      ajvOpts: { allErrors: true, strict: false, formats: specFormats },
    });
    await api.init();
    return new SpecValidator(api);
  }

  match(method: string, path: string): RouteMatch {
    const request: Request = { method, path, headers: {} };
    try {
      const operation = this.#api.router.matchOperation(request, true);
      if (!operation?.operationId) return { kind: 'not-found' };
      const { params } = this.#api.router.parseRequest(request, operation);
      return {
        kind: 'operation',
        operationId: operation.operationId,
        params: params as Record<string, string>,
      };
    } catch (error) {
      return String((error as Error).message).startsWith('405')
        ? { kind: 'method-not-allowed' }
        : { kind: 'not-found' };
    }
  }

  /** Problems with the request, each a sentence naming the field; empty when the request is valid. */
  validate(operationId: string, request: SpecRequest): string[] {
    return describeValidationErrors(this.requestErrors(operationId, request));
  }

  /** Problems with the request as ajv reports them; empty when the request is valid. */
  requestErrors(operationId: string, request: SpecRequest): ErrorObject[] {
    const result = this.#api.validator.validateRequest(
      {
        method: request.method,
        path: request.path,
        headers: request.headers as Request['headers'],
        ...(request.query === undefined ? {} : { query: request.query }),
        ...(request.rawBody === undefined ? {} : { body: request.rawBody }),
      },
      operationId,
    );
    return result.errors ?? [];
  }

  /** Problems with a response body, as ajv reports them; for checking the sandbox against the spec. */
  validateResponse(operationId: string, status: number, body: unknown): ErrorObject[] {
    return this.#api.validator.validateResponse(body, operationId, status).errors ?? [];
  }
}

function describeValidationErrors(errors: readonly ErrorObject[]): string[] {
  if (errors.some((error) => error.keyword === 'parse')) {
    const parseError = errors.find((error) => error.keyword === 'parse');
    return [`The request body is not valid JSON: ${parseError?.message ?? 'unparseable'}.`];
  }
  const anyOfErrors = errors.filter((error) => error.keyword === 'anyOf');
  const isBranchOfAnyOf = (error: ErrorObject) =>
    anyOfErrors.some((anyOf) => error.schemaPath.startsWith(`${anyOf.schemaPath}/`));

  const messages: string[] = [];
  const missingBodyFields: string[] = [];
  for (const error of errors) {
    if (isBranchOfAnyOf(error)) continue;
    const location = locate(error.instancePath);
    if (error.keyword === 'required') {
      const missing = String(error.params.missingProperty);
      if (location.kind === 'root' && missing === 'requestBody')
        messages.push('A JSON request body is required.');
      else if (location.kind === 'header') messages.push(`The header '${headerName(missing)}' is required.`);
      else if (location.kind === 'body') missingBodyFields.push(joinField(location.field, missing));
      else if (location.kind === 'path') messages.push(`The path parameter '${missing}' is required.`);
      continue;
    }
    const description =
      error.keyword === 'anyOf'
        ? unique(
            errors.filter((branch) => branch.schemaPath.startsWith(`${error.schemaPath}/`)).map(describe),
          ).join(', or ')
        : describe(error);
    messages.push(`${subject(location)} ${description}.`);
  }
  if (missingBodyFields.length > 0)
    messages.unshift(`Required fields missing [${missingBodyFields.join(', ')}]`);
  return unique(messages);
}

/**
 * The same problems keyed by field, as V3 error bodies carry them (`errors: { field: problem }`): body fields
 * by their path (`line_items[0].quantity`, `[0].address.email`), others as `header.Accept`, `query.include`,
 * `path.cartId`, and the body as a whole as `body`.
 */
export function describeFieldErrors(errors: readonly ErrorObject[]): Record<string, string> {
  const anyOfErrors = errors.filter((error) => error.keyword === 'anyOf');
  const isBranchOfAnyOf = (error: ErrorObject) =>
    anyOfErrors.some((anyOf) => error.schemaPath.startsWith(`${anyOf.schemaPath}/`));
  const problems = new Map<string, string[]>();
  for (const error of errors) {
    if (isBranchOfAnyOf(error)) continue;
    const location = locate(error.instancePath);
    let field = fieldKey(location);
    let problem: string;
    if (error.keyword === 'required') {
      const missing = String(error.params.missingProperty);
      field =
        location.kind === 'root' && missing === 'requestBody'
          ? 'body'
          : location.kind === 'header'
            ? `header.${headerName(missing)}`
            : location.kind === 'body'
              ? joinField(location.field, missing)
              : `${location.kind}.${missing}`;
      problem = 'is required';
    } else if (error.keyword === 'anyOf') {
      // A branch may fail deeper than the anyOf itself (`line_items[0]` failing on its `quantity`): say where.
      const within = (branch: ErrorObject) => {
        const relative = branch.instancePath.slice(error.instancePath.length).split('/').slice(1);
        const where = relative.map(unescapePointer).reduce(joinField, '');
        return where === '' ? describe(branch) : `${where} ${describe(branch)}`;
      };
      problem = unique(
        errors.filter((branch) => branch.schemaPath.startsWith(`${error.schemaPath}/`)).map(within),
      ).join(', or ');
    } else {
      problem = describe(error);
    }
    problems.set(field, unique([...(problems.get(field) ?? []), problem]));
  }
  return Object.fromEntries([...problems].map(([field, list]) => [field, list.join('; ')]));
}

function fieldKey(location: Location): string {
  switch (location.kind) {
    case 'header':
      return `header.${headerName(location.name)}`;
    case 'path':
    case 'query':
      return `${location.kind}.${location.name}`;
    case 'body':
      return location.field === '' ? 'body' : location.field;
    default:
      return 'request';
  }
}

type Location =
  | { kind: 'root' }
  | { kind: 'header'; name: string }
  | { kind: 'path'; name: string }
  | { kind: 'query'; name: string }
  | { kind: 'body'; field: string };

function locate(instancePath: string): Location {
  const [section, ...rest] = instancePath.split('/').slice(1).map(unescapePointer);
  if (section === 'header') return { kind: 'header', name: rest[0] ?? '' };
  if (section === 'path') return { kind: 'path', name: rest[0] ?? '' };
  if (section === 'query') return { kind: 'query', name: rest[0] ?? '' };
  if (section === 'requestBody') return { kind: 'body', field: rest.reduce(joinField, '') };
  return { kind: 'root' };
}

function subject(location: Location): string {
  switch (location.kind) {
    case 'header':
      return `The header '${headerName(location.name)}'`;
    case 'path':
      return `The path parameter '${location.name}'`;
    case 'query':
      return `The query parameter '${location.name}'`;
    case 'body':
      return location.field === '' ? 'The request body' : `The field '${location.field}'`;
    default:
      return 'The request';
  }
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${String(error.params.type)
        .split(',')
        .map((type) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`))
        .join(' or ')}`;
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'pattern':
      return `must match ${String(error.params.pattern)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

const joinField = (parent: string, segment: string) =>
  /^\d+$/.test(segment) ? `${parent}[${segment}]` : parent === '' ? segment : `${parent}.${segment}`;

const unescapePointer = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

const headerName = (lowerCase: string) =>
  lowerCase
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');

const unique = (values: string[]) => [...new Set(values)];
