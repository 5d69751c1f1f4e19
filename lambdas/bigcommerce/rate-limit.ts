/**
 * BigCommerce's per-store rate limit, read from its response headers (REFERENCE §2). The quota is shared by every
 * app on the store, so the client paces itself when few requests are left instead of spending the rest of the
 * window and collecting 429s. Pure: callers pass the clock in.
 */

/** The part of `Headers` this module reads; header names are matched case-insensitively by `Headers.get`. */
export interface HeaderReader {
  get(name: string): string | null;
}

const RATE_LIMIT_HEADERS = {
  requestsLeft: 'X-Rate-Limit-Requests-Left',
  resetMs: 'X-Rate-Limit-Time-Reset-Ms',
  quota: 'X-Rate-Limit-Requests-Quota',
  windowMs: 'X-Rate-Limit-Time-Window-Ms',
  retryAfterSeconds: 'X-Retry-After',
} as const;

export interface RateLimitHeaders {
  requestsLeft?: number;
  resetMs?: number;
  quota?: number;
  windowMs?: number;
  retryAfterSeconds?: number;
}

const nonNegativeNumber = (raw: string | null): number | undefined => {
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw.trim());
  return Number.isFinite(value) && value >= 0 ? value : undefined;
};

/** Reads the rate-limit headers; a header that is absent or not a non-negative number is left out. */
export function readRateLimitHeaders(headers: HeaderReader): RateLimitHeaders {
  const read: RateLimitHeaders = {};
  for (const [field, name] of Object.entries(RATE_LIMIT_HEADERS) as [keyof RateLimitHeaders, string][]) {
    const value = nonNegativeNumber(headers.get(name));
    if (value !== undefined) read[field] = value;
  }
  return read;
}

/**
 * How long a 429 asks the caller to wait: `X-Rate-Limit-Time-Reset-Ms`, else `X-Retry-After` (seconds).
 * Undefined when neither is present, which BigCommerce documents as a sign of platform load rather than quota.
 */
export function retryAfterMs(headers: HeaderReader): number | undefined {
  const { resetMs, retryAfterSeconds } = readRateLimitHeaders(headers);
  if (resetMs !== undefined) return Math.ceil(resetMs);
  if (retryAfterSeconds !== undefined) return Math.ceil(retryAfterSeconds * 1000);
  return undefined;
}

/** What waiting before the next request would take. */
export interface PacingAdvice {
  delayMs: number;
  /** True when the window has no request left: sending now would only earn a 429. */
  exhausted: boolean;
}

const NO_WAIT: PacingAdvice = { delayMs: 0, exhausted: false };

/**
 * Tracks the quota last reported by BigCommerce. When `requestsLeft <= lowWatermark`, the requests still
 * allowed are spread over the rest of the window: wait `remainingResetMs / (requestsLeft + 1)`. Each request
 * sent counts against the last known figure so that calls made before the next response also slow down.
 */
export class RequestPacer {
  readonly #lowWatermark: number;
  #requestsLeft: number | undefined;
  #resetsAt = 0;

  constructor(lowWatermark: number) {
    this.#lowWatermark = lowWatermark;
  }

  /** Records the quota a response reported. Responses without both figures change nothing. */
  observe(headers: HeaderReader, now: number): void {
    const { requestsLeft, resetMs } = readRateLimitHeaders(headers);
    if (requestsLeft === undefined || resetMs === undefined) return;
    this.#requestsLeft = requestsLeft;
    this.#resetsAt = now + resetMs;
  }

  /** The window has refreshed (a reset wait is over): the old figures no longer hold. */
  forget(): void {
    this.#requestsLeft = undefined;
  }

  /** Advice for a request about to be sent at `now`; also counts that request against the known quota. */
  beforeRequest(now: number): PacingAdvice {
    const left = this.#requestsLeft;
    if (left === undefined) return NO_WAIT;
    const remainingMs = this.#resetsAt - now;
    if (remainingMs <= 0) {
      this.forget();
      return NO_WAIT;
    }
    if (left > this.#lowWatermark) {
      this.#requestsLeft = left - 1;
      return NO_WAIT;
    }
    // An exhausted window stays recorded until the caller has waited for its reset and calls `forget`.
    const exhausted = left <= 0;
    if (!exhausted) this.#requestsLeft = left - 1;
    return { delayMs: Math.ceil(remainingMs / (left + 1)), exhausted };
  }
}
