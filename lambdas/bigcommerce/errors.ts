/**
 * Errors raised by the Shipping V2 client. The `name` of each class is what the state machine's Retry and
 * Catch match, so the names are stable API. Messages never contain the access token or request bodies
 * (a carrier connection body holds credentials): only method, path, status and BigCommerce's message.
 * A response the client received whole but the domain cannot read is the domain's error
 * (`BigCommerceUnexpectedResponse`, lambdas/shipping/errors.ts).
 */

export interface RequestContext {
  method: string;
  /** Path relative to the API base, e.g. `/shipping/zones/1/methods`. Never the full URL with a token. */
  path: string;
}

export abstract class BigCommerceError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  constructor(message: string, context: RequestContext, status?: number) {
    super(`${context.method} ${context.path}: ${message}`);
    this.method = context.method;
    this.path = context.path;
    this.status = status;
  }
}

/** 429. `retryAfterMs` is BigCommerce's `X-Rate-Limit-Time-Reset-Ms` when it sent one. */
export class BigCommerceRateLimited extends BigCommerceError {
  override readonly name = 'BigCommerceRateLimited';
  readonly retryAfterMs: number | undefined;
  constructor(context: RequestContext, retryAfterMs?: number) {
    super(
      retryAfterMs === undefined
        ? 'rate limited without reset headers (the platform is under load); retry with backoff'
        : `rate limited; quota resets in ${retryAfterMs} ms`,
      context,
      429,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx, or the connection was reset or refused before a response arrived. */
export class BigCommerceUnavailable extends BigCommerceError {
  override readonly name = 'BigCommerceUnavailable';
}

/** No complete response within the request timeout. */
export class BigCommerceTimeout extends BigCommerceError {
  override readonly name = 'BigCommerceTimeout';
}

/** 401 or 403: the token is wrong, revoked, or lacks the `store_v2_information` scope. */
export class BigCommerceUnauthorized extends BigCommerceError {
  override readonly name = 'BigCommerceUnauthorized';
}

/** 404. */
export class BigCommerceNotFound extends BigCommerceError {
  override readonly name = 'BigCommerceNotFound';
}

/**
 * Nothing answers at the configured address: the connection was refused or the host name does not resolve. A
 * wrong URL, not a passing outage, so it is terminal: retrying it for a minute only hides the mistake.
 */
export class BigCommerceUnreachable extends BigCommerceError {
  override readonly name = 'BigCommerceUnreachable';
}

/** 400, 409, 422 and any other 4xx: BigCommerce refused the request; its v2 error message is kept. */
export class BigCommerceRejected extends BigCommerceError {
  override readonly name = 'BigCommerceRejected';
}

/** Error names the state machine retries. */
export const RETRYABLE_BIGCOMMERCE_ERRORS = [
  'BigCommerceRateLimited',
  'BigCommerceUnavailable',
  'BigCommerceTimeout',
] as const;
