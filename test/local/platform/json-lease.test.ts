import { describe, expect, test } from 'vitest';
import { openJsonRegistry } from '../../../local/platform/json-registry.ts';
import { describeLeaseContract } from '../../lambdas/platform/contracts/lease.contract.ts';

describe('JsonLease store leases', () => {
  const T0 = new Date('2026-11-22T10:00:00.000Z');
  const clock = () => {
    let now = T0;
    return {
      now: () => now,
      advance: (seconds: number) => {
        now = new Date(now.getTime() + seconds * 1000);
      },
    };
  };

  test('a free store’s lease is taken, and refused to another execution while it holds', async () => {
    const time = clock();
    const registry = openJsonRegistry(undefined, { now: time.now });
    expect(await registry.leases.acquire('abc123', 'exec-1', 600)).toBe(true);
    time.advance(599);
    expect(await registry.leases.acquire('abc123', 'exec-2', 600)).toBe(false);
    expect(await registry.leases.acquire('def456', 'exec-2', 600)).toBe(true);
  });

  test('the holder takes its lease again, which extends it', async () => {
    const time = clock();
    const registry = openJsonRegistry(undefined, { now: time.now });
    await registry.leases.acquire('abc123', 'exec-1', 600);
    time.advance(500);
    expect(await registry.leases.acquire('abc123', 'exec-1', 600)).toBe(true);
    time.advance(500);
    expect(await registry.leases.acquire('abc123', 'exec-2', 600)).toBe(false);
  });

  test('a lease nobody released lapses after its time, and another execution takes it', async () => {
    const time = clock();
    const registry = openJsonRegistry(undefined, { now: time.now });
    await registry.leases.acquire('abc123', 'died', 600);
    time.advance(601);
    expect(await registry.leases.acquire('abc123', 'exec-2', 600)).toBe(true);
    expect(registry.file.contents().leases.abc123?.executionId).toBe('exec-2');
  });

  test('a released lease is free at once', async () => {
    const registry = openJsonRegistry();
    await registry.leases.acquire('abc123', 'exec-1', 600);
    await registry.leases.release('abc123', 'exec-1');
    expect(await registry.leases.acquire('abc123', 'exec-2', 600)).toBe(true);
  });

  test('names the execution holding a lease until it is released or lapses', async () => {
    const time = clock();
    const registry = openJsonRegistry(undefined, { now: time.now });
    expect((await registry.leases.holder('abc123'))?.executionId).toBeUndefined();
    await registry.leases.acquire('abc123', 'exec-1', 600);
    expect((await registry.leases.holder('abc123'))?.executionId).toBe('exec-1');
    time.advance(601);
    expect((await registry.leases.holder('abc123'))?.executionId).toBeUndefined();
    await registry.leases.acquire('abc123', 'exec-2', 600);
    await registry.leases.release('abc123', 'exec-2');
    expect((await registry.leases.holder('abc123'))?.executionId).toBeUndefined();
  });

  test('only the holder releases a lease, and releasing again does nothing', async () => {
    const registry = openJsonRegistry();
    await registry.leases.acquire('abc123', 'exec-1', 600);
    await registry.leases.release('abc123', 'exec-2');
    expect(await registry.leases.acquire('abc123', 'exec-2', 600)).toBe(false);
    await registry.leases.release('abc123', 'exec-1');
    await registry.leases.release('abc123', 'exec-1');
    expect(registry.file.contents().leases).toEqual({});
  });
});

describeLeaseContract('JsonLease', async (now) => openJsonRegistry(undefined, { now }).leases);
