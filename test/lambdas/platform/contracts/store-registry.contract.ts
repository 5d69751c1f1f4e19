/**
 * What every StoreRegistryPort does: registered stores are found and listed (however many), carriers are
 * remembered for a store registered or not, a deregistered store keeps them for a later registration, and a
 * run becomes the last run of a registered store only.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { RegisteredStore, RunRecord, StoreRegistryPort } from '../../../../lambdas/platform/ports.ts';

interface StoreRegistryHarness {
  stores: StoreRegistryPort;
  /**
   * Registers many stores with one profile, as `registerStore` would one by one (the default), or faster
   * where the adapter's store can take them in bulk.
   */
  registerMany?(storeHashes: string[], profileName: string): Promise<void>;
}

/** A store registry over an empty registry. */
export type StoreRegistryFactory = () => Promise<StoreRegistryHarness>;

const run = (overrides: Partial<RunRecord> = {}): RunRecord => ({
  storeHash: 'abc123',
  profileName: 'us-standard',
  mode: 'apply',
  outcome: 'succeeded',
  executionId: 'exec-1',
  trigger: { kind: 'webhook', id: 'delivery-1' },
  finishedAt: '2026-11-22T10:00:00.000Z',
  changes: [{ kind: 'connect-carrier', carrierId: 'endicia' }],
  mismatches: [],
  error: { name: 'RateLimited', message: 'slow down' },
  ...overrides,
});

/** Enough stores that DynamoDB returns them over more than one page (1 MB each): ~700 bytes a store. */
const MANY_STORES = 1_500;
const LONG_PROFILE_NAME = `profile-${'x'.repeat(700)}`;

/** Runs `work` for each item, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

export function describeStoreRegistryContract(adapterName: string, factory: StoreRegistryFactory): void {
  describe(`${adapterName} (StoreRegistryPort contract)`, () => {
    let stores: StoreRegistryPort;
    let registerMany: (storeHashes: string[], profileName: string) => Promise<void>;
    beforeEach(async () => {
      const harness = await factory();
      stores = harness.stores;
      registerMany =
        harness.registerMany ??
        ((hashes, profileName) => inParallel(hashes, 25, (hash) => stores.registerStore(hash, profileName)));
    });

    test('a registered store is found with no carriers; an unknown one is not', async () => {
      await stores.registerStore('abc123', 'us-standard');
      expect(await stores.getStore('abc123')).toEqual({
        storeHash: 'abc123',
        profileName: 'us-standard',
        connectedCarriers: [],
      });
      expect(await stores.getStore('other9')).toBeUndefined();
    });

    test('registering again changes the profile and keeps the carriers and the last run', async () => {
      await stores.registerStore('abc123', 'us-standard');
      await stores.markCarriersConnected('abc123', ['endicia']);
      await stores.recordRun(run());
      await stores.registerStore('abc123', 'multi-zone');
      expect(await stores.getStore('abc123')).toEqual({
        storeHash: 'abc123',
        profileName: 'multi-zone',
        connectedCarriers: ['endicia'],
        lastRun: run(),
      });
    });

    test(`pages through every registered store, all ${MANY_STORES} of them, each once`, async () => {
      const hashes = Array.from({ length: MANY_STORES }, (_, i) => `store${String(i).padStart(4, '0')}`);
      await registerMany(hashes, LONG_PROFILE_NAME);
      const listed: RegisteredStore[] = [];
      let pages = 0;
      let cursor: string | undefined;
      do {
        const page = await stores.listStorePage(cursor);
        listed.push(...page.stores);
        cursor = page.cursor;
        pages += 1;
      } while (cursor !== undefined);
      expect(pages).toBeGreaterThan(1);
      expect(listed.map((s) => s.storeHash).sort()).toEqual(hashes);
      expect(listed.every((s) => s.profileName === LONG_PROFILE_NAME)).toBe(true);
    });

    test('lists registered stores in full, with carriers and last run', async () => {
      await stores.registerStore('abc123', 'us-standard');
      await stores.markCarriersConnected('abc123', ['endicia']);
      await stores.recordRun(run({ executionId: 'exec-1' }));
      const [entry] = await stores.listStores();
      expect(entry).toMatchObject({
        storeHash: 'abc123',
        profileName: 'us-standard',
        connectedCarriers: ['endicia'],
      });
      expect(entry?.lastRun?.executionId).toBe('exec-1');
    });

    test('a deregistered store is neither listed nor found, and keeps its carriers for a later registration', async () => {
      await stores.registerStore('abc123', 'us-standard');
      await stores.registerStore('def456', 'us-standard');
      await stores.markCarriersConnected('abc123', ['endicia']);
      await stores.deregisterStore('abc123');
      expect((await stores.listStores()).map((s) => s.storeHash)).toEqual(['def456']);
      expect(await stores.getStore('abc123')).toBeUndefined();
      expect(await stores.connectedCarriers('abc123')).toEqual(['endicia']);
      await stores.registerStore('abc123', 'multi-zone');
      expect(await stores.getStore('abc123')).toMatchObject({ connectedCarriers: ['endicia'] });
    });

    test('deregistering resolves the registration it ended, once: a second call finds none', async () => {
      await stores.registerStore('abc123', 'us-standard');
      expect(await stores.deregisterStore('abc123')).toEqual({
        storeHash: 'abc123',
        profileName: 'us-standard',
      });
      expect(await stores.deregisterStore('abc123')).toBeUndefined();
    });

    test('of concurrent deregistrations of one store, exactly one ends the registration', async () => {
      await stores.registerStore('abc123', 'us-standard');
      const ended = await Promise.all(Array.from({ length: 20 }, () => stores.deregisterStore('abc123')));
      expect(ended.filter((registration) => registration !== undefined)).toEqual([
        { storeHash: 'abc123', profileName: 'us-standard' },
      ]);
    });

    test('deregistering a store that is not registered registers nothing', async () => {
      expect(await stores.deregisterStore('abc123')).toBeUndefined();
      expect(await stores.listStores()).toEqual([]);
      expect(await stores.getStore('abc123')).toBeUndefined();
    });

    test('connected carriers are kept once each, sorted, and forgotten when disconnected', async () => {
      await stores.registerStore('abc123', 'us-standard');
      await stores.markCarriersConnected('abc123', ['fedex', 'endicia']);
      await stores.markCarriersConnected('abc123', ['endicia', 'ups']);
      expect(await stores.connectedCarriers('abc123')).toEqual(['endicia', 'fedex', 'ups']);
      await stores.markCarriersDisconnected('abc123', ['endicia', 'dhl']);
      expect((await stores.getStore('abc123'))?.connectedCarriers).toEqual(['fedex', 'ups']);
      await stores.markCarriersDisconnected('abc123', ['fedex', 'ups']);
      expect(await stores.getStore('abc123')).toMatchObject({ connectedCarriers: [] });
    });

    test('connecting or disconnecting no carriers changes nothing', async () => {
      await stores.registerStore('abc123', 'us-standard');
      await stores.markCarriersConnected('abc123', []);
      await stores.markCarriersDisconnected('abc123', []);
      await stores.markCarriersConnected('def456', []);
      expect(await stores.connectedCarriers('abc123')).toEqual([]);
      expect((await stores.listStores()).map((s) => s.storeHash)).toEqual(['abc123']);
    });

    test('an unregistered store holding only carriers is neither listed nor found, but its carriers are', async () => {
      await stores.markCarriersConnected('abc123', ['fedex', 'endicia']);
      expect(await stores.listStores()).toEqual([]);
      expect(await stores.getStore('abc123')).toBeUndefined();
      expect(await stores.connectedCarriers('abc123')).toEqual(['endicia', 'fedex']);
    });

    test('forgetting carriers of a store without an entry does nothing', async () => {
      await stores.markCarriersDisconnected('abc123', ['endicia']);
      expect(await stores.connectedCarriers('abc123')).toEqual([]);
      expect(await stores.listStores()).toEqual([]);
    });

    test('a run becomes the last run of its registered store', async () => {
      await stores.registerStore('abc123', 'us-standard');
      await stores.recordRun(run({ executionId: 'exec-1', finishedAt: '2026-11-22T10:00:00.000Z' }));
      await stores.recordRun(run({ storeHash: 'def456', executionId: 'exec-other' }));
      const latest = run({ executionId: 'exec-2', finishedAt: '2026-11-22T11:00:00.000Z', error: undefined });
      await stores.recordRun(latest);
      expect((await stores.getStore('abc123'))?.lastRun).toEqual(latest);
    });

    test('knows whether an execution recorded a run, from its start on', async () => {
      await stores.recordRun(run({ executionId: 'exec-1', finishedAt: '2026-11-22T10:00:00.000Z' }));
      await stores.recordRun(run({ storeHash: 'def456', executionId: 'exec-2' }));

      expect(await stores.runRecorded('abc123', 'exec-1')).toBe(true);
      expect(await stores.runRecorded('abc123', 'exec-1', '2026-11-22T09:59:00.000Z')).toBe(true);
      expect(await stores.runRecorded('abc123', 'exec-1', '2026-11-22T10:01:00.000Z')).toBe(false);
      expect(await stores.runRecorded('abc123', 'exec-2')).toBe(false);
      expect(await stores.runRecorded('abc123', 'never-ran')).toBe(false);
    });

    test('the run of an unregistered store registers nothing', async () => {
      await stores.recordRun(run());
      expect(await stores.getStore('abc123')).toBeUndefined();
      expect(await stores.listStores()).toEqual([]);
    });
  });
}
