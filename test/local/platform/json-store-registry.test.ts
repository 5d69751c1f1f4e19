import { describe, expect, test } from 'vitest';
import { openJsonRegistry } from '../../../local/platform/json-registry.ts';
import { describeStoreRegistryContract } from '../../lambdas/platform/contracts/store-registry.contract.ts';
import { run } from './json-registry-fixture.ts';

describe('JsonStoreRegistry stores', () => {
  test('registers a store with no connected carriers', async () => {
    const registry = openJsonRegistry();
    await registry.stores.registerStore('abc123', 'us-standard');
    expect(await registry.stores.getStore('abc123')).toEqual({
      storeHash: 'abc123',
      profileName: 'us-standard',
      connectedCarriers: [],
    });
    expect(await registry.stores.getStore('other9')).toBeUndefined();
  });

  test('registering again changes the profile and keeps the store’s carriers and last run', async () => {
    const registry = openJsonRegistry();
    await registry.stores.registerStore('abc123', 'us-standard');
    await registry.stores.markCarriersConnected('abc123', ['endicia']);
    await registry.stores.recordRun(run());
    await registry.stores.registerStore('abc123', 'multi-zone');
    expect(await registry.stores.getStore('abc123')).toMatchObject({
      profileName: 'multi-zone',
      connectedCarriers: ['endicia'],
      lastRun: { executionId: 'exec-1' },
    });
  });

  test('lists every registered store', async () => {
    const registry = openJsonRegistry();
    await registry.stores.registerStore('abc123', 'us-standard');
    await registry.stores.registerStore('def456', 'multi-zone');
    expect((await registry.stores.listStores()).map((s) => s.storeHash).sort()).toEqual(['abc123', 'def456']);
  });

  test('hands out copies, so changing what it returned changes nothing stored', async () => {
    const registry = openJsonRegistry();
    await registry.stores.registerStore('abc123', 'us-standard');
    const entry = await registry.stores.getStore('abc123');
    entry?.connectedCarriers.push('fedex');
    expect((await registry.stores.getStore('abc123'))?.connectedCarriers).toEqual([]);
  });
});

describe('JsonStoreRegistry connected carriers', () => {
  test('records connected carriers once each, sorted', async () => {
    const registry = openJsonRegistry();
    await registry.stores.registerStore('abc123', 'us-standard');
    await registry.stores.markCarriersConnected('abc123', ['fedex', 'endicia']);
    await registry.stores.markCarriersConnected('abc123', ['endicia']);
    expect((await registry.stores.getStore('abc123'))?.connectedCarriers).toEqual(['endicia', 'fedex']);
  });

  test('remembers carriers of an unregistered store without listing the store', async () => {
    const registry = openJsonRegistry();
    await registry.stores.markCarriersConnected('abc123', ['endicia']);
    expect(await registry.stores.listStores()).toEqual([]);
    expect(await registry.stores.getStore('abc123')).toBeUndefined();
  });

  test('tells the carriers connected for a store whether or not it is registered', async () => {
    const registry = openJsonRegistry();
    expect(await registry.stores.connectedCarriers('abc123')).toEqual([]);
    await registry.stores.markCarriersConnected('abc123', ['fedex', 'endicia']);
    expect(await registry.stores.connectedCarriers('abc123')).toEqual(['endicia', 'fedex']);
    await registry.stores.registerStore('abc123', 'us-standard');
    expect(await registry.stores.connectedCarriers('abc123')).toEqual(['endicia', 'fedex']);
  });

  test('a store registered later keeps the carriers remembered before', async () => {
    const registry = openJsonRegistry();
    await registry.stores.markCarriersConnected('abc123', ['endicia']);
    await registry.stores.registerStore('abc123', 'us-standard');
    expect(await registry.stores.getStore('abc123')).toEqual({
      storeHash: 'abc123',
      profileName: 'us-standard',
      connectedCarriers: ['endicia'],
    });
  });

  test('forgets disconnected carriers and keeps the others', async () => {
    const registry = openJsonRegistry();
    await registry.stores.registerStore('abc123', 'us-standard');
    await registry.stores.markCarriersConnected('abc123', ['endicia', 'fedex']);
    await registry.stores.markCarriersDisconnected('abc123', ['endicia', 'ups']);
    expect((await registry.stores.getStore('abc123'))?.connectedCarriers).toEqual(['fedex']);
  });

  test('has nothing to forget for an unregistered store, and does not register it', async () => {
    const registry = openJsonRegistry();
    await registry.stores.markCarriersDisconnected('abc123', ['endicia']);
    expect(await registry.stores.listStores()).toEqual([]);
  });
});

describe('JsonStoreRegistry deregistration', () => {
  test('a deregistered store is neither listed nor found, and keeps its carriers for a later registration', async () => {
    const registry = openJsonRegistry();
    await registry.stores.registerStore('abc123', 'us-standard');
    await registry.stores.markCarriersConnected('abc123', ['endicia']);
    await registry.stores.deregisterStore('abc123');
    expect(await registry.stores.listStores()).toEqual([]);
    expect(await registry.stores.getStore('abc123')).toBeUndefined();
    await registry.stores.registerStore('abc123', 'multi-zone');
    expect((await registry.stores.getStore('abc123'))?.connectedCarriers).toEqual(['endicia']);
  });

  test('deregistering a store that is not registered changes nothing', async () => {
    const registry = openJsonRegistry();
    await registry.stores.deregisterStore('abc123');
    expect(registry.file.contents().stores).toEqual({});
  });
});

describe('JsonStoreRegistry runs', () => {
  test('records a run as the store’s last run and lists a store’s runs newest first', async () => {
    const registry = openJsonRegistry();
    await registry.stores.registerStore('abc123', 'us-standard');
    await registry.stores.recordRun(run({ executionId: 'exec-1' }));
    await registry.stores.recordRun(run({ storeHash: 'def456', executionId: 'exec-other' }));
    await registry.stores.recordRun(run({ executionId: 'exec-2' }));
    expect(registry.stores.runsOf('abc123').map((r) => r.executionId)).toEqual(['exec-2', 'exec-1']);
    expect((await registry.stores.getStore('abc123'))?.lastRun?.executionId).toBe('exec-2');
  });

  test('keeps the run of an unregistered store without registering it', async () => {
    const registry = openJsonRegistry();
    await registry.stores.recordRun(run());
    expect(registry.stores.runsOf('abc123')).toHaveLength(1);
    expect(await registry.stores.getStore('abc123')).toBeUndefined();
  });

  test('keeps the 200 most recent runs, as DynamoDB expires older ones', async () => {
    const registry = openJsonRegistry();
    for (let i = 1; i <= 205; i++) await registry.stores.recordRun(run({ executionId: `exec-${i}` }));
    const runs = registry.file.contents().runs;
    expect(runs).toHaveLength(200);
    expect(runs[0]?.executionId).toBe('exec-6');
    expect(runs.at(-1)?.executionId).toBe('exec-205');
  });
});

describeStoreRegistryContract('JsonStoreRegistry', async () => ({ stores: openJsonRegistry().stores }));
