/**
 * BigCommerce's per-store quota: a number of requests per fixed window (150 per 30 s on Standard and Plus
 * plans), shared by every client of the store, announced in X-Rate-Limit-* headers (REFERENCE.md §2).
 */

export interface RateLimitOptions {
  quota: number;
  windowMs: number;
  now: () => number;
}

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

interface Window {
  startedAt: number;
  used: number;
}

export class StoreRateLimiter {
  readonly #options: RateLimitOptions;
  readonly #windows = new Map<string, Window>();

  constructor(options: RateLimitOptions) {
    this.#options = options;
  }

  /** Spends one request of the store's quota when any is left. */
  take(storeHash: string): RateLimitDecision {
    const window = this.#current(storeHash);
    const allowed = window.used < this.#options.quota;
    if (allowed) window.used += 1;
    const headers = this.#headers(window);
    if (!allowed) {
      headers['X-Retry-After'] = String(Math.ceil(Number(headers['X-Rate-Limit-Time-Reset-Ms']) / 1000));
    }
    return { allowed, headers };
  }

  /** The headers as they stand, without spending anything (for requests that never reach the quota). */
  peek(storeHash: string): Record<string, string> {
    return this.#headers(this.#current(storeHash));
  }

  reset(): void {
    this.#windows.clear();
  }

  #current(storeHash: string): Window {
    const now = this.#options.now();
    const existing = this.#windows.get(storeHash);
    if (existing && now - existing.startedAt < this.#options.windowMs) return existing;
    const fresh = { startedAt: now, used: 0 };
    this.#windows.set(storeHash, fresh);
    return fresh;
  }

  #headers(window: Window): Record<string, string> {
    const resetMs = Math.max(0, window.startedAt + this.#options.windowMs - this.#options.now());
    return {
      'X-Rate-Limit-Time-Window-Ms': String(this.#options.windowMs),
      'X-Rate-Limit-Time-Reset-Ms': String(resetMs),
      'X-Rate-Limit-Requests-Quota': String(this.#options.quota),
      'X-Rate-Limit-Requests-Left': String(Math.max(0, this.#options.quota - window.used)),
    };
  }
}
