import { describe, expect, it } from 'vitest';
import { RequestPacer, readRateLimitHeaders, retryAfterMs } from '../../../lambdas/bigcommerce/rate-limit.ts';

const headers = (values: Record<string, string>) => new Headers(values);

const quota = (left: number, resetMs: number) =>
  headers({ 'X-Rate-Limit-Requests-Left': String(left), 'X-Rate-Limit-Time-Reset-Ms': String(resetMs) });

describe('readRateLimitHeaders', () => {
  it('reads all four quota headers', () => {
    const read = readRateLimitHeaders(
      headers({
        'X-Rate-Limit-Requests-Left': '148',
        'X-Rate-Limit-Time-Reset-Ms': '29000',
        'X-Rate-Limit-Requests-Quota': '150',
        'X-Rate-Limit-Time-Window-Ms': '30000',
      }),
    );
    expect(read).toEqual({ requestsLeft: 148, resetMs: 29000, quota: 150, windowMs: 30000 });
  });

  it('matches header names whatever their case', () => {
    expect(readRateLimitHeaders(headers({ 'x-rate-limit-requests-left': '3' }))).toEqual({ requestsLeft: 3 });
  });

  it('leaves out values that are not non-negative numbers', () => {
    const read = readRateLimitHeaders(
      headers({
        'X-Rate-Limit-Requests-Left': 'many',
        'X-Rate-Limit-Time-Reset-Ms': '-5',
        'X-Retry-After': '',
      }),
    );
    expect(read).toEqual({});
  });
});

describe('retryAfterMs', () => {
  it('prefers X-Rate-Limit-Time-Reset-Ms', () => {
    expect(retryAfterMs(headers({ 'X-Rate-Limit-Time-Reset-Ms': '1500', 'X-Retry-After': '9' }))).toBe(1500);
  });

  it('falls back to X-Retry-After, converted from seconds', () => {
    expect(retryAfterMs(headers({ 'X-Retry-After': '3' }))).toBe(3000);
  });

  it('is undefined when BigCommerce sent neither header', () => {
    expect(retryAfterMs(headers({}))).toBeUndefined();
  });
});

describe('RequestPacer', () => {
  it('does not wait before anything is known', () => {
    expect(new RequestPacer(5).beforeRequest(0)).toEqual({ delayMs: 0, exhausted: false });
  });

  it('does not wait while more requests are left than the low watermark', () => {
    const pacer = new RequestPacer(5);
    pacer.observe(quota(6, 3000), 0);
    expect(pacer.beforeRequest(0).delayMs).toBe(0);
  });

  it('spreads the requests left over the rest of the window once at the low watermark', () => {
    const pacer = new RequestPacer(5);
    pacer.observe(quota(5, 3000), 0);
    expect(pacer.beforeRequest(0)).toEqual({ delayMs: 500, exhausted: false });
  });

  it('counts the time already passed since the quota was reported', () => {
    const pacer = new RequestPacer(5);
    pacer.observe(quota(2, 3000), 1000);
    expect(pacer.beforeRequest(1600).delayMs).toBe(800);
  });

  it('counts each request sent against the last known quota', () => {
    const pacer = new RequestPacer(5);
    pacer.observe(quota(6, 7000), 0);
    expect(pacer.beforeRequest(0).delayMs).toBe(0);
    expect(pacer.beforeRequest(0).delayMs).toBe(Math.ceil(7000 / 6));
  });

  it('asks for the whole remaining window and flags it exhausted when no request is left', () => {
    const pacer = new RequestPacer(5);
    pacer.observe(quota(0, 4000), 0);
    expect(pacer.beforeRequest(1000)).toEqual({ delayMs: 3000, exhausted: true });
  });

  it('keeps an exhausted window until told the wait is over', () => {
    const pacer = new RequestPacer(5);
    pacer.observe(quota(0, 4000), 0);
    pacer.beforeRequest(0);
    expect(pacer.beforeRequest(0).exhausted).toBe(true);
    pacer.forget();
    expect(pacer.beforeRequest(0)).toEqual({ delayMs: 0, exhausted: false });
  });

  it('stops pacing once the window has reset', () => {
    const pacer = new RequestPacer(5);
    pacer.observe(quota(0, 4000), 0);
    expect(pacer.beforeRequest(4000)).toEqual({ delayMs: 0, exhausted: false });
  });

  it('ignores a response that lacks either quota figure', () => {
    const pacer = new RequestPacer(5);
    pacer.observe(quota(0, 4000), 0);
    pacer.observe(headers({ 'X-Rate-Limit-Requests-Left': '100' }), 0);
    expect(pacer.beforeRequest(0).exhausted).toBe(true);
  });
});
