import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { RunRecord, UndoEntry } from '../../../lambdas/platform/ports.ts';
import { JsonRegistry } from '../../../local/platform/json-registry.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bcship-registry-'));
  path = join(dir, 'registry.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (overrides: Partial<RunRecord> = {}): RunRecord => ({
  storeHash: 'abc123',
  profileName: 'us-standard',
  mode: 'apply',
  outcome: 'succeeded',
  executionId: 'exec-1',
  trigger: { kind: 'manual' },
  finishedAt: '2026-11-22T10:00:00.000Z',
  changes: [],
  mismatches: [],
  ...overrides,
});

const created = (name: string): UndoEntry => ({ kind: 'delete-created', zoneId: 1, type: 'perorder', name });

describe('JsonRegistry stores', () => {
  test('registers a store with no connected carriers', async () => {
    const registry = new JsonRegistry();
    await registry.registerStore('abc123', 'us-standard');
    expect(await registry.getStore('abc123')).toEqual({
      storeHash: 'abc123',
      profileName: 'us-standard',
      connectedCarriers: [],
    });
    expect(await registry.getStore('other9')).toBeUndefined();
  });

  test('registering again changes the profile and keeps the store’s carriers and last run', async () => {
    const registry = new JsonRegistry();
    await registry.registerStore('abc123', 'us-standard');
    await registry.markCarriersConnected('abc123', ['endicia']);
    await registry.recordRun(run());
    await registry.registerStore('abc123', 'multi-zone');
    expect(await registry.getStore('abc123')).toMatchObject({
      profileName: 'multi-zone',
      connectedCarriers: ['endicia'],
      lastRun: { executionId: 'exec-1' },
    });
  });

  test('lists every registered store', async () => {
    const registry = new JsonRegistry();
    await registry.registerStore('abc123', 'us-standard');
    await registry.registerStore('def456', 'multi-zone');
    expect((await registry.listStores()).map((s) => s.storeHash).sort()).toEqual(['abc123', 'def456']);
  });

  test('hands out copies, so changing what it returned changes nothing stored', async () => {
    const registry = new JsonRegistry();
    await registry.registerStore('abc123', 'us-standard');
    const entry = await registry.getStore('abc123');
    entry?.connectedCarriers.push('fedex');
    expect((await registry.getStore('abc123'))?.connectedCarriers).toEqual([]);
  });
});

describe('JsonRegistry connected carriers', () => {
  test('records connected carriers once each, sorted', async () => {
    const registry = new JsonRegistry();
    await registry.registerStore('abc123', 'us-standard');
    await registry.markCarriersConnected('abc123', ['fedex', 'endicia']);
    await registry.markCarriersConnected('abc123', ['endicia']);
    expect((await registry.getStore('abc123'))?.connectedCarriers).toEqual(['endicia', 'fedex']);
  });

  test('remembers carriers of an unregistered store without listing the store', async () => {
    const registry = new JsonRegistry();
    await registry.markCarriersConnected('abc123', ['endicia']);
    expect(await registry.listStores()).toEqual([]);
    expect(await registry.getStore('abc123')).toBeUndefined();
  });

  test('tells the carriers connected for a store whether or not it is registered', async () => {
    const registry = new JsonRegistry();
    expect(await registry.connectedCarriers('abc123')).toEqual([]);
    await registry.markCarriersConnected('abc123', ['fedex', 'endicia']);
    expect(await registry.connectedCarriers('abc123')).toEqual(['endicia', 'fedex']);
    await registry.registerStore('abc123', 'us-standard');
    expect(await registry.connectedCarriers('abc123')).toEqual(['endicia', 'fedex']);
  });

  test('a store registered later keeps the carriers remembered before', async () => {
    const registry = new JsonRegistry();
    await registry.markCarriersConnected('abc123', ['endicia']);
    await registry.registerStore('abc123', 'us-standard');
    expect(await registry.getStore('abc123')).toEqual({
      storeHash: 'abc123',
      profileName: 'us-standard',
      connectedCarriers: ['endicia'],
    });
  });

  test('forgets disconnected carriers and keeps the others', async () => {
    const registry = new JsonRegistry();
    await registry.registerStore('abc123', 'us-standard');
    await registry.markCarriersConnected('abc123', ['endicia', 'fedex']);
    await registry.markCarriersDisconnected('abc123', ['endicia', 'ups']);
    expect((await registry.getStore('abc123'))?.connectedCarriers).toEqual(['fedex']);
  });

  test('has nothing to forget for an unregistered store, and does not register it', async () => {
    const registry = new JsonRegistry();
    await registry.markCarriersDisconnected('abc123', ['endicia']);
    expect(await registry.listStores()).toEqual([]);
  });
});

describe('JsonRegistry deregistration', () => {
  test('a deregistered store is neither listed nor found, and keeps its carriers for a later registration', async () => {
    const registry = new JsonRegistry();
    await registry.registerStore('abc123', 'us-standard');
    await registry.markCarriersConnected('abc123', ['endicia']);
    await registry.deregisterStore('abc123');
    expect(await registry.listStores()).toEqual([]);
    expect(await registry.getStore('abc123')).toBeUndefined();
    await registry.registerStore('abc123', 'multi-zone');
    expect((await registry.getStore('abc123'))?.connectedCarriers).toEqual(['endicia']);
  });

  test('deregistering a store that is not registered changes nothing', async () => {
    const registry = new JsonRegistry();
    await registry.deregisterStore('abc123');
    expect(registry.contents().stores).toEqual({});
  });
});

describe('JsonRegistry runs', () => {
  test('records a run as the store’s last run and lists a store’s runs newest first', async () => {
    const registry = new JsonRegistry();
    await registry.registerStore('abc123', 'us-standard');
    await registry.recordRun(run({ executionId: 'exec-1' }));
    await registry.recordRun(run({ storeHash: 'def456', executionId: 'exec-other' }));
    await registry.recordRun(run({ executionId: 'exec-2' }));
    expect(registry.runsOf('abc123').map((r) => r.executionId)).toEqual(['exec-2', 'exec-1']);
    expect((await registry.getStore('abc123'))?.lastRun?.executionId).toBe('exec-2');
  });

  test('keeps the run of an unregistered store without registering it', async () => {
    const registry = new JsonRegistry();
    await registry.recordRun(run());
    expect(registry.runsOf('abc123')).toHaveLength(1);
    expect(await registry.getStore('abc123')).toBeUndefined();
  });

  test('keeps the 200 most recent runs, as DynamoDB expires older ones', async () => {
    const registry = new JsonRegistry();
    for (let i = 1; i <= 205; i++) await registry.recordRun(run({ executionId: `exec-${i}` }));
    const runs = registry.contents().runs;
    expect(runs).toHaveLength(200);
    expect(runs[0]?.executionId).toBe('exec-6');
    expect(runs.at(-1)?.executionId).toBe('exec-205');
  });
});

describe('JsonRegistry journals', () => {
  test('reads back an execution’s journal in the order it was appended', async () => {
    const registry = new JsonRegistry();
    await registry.appendUndo('abc123', 'exec-1', [created('A'), created('B')]);
    await registry.appendUndo('abc123', 'exec-1', [{ kind: 'disconnect-connected', carrierId: 'endicia' }]);
    expect(await registry.readUndo('abc123', 'exec-1')).toEqual([
      created('A'),
      created('B'),
      { kind: 'disconnect-connected', carrierId: 'endicia' },
    ]);
  });

  test('keeps each execution’s journal apart', async () => {
    const registry = new JsonRegistry();
    await registry.appendUndo('abc123', 'exec-1', [created('A')]);
    await registry.appendUndo('abc123', 'exec-2', [created('B')]);
    await registry.appendUndo('def456', 'exec-1', [created('C')]);
    expect(await registry.readUndo('abc123', 'exec-1')).toEqual([created('A')]);
    expect(await registry.readUndo('abc123', 'exec-3')).toEqual([]);
  });
});

describe('JsonRegistry store leases', () => {
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
    const registry = new JsonRegistry(undefined, { now: time.now });
    expect(await registry.acquireLease('abc123', 'exec-1', 600)).toBe(true);
    time.advance(599);
    expect(await registry.acquireLease('abc123', 'exec-2', 600)).toBe(false);
    expect(await registry.acquireLease('def456', 'exec-2', 600)).toBe(true);
  });

  test('the holder takes its lease again, which extends it', async () => {
    const time = clock();
    const registry = new JsonRegistry(undefined, { now: time.now });
    await registry.acquireLease('abc123', 'exec-1', 600);
    time.advance(500);
    expect(await registry.acquireLease('abc123', 'exec-1', 600)).toBe(true);
    time.advance(500);
    expect(await registry.acquireLease('abc123', 'exec-2', 600)).toBe(false);
  });

  test('a lease nobody released lapses after its time, and another execution takes it', async () => {
    const time = clock();
    const registry = new JsonRegistry(undefined, { now: time.now });
    await registry.acquireLease('abc123', 'died', 600);
    time.advance(601);
    expect(await registry.acquireLease('abc123', 'exec-2', 600)).toBe(true);
    expect(registry.contents().leases.abc123?.executionId).toBe('exec-2');
  });

  test('a released lease is free at once', async () => {
    const registry = new JsonRegistry();
    await registry.acquireLease('abc123', 'exec-1', 600);
    await registry.releaseLease('abc123', 'exec-1');
    expect(await registry.acquireLease('abc123', 'exec-2', 600)).toBe(true);
  });

  test('names the execution holding a lease until it is released or lapses', async () => {
    const time = clock();
    const registry = new JsonRegistry(undefined, { now: time.now });
    expect(await registry.leaseHolder('abc123')).toBeUndefined();
    await registry.acquireLease('abc123', 'exec-1', 600);
    expect(await registry.leaseHolder('abc123')).toBe('exec-1');
    time.advance(601);
    expect(await registry.leaseHolder('abc123')).toBeUndefined();
    await registry.acquireLease('abc123', 'exec-2', 600);
    await registry.releaseLease('abc123', 'exec-2');
    expect(await registry.leaseHolder('abc123')).toBeUndefined();
  });

  test('only the holder releases a lease, and releasing again does nothing', async () => {
    const registry = new JsonRegistry();
    await registry.acquireLease('abc123', 'exec-1', 600);
    await registry.releaseLease('abc123', 'exec-2');
    expect(await registry.acquireLease('abc123', 'exec-2', 600)).toBe(false);
    await registry.releaseLease('abc123', 'exec-1');
    await registry.releaseLease('abc123', 'exec-1');
    expect(registry.contents().leases).toEqual({});
  });
});

describe('JsonRegistry file shared by two processes', () => {
  test('a lease released by one is free to the other, which opened the file before', async () => {
    const first = new JsonRegistry(path);
    const second = new JsonRegistry(path);
    await first.acquireLease('abc123', 'exec-1', 600);
    expect(await second.acquireLease('abc123', 'exec-2', 600)).toBe(false);
    expect(await second.leaseHolder('abc123')).toBe('exec-1');
    await first.releaseLease('abc123', 'exec-1');
    expect(await second.leaseHolder('abc123')).toBeUndefined();
    expect(await second.acquireLease('abc123', 'exec-2', 600)).toBe(true);
  });

  test('a lease one takes is refused to the other, which opened the file before it was taken', async () => {
    const first = new JsonRegistry(path);
    const second = new JsonRegistry(path);
    await first.acquireLease('abc123', 'exec-1', 600);
    expect(await second.acquireLease('abc123', 'exec-2', 600)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8')).leases.abc123.executionId).toBe('exec-1');
  });

  test('each one’s changes are kept, not overwritten by what the other read when it opened the file', async () => {
    const first = new JsonRegistry(path);
    const second = new JsonRegistry(path);
    await first.registerStore('abc123', 'us-standard');
    await second.registerStore('def456', 'multi-zone');
    await first.recordRun(run({ executionId: 'exec-1' }));
    await second.markCarriersConnected('abc123', ['endicia']);
    const reopened = new JsonRegistry(path);
    expect((await reopened.listStores()).map((store) => store.storeHash).sort()).toEqual([
      'abc123',
      'def456',
    ]);
    expect(await reopened.getStore('abc123')).toMatchObject({
      connectedCarriers: ['endicia'],
      lastRun: { executionId: 'exec-1' },
    });
  });
});

describe('JsonRegistry file', () => {
  test('a registry opened on the same file sees the stores, runs and journals written before', async () => {
    const first = new JsonRegistry(path);
    await first.registerStore('abc123', 'us-standard');
    await first.markCarriersConnected('abc123', ['endicia']);
    await first.recordRun(run());
    await first.appendUndo('abc123', 'exec-1', [created('A')]);

    const reopened = new JsonRegistry(path);
    expect(await reopened.getStore('abc123')).toEqual(await first.getStore('abc123'));
    expect(reopened.runsOf('abc123')).toEqual([run()]);
    expect(await reopened.readUndo('abc123', 'exec-1')).toEqual([created('A')]);
  });

  test('a registry opened on the same file knows the leases held', async () => {
    await new JsonRegistry(path).acquireLease('abc123', 'exec-1', 600);
    expect(await new JsonRegistry(path).acquireLease('abc123', 'exec-2', 600)).toBe(false);
  });

  test('opens a file written before leases existed, with the webhook deliveries it then kept', async () => {
    writeFileSync(
      path,
      JSON.stringify({ stores: {}, runs: [], journals: {}, webhookDeliveries: ['dd70c097'] }),
    );
    const registry = new JsonRegistry(path);
    expect(await registry.acquireLease('abc123', 'exec-1', 600)).toBe(true);
    expect(registry.contents()).toEqual({
      stores: {},
      runs: [],
      journals: {},
      leases: { abc123: expect.objectContaining({ executionId: 'exec-1' }) },
    });
  });

  test('creates the file’s folder when it does not exist', async () => {
    const nested = join(dir, 'home', '.bcship', 'registry.json');
    await new JsonRegistry(nested).registerStore('abc123', 'us-standard');
    expect(JSON.parse(readFileSync(nested, 'utf8')).stores.abc123.profileName).toBe('us-standard');
  });

  test('replaces the file with a completely written one instead of rewriting it in place', async () => {
    const registry = new JsonRegistry(path);
    await registry.registerStore('abc123', 'us-standard');
    const before = statSync(path).ino;
    await registry.registerStore('abc123', 'multi-zone');
    expect(statSync(path).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['registry.json']);
  });

  test('ignores the temporary file an interrupted write left behind', async () => {
    await new JsonRegistry(path).registerStore('abc123', 'us-standard');
    writeFileSync(`${path}.tmp`, '{"stores": {"abc1');
    const registry = new JsonRegistry(path);
    expect((await registry.getStore('abc123'))?.profileName).toBe('us-standard');
    await registry.registerStore('def456', 'us-standard');
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).stores).sort()).toEqual(['abc123', 'def456']);
  });

  test('an opened file that does not exist yet is an empty registry and is not created until a change', async () => {
    const registry = new JsonRegistry(path);
    expect(await registry.listStores()).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  test('a file that is not JSON is refused, naming the file', () => {
    writeFileSync(path, '{"stores": ');
    expect(() => new JsonRegistry(path)).toThrow(`Registry file ${path} is not valid JSON`);
  });

  test('a file that is not a JSON object is refused, naming the file', () => {
    writeFileSync(path, '[]');
    expect(() => new JsonRegistry(path)).toThrow(`Registry file ${path} must hold a JSON object`);
  });
});
