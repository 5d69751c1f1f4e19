import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { undoEntryKey } from '../../../lambdas/platform/undo-entry-key.ts';
import { openJsonRegistry } from '../../../local/platform/json-registry.ts';
import { created, run } from './json-registry-fixture.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bcship-registry-'));
  path = join(dir, 'registry.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JSON registry file shared by two processes', () => {
  test('a lease released by one is free to the other, which opened the file before', async () => {
    const first = openJsonRegistry(path);
    const second = openJsonRegistry(path);
    await first.leases.acquire('abc123', 'exec-1', 600);
    expect(await second.leases.acquire('abc123', 'exec-2', 600)).toBe(false);
    expect((await second.leases.holder('abc123'))?.executionId).toBe('exec-1');
    await first.leases.release('abc123', 'exec-1');
    expect((await second.leases.holder('abc123'))?.executionId).toBeUndefined();
    expect(await second.leases.acquire('abc123', 'exec-2', 600)).toBe(true);
  });

  test('a lease one takes is refused to the other, which opened the file before it was taken', async () => {
    const first = openJsonRegistry(path);
    const second = openJsonRegistry(path);
    await first.leases.acquire('abc123', 'exec-1', 600);
    expect(await second.leases.acquire('abc123', 'exec-2', 600)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8')).leases.abc123.executionId).toBe('exec-1');
  });

  test('each one’s changes are kept, not overwritten by what the other read when it opened the file', async () => {
    const first = openJsonRegistry(path);
    const second = openJsonRegistry(path);
    await first.stores.registerStore('abc123', 'us-standard');
    await second.stores.registerStore('def456', 'multi-zone');
    await first.stores.recordRun(run({ executionId: 'exec-1' }));
    await second.stores.markCarriersConnected('abc123', ['endicia']);
    const reopened = openJsonRegistry(path);
    expect((await reopened.stores.listStores()).map((store) => store.storeHash).sort()).toEqual([
      'abc123',
      'def456',
    ]);
    expect(await reopened.stores.getStore('abc123')).toMatchObject({
      connectedCarriers: ['endicia'],
      lastRun: { executionId: 'exec-1' },
    });
  });
});

describe('JSON registry file', () => {
  test('a registry opened on the same file sees the stores, runs, journals and undone marks written before', async () => {
    const first = openJsonRegistry(path);
    await first.stores.registerStore('abc123', 'us-standard');
    await first.stores.markCarriersConnected('abc123', ['endicia']);
    await first.stores.recordRun(run());
    await first.journal.append('abc123', 'exec-1', [created('A'), created('B')]);
    const [undone] = await first.journal.read('abc123', 'exec-1');
    await first.journal.markUndone('abc123', 'exec-1', undone?.key ?? '');

    const reopened = openJsonRegistry(path);
    expect(await reopened.stores.getStore('abc123')).toEqual(await first.stores.getStore('abc123'));
    expect(reopened.stores.runsOf('abc123')).toEqual([run()]);
    const journal = await reopened.journal.read('abc123', 'exec-1');
    expect(journal.map((record) => [record.entry, record.undone])).toEqual([
      [created('A'), true],
      [created('B'), false],
    ]);
  });

  test('a registry opened on the same file knows the leases held', async () => {
    await openJsonRegistry(path).leases.acquire('abc123', 'exec-1', 600);
    expect(await openJsonRegistry(path).leases.acquire('abc123', 'exec-2', 600)).toBe(false);
  });

  test('opens a file written before leases existed, with the webhook deliveries it then kept', async () => {
    writeFileSync(
      path,
      JSON.stringify({ stores: {}, runs: [], journals: {}, webhookDeliveries: ['dd70c097'] }),
    );
    const registry = openJsonRegistry(path);
    expect(await registry.leases.acquire('abc123', 'exec-1', 600)).toBe(true);
    expect(registry.file.contents()).toEqual({
      stores: {},
      runs: [],
      journals: {},
      leases: { abc123: expect.objectContaining({ executionId: 'exec-1' }) },
      pendingRuns: {},
    });
  });

  test('opens a file written before journal entries were keyed: each entry is read back under its key', async () => {
    const cart = { kind: 'delete-cart' as const, cartId: 'cart-left-behind' };
    writeFileSync(path, JSON.stringify({ stores: {}, runs: [], journals: { 'abc123/probe': [cart] } }));
    const registry = openJsonRegistry(path);
    expect(await registry.journal.read('abc123', 'probe')).toEqual([
      { key: undoEntryKey(cart), entry: cart, undone: false },
    ]);
    await registry.journal.append('abc123', 'probe', [
      cart,
      { kind: 'cart-deleted', cartId: 'cart-left-behind' },
    ]);
    expect((await registry.journal.read('abc123', 'probe')).map((record) => record.entry.kind)).toEqual([
      'delete-cart',
      'cart-deleted',
    ]);
  });

  test('creates the file’s folder when it does not exist', async () => {
    const nested = join(dir, 'home', '.bcship', 'registry.json');
    await openJsonRegistry(nested).stores.registerStore('abc123', 'us-standard');
    expect(JSON.parse(readFileSync(nested, 'utf8')).stores.abc123.profileName).toBe('us-standard');
  });

  test('replaces the file with a completely written one instead of rewriting it in place', async () => {
    const registry = openJsonRegistry(path);
    await registry.stores.registerStore('abc123', 'us-standard');
    const before = statSync(path).ino;
    await registry.stores.registerStore('abc123', 'multi-zone');
    expect(statSync(path).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['registry.json']);
  });

  test('ignores the temporary file an interrupted write left behind', async () => {
    await openJsonRegistry(path).stores.registerStore('abc123', 'us-standard');
    writeFileSync(`${path}.tmp`, '{"stores": {"abc1');
    const registry = openJsonRegistry(path);
    expect((await registry.stores.getStore('abc123'))?.profileName).toBe('us-standard');
    await registry.stores.registerStore('def456', 'us-standard');
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).stores).sort()).toEqual(['abc123', 'def456']);
  });

  test('an opened file that does not exist yet is an empty registry and is not created until a change', async () => {
    const registry = openJsonRegistry(path);
    expect(await registry.stores.listStores()).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  test('a file that is not JSON is refused, naming the file', () => {
    writeFileSync(path, '{"stores": ');
    expect(() => openJsonRegistry(path)).toThrow(`Registry file ${path} is not valid JSON`);
  });

  test('a file that is not a JSON object is refused, naming the file', () => {
    writeFileSync(path, '[]');
    expect(() => openJsonRegistry(path)).toThrow(`Registry file ${path} must hold a JSON object`);
  });
});
