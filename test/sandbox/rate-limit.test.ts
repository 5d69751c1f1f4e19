import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';
import { storeCaller } from '../support/sandbox-http.ts';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

async function startWithClock(quota: number) {
  const clock = { now: 1_000_000 };
  sandbox = await startSandbox({ quota, windowMs: 30_000, now: () => clock.now });
  return { clock, call: storeCaller(sandbox.baseUrl('sandbox'), 'sandbox-token') };
}

describe('rate limiting', () => {
  it('announces the quota on every response and counts down', async () => {
    const { clock, call } = await startWithClock(3);
    const first = await call('GET', '/shipping/zones');
    clock.now += 1_000;
    const second = await call('GET', '/shipping/zones');
    expect(
      Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('x-rate-limit'))),
    ).toEqual({
      'x-rate-limit-time-window-ms': '30000',
      'x-rate-limit-time-reset-ms': '30000',
      'x-rate-limit-requests-quota': '3',
      'x-rate-limit-requests-left': '2',
    });
    expect(second.headers.get('x-rate-limit-requests-left')).toBe('1');
    expect(second.headers.get('x-rate-limit-time-reset-ms')).toBe('29000');
  });

  it('answers 429 with the rate headers and X-Retry-After once the quota is spent', async () => {
    const { clock, call } = await startWithClock(2);
    await call('GET', '/shipping/zones');
    await call('GET', '/shipping/zones');
    clock.now += 10_500;
    const limited = await call('GET', '/shipping/zones');
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual([{ status: 429, message: expect.any(String) }]);
    expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
    expect(limited.headers.get('x-rate-limit-time-reset-ms')).toBe('19500');
    expect(limited.headers.get('x-retry-after')).toBe('20');
  });

  it('refreshes the quota when the window has passed', async () => {
    const { clock, call } = await startWithClock(1);
    await call('GET', '/shipping/zones');
    expect((await call('GET', '/shipping/zones')).status).toBe(429);
    clock.now += 30_000;
    const refreshed = await call('GET', '/shipping/zones');
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('x-rate-limit-requests-left')).toBe('0');
  });

  it('counts each store’s quota separately', async () => {
    const clock = { now: 0 };
    sandbox = await startSandbox({
      quota: 1,
      now: () => clock.now,
      seed: {
        stores: [
          { hash: 'one', token: 't1' },
          { hash: 'two', token: 't2' },
        ],
      },
    });
    await storeCaller(sandbox.baseUrl('one'), 't1')('GET', '/shipping/zones');
    expect((await storeCaller(sandbox.baseUrl('two'), 't2')('GET', '/shipping/zones')).status).toBe(200);
  });

  it('does not apply a write refused for the rate limit', async () => {
    const { call } = await startWithClock(1);
    await call('GET', '/shipping/zones');
    await call('POST', '/shipping/zones', { name: 'Late', type: 'global' });
    expect(sandbox?.state('sandbox').zones).toHaveLength(3);
  });
});
