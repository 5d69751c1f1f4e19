/**
 * Turns a failed exchange with BigCommerce into the typed error the state machine matches on. Messages keep
 * BigCommerce's own explanation, with every known secret redacted in case the platform echoes one back.
 */
import {
  type BigCommerceError,
  BigCommerceNotFound,
  BigCommerceRejected,
  BigCommerceTimeout,
  BigCommerceUnauthorized,
  BigCommerceUnavailable,
  type RequestContext,
} from './errors.ts';

const MAX_DETAIL_LENGTH = 300;
const REDACTED = '[redacted]';
/** Shorter values (`"1"`, `"US"`) would redact ordinary words without protecting anything. */
const MIN_REDACTED_LENGTH = 4;

export function redact(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_REDACTED_LENGTH) redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted;
}

/** Every string inside a value (a carrier connection's fields), for redaction. */
export function stringsWithin(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsWithin);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsWithin);
  return [];
}

const truncate = (text: string): string =>
  text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const stringOrUndefined = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function describeV3Errors(errors: unknown): string | undefined {
  if (!isRecord(errors)) return undefined;
  const entries = Object.entries(errors).map(([field, problem]) =>
    typeof problem === 'string' ? `${field}: ${problem}` : `${field}: ${JSON.stringify(problem)}`,
  );
  return entries.length ? entries.join('; ') : undefined;
}

/**
 * BigCommerce's explanation from an error body: the v2 array `[{status, message}]`, a v3 object
 * `{title, detail, errors}`, or plain text (HTML pages are left out). Undefined when there is none.
 */
export function describeErrorBody(body: unknown): string | undefined {
  if (Array.isArray(body)) {
    const messages = body
      .map((item) => (isRecord(item) ? stringOrUndefined(item.message) : stringOrUndefined(item)))
      .filter((message): message is string => message !== undefined);
    return messages.length ? truncate(messages.join('; ')) : undefined;
  }
  if (isRecord(body)) {
    const parts = [
      stringOrUndefined(body.title) ?? stringOrUndefined(body.message),
      stringOrUndefined(body.detail),
      describeV3Errors(body.errors),
    ].filter((part): part is string => part !== undefined);
    return parts.length ? truncate(parts.join(': ')) : undefined;
  }
  const text = stringOrUndefined(body);
  if (text === undefined || text.startsWith('<')) return undefined;
  return truncate(text.replace(/\s+/g, ' '));
}

function statusMessage(status: number, body: unknown, secrets: readonly string[], hint?: string): string {
  const detail = describeErrorBody(body);
  const explained =
    detail === undefined ? `status ${status}` : `status ${status}: ${redact(detail, secrets)}`;
  return hint ? `${explained} (${hint})` : explained;
}

/** The error for a non-2xx status other than 429, which the client handles itself. */
export function errorForStatus(
  status: number,
  body: unknown,
  context: RequestContext,
  secrets: readonly string[],
): BigCommerceError {
  if (status === 401 || status === 403) {
    const hint = 'check the access token and that it has the store_v2_information scope';
    return new BigCommerceUnauthorized(statusMessage(status, body, secrets, hint), context, status);
  }
  if (status === 404) return new BigCommerceNotFound(statusMessage(status, body, secrets), context, status);
  if (status >= 300 && status < 400) {
    // Redirects are not followed: the token header would travel to wherever the redirect points.
    const hint = 'unexpected redirect; check baseUrl';
    return new BigCommerceRejected(statusMessage(status, body, secrets, hint), context, status);
  }
  if (status >= 400 && status < 500) {
    return new BigCommerceRejected(statusMessage(status, body, secrets), context, status);
  }
  return new BigCommerceUnavailable(statusMessage(status, body, secrets), context, status);
}

/** The error code Node's fetch puts on the cause of a network failure (ECONNRESET, UND_ERR_SOCKET, …). */
function networkErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause: unknown = error.cause;
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return undefined;
}

/**
 * The error for a request that produced no usable response, or undefined when `error` is not a timeout or a
 * network failure (a programming error, to be rethrown as is). The original error is not attached: its message
 * may name the host, and nothing more than the failure's kind is useful to a retry.
 */
export function errorForTransportFailure(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  context: RequestContext,
): BigCommerceError | undefined {
  if (timedOut) return new BigCommerceTimeout(`no complete response within ${timeoutMs} ms`, context);
  const code = networkErrorCode(error);
  if (code !== undefined) return new BigCommerceUnavailable(`connection failed (${code})`, context);
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return new BigCommerceUnavailable('connection failed', context);
  }
  return undefined;
}
