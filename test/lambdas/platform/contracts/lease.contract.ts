/**
 * What every LeasePort does, whatever keeps the leases: one execution at a time holds a store's lease, it
 * lapses after its time, the holder extends it by taking it again, and only the holder gives it back.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { LeasePort } from '../../../../lambdas/platform/ports.ts';

/** A lease port reading the given clock, over an empty store of leases. */
export type LeaseFactory = (now: () => Date) => Promise<LeasePort>;

const TTL = 600;

export function describeLeaseContract(adapterName: string, factory: LeaseFactory): void {
  describe(`${adapterName} (LeasePort contract)`, () => {
    // Whole seconds, so that an adapter keeping epoch seconds loses nothing.
    let now: Date;
    const advance = (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
    };
    let leases: LeasePort;
    beforeEach(async () => {
      now = new Date(Math.ceil(Date.now() / 1000) * 1000);
      leases = await factory(() => now);
    });

    test('of 25 executions racing for one store’s lease, exactly one wins', async () => {
      const executions = Array.from({ length: 25 }, (_, i) => `exec-${i}`);
      const won = await Promise.all(executions.map((id) => leases.acquire('abc123', id, TTL)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await leases.holder('abc123'))?.executionId).toBe(executions[won.indexOf(true)]);
    });

    test('a lease is refused to others through its last second, then lapses and another takes it', async () => {
      expect(await leases.acquire('abc123', 'died', TTL)).toBe(true);
      advance(TTL);
      expect(await leases.acquire('abc123', 'exec-2', TTL)).toBe(false);
      expect((await leases.holder('abc123'))?.executionId).toBe('died');
      advance(1);
      expect((await leases.holder('abc123'))?.executionId).toBeUndefined();
      expect(await leases.acquire('abc123', 'exec-2', TTL)).toBe(true);
      expect((await leases.holder('abc123'))?.executionId).toBe('exec-2');
    });

    test('the holder taking its lease again extends it', async () => {
      await leases.acquire('abc123', 'exec-1', TTL);
      advance(TTL - 100);
      expect(await leases.acquire('abc123', 'exec-1', TTL)).toBe(true);
      advance(TTL - 100);
      expect(await leases.acquire('abc123', 'exec-2', TTL)).toBe(false);
      expect((await leases.holder('abc123'))?.executionId).toBe('exec-1');
    });

    test('a release by an execution that does not hold the lease does nothing', async () => {
      await leases.acquire('abc123', 'exec-1', TTL);
      await leases.release('abc123', 'exec-2');
      expect((await leases.holder('abc123'))?.executionId).toBe('exec-1');
      expect(await leases.acquire('abc123', 'exec-2', TTL)).toBe(false);
    });

    test('a released lease has no holder and is free to another at once; releasing again does nothing', async () => {
      await leases.acquire('abc123', 'exec-1', TTL);
      await leases.release('abc123', 'exec-1');
      expect((await leases.holder('abc123'))?.executionId).toBeUndefined();
      await leases.release('abc123', 'exec-1');
      expect(await leases.acquire('abc123', 'exec-2', TTL)).toBe(true);
      expect((await leases.holder('abc123'))?.executionId).toBe('exec-2');
    });

    test('the holder is named with the time it took the lease', async () => {
      const takenAt = now.toISOString();
      await leases.acquire('abc123', 'exec-1', TTL);
      advance(30);
      expect(await leases.holder('abc123')).toEqual({ executionId: 'exec-1', since: takenAt });
    });

    test('a lease never taken has no holder, and each store has its own', async () => {
      expect((await leases.holder('abc123'))?.executionId).toBeUndefined();
      await leases.release('abc123', 'exec-1');
      expect(await leases.acquire('abc123', 'exec-1', TTL)).toBe(true);
      expect(await leases.acquire('def456', 'exec-2', TTL)).toBe(true);
      expect((await leases.holder('def456'))?.executionId).toBe('exec-2');
    });
  });
}
