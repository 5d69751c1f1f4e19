/**
 * Turns a failed exchange with BigCommerce into the typed error the state machine matches on. Messages keep
 * BigCommerce's own explanation, with every known secret redacted in case the platform echoes one back.
 */
import { isRecord } from '../shipping/values.ts';
import {
  type BigCommerceError,
  BigCommerceNotFound,
  BigCommerceRejected,
  BigCommerceTimeout,
  BigCommerceUnauthorized,
  BigCommerceUnavailable,
  BigCommerceUnreachable,
  type RequestContext,
} from './errors.ts';
import { redact, redactWithin } from './redact.ts';

const MAX_DETAIL_LENGTH = 300;

const truncate = (text: string): string =>
  text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;

const stringOrUndefined = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function describeV3Errors(errors: unknown): string | undefined {
  if (!isRecord(errors)) return undefined;
  const entries = Object.entries(errors).map(([field, problem]) =>
    typeof problem === 'string' ? `${field}: ${problem}` : `${field}: ${JSON.stringify(problem)}`,
  );
  return entries.length ? entries.join('; ') : undefined;
}

/** The explanation of an error body in full, before it is shortened. */
function explainErrorBody(body: unknown): string | undefined {
  if (Array.isArray(body)) {
    const messages = body
      .map((item) => (isRecord(item) ? stringOrUndefined(item.message) : stringOrUndefined(item)))
      .filter((message): message is string => message !== undefined);
    return messages.length ? messages.join('; ') : undefined;
  }
  if (isRecord(body)) {
    const parts = [
      stringOrUndefined(body.title) ?? stringOrUndefined(body.message),
      stringOrUndefined(body.detail),
      describeV3Errors(body.errors),
    ].filter((part): part is string => part !== undefined);
    return parts.length ? parts.join(': ') : undefined;
  }
  const text = stringOrUndefined(body);
  if (text === undefined || text.startsWith('<')) return undefined;
  return text.replace(/\s+/g, ' ');
}

/**
 * BigCommerce's explanation from an error body: the v2 array `[{status, message}]`, a v3 object
 * `{title, detail, errors}`, or plain text (HTML pages are left out). Undefined when there is none. `secrets`
 * are masked in the body as received and in the explanation, both before it is shortened, so that neither
 * reformatting nor a cut through a secret leaves part of one.
 */
export function describeErrorBody(body: unknown, secrets: unknown = []): string | undefined {
  const explained = explainErrorBody(redactWithin(body, secrets));
  return explained === undefined ? undefined : truncate(redact(explained, secrets));
}

function statusMessage(status: number, body: unknown, secrets: unknown, hint?: string): string {
  const detail = describeErrorBody(body, secrets);
  const explained = detail === undefined ? `status ${status}` : `status ${status}: ${detail}`;
  return hint ? `${explained} (${hint})` : explained;
}

/** The error for a non-2xx status other than 429, which the client handles itself. */
export function errorForStatus(
  status: number,
  body: unknown,
  context: RequestContext,
  /** Values to mask in BigCommerce's explanation: a string, or a list or object of them, however deep. */
  secrets: unknown,
  /** The OAuth scopes the call needs, as the hint of a 401 or 403 names them. */
  scopes = 'the store_v2_information scope',
): BigCommerceError {
  if (status === 401 || status === 403) {
    const hint = `check the access token and that it has ${scopes}`;
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

/** Network failures that mean nothing listens at the address: a wrong URL, not an outage. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The error for a request that produced no usable response, or undefined when `error` is not a timeout or a
 * network failure (a programming error, to be rethrown as is). It names the host (never the full URL, which may
 * carry credentials); the original error is not attached: nothing more than the failure's kind is useful to a
 * retry.
 */
export function errorForTransportFailure(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  context: RequestContext,
  host = 'BigCommerce',
): BigCommerceError | undefined {
  if (timedOut)
    return new BigCommerceTimeout(`no complete response from ${host} within ${timeoutMs} ms`, context);
  const code = networkErrorCode(error);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new BigCommerceUnreachable(`cannot connect to ${host} (${code}); check the API URL`, context);
  }
  if (code !== undefined)
    return new BigCommerceUnavailable(`connection to ${host} failed (${code})`, context);
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return new BigCommerceUnavailable(`connection to ${host} failed`, context);
  }
  return undefined;
}
