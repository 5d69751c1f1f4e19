import { describe, expect, test } from 'vitest';
import { LISTED_BYTES, recordRun } from '../../lambdas/operations/record.ts';
import type { Mismatch, PlanAction, ZoneAction } from '../../lambdas/shipping/types.ts';
import {
  RUN_ARTIFACT,
  type RunReport,
  type RunState,
  type VerificationResult,
  type ZoneResult,
} from '../../lambdas/workflow-contract.ts';
import { type MemoryDeps, memoryDeps } from '../support/memory-deps.ts';

const flatRate = { type: 'perorder', name: 'Flat Rate', enabled: true, settings: { rate: 7 } };

const createFlatRate: PlanAction = {
  kind: 'create-method',
  zoneId: 1,
  zoneName: 'United States',
  method: flatRate,
};

const missingFlatRate: Mismatch = {
  zoneId: 1,
  zoneName: 'United States',
  kind: 'missing',
  type: 'perorder',
  name: 'Flat Rate',
  methodIds: [],
};

/** A run as the tasks before Record leave it: the state's fields, with each zone's and Verify's full result. */
interface RunParts extends Partial<Omit<RunState, 'applied' | 'verification'>> {
  applied?: ZoneResult[];
  verification?: VerificationResult | null;
  zoneActions?: ZoneAction[];
}

const US_ZONE = { zoneId: 1, zoneName: 'United States', selector: '{ country: US }', methods: [flatRate] };

/** Writes the artifacts the tasks before Record write, and returns the state with their counts. */
async function staged(parts: RunParts, d: MemoryDeps, executionId: string): Promise<RunState> {
  const { applied = [], verification = { ok: true, mismatches: [] }, zoneActions = [], ...overrides } = parts;
  await d.artifacts.put(executionId, RUN_ARTIFACT.resolved, { zones: [US_ZONE], zoneActions, checkout: [] });
  for (const [index, result] of applied.entries()) {
    await d.artifacts.put(executionId, RUN_ARTIFACT.zone(index), result);
  }
  if (verification) await d.artifacts.put(executionId, RUN_ARTIFACT.verification, verification);
  return {
    storeHash: 'abc123',
    mode: 'apply',
    rollback: false,
    trigger: { kind: 'schedule' },
    profileName: 'us-standard',
    profileDeployed: true,
    prune: false,
    pruneZones: false,
    zoneChanges: zoneActions.length,
    carriers: [],
    zones: [{ zoneId: 1, zoneName: 'United States' }],
    connected: { actions: [] },
    applied: applied.map((result) => ({
      zoneId: result.zoneId,
      zoneName: result.zoneName,
      failed: false,
      changes: result.actions.length,
      warnings: result.warnings?.length ?? 0,
    })),
    verification: verification && {
      ok: verification.ok,
      mismatches: verification.mismatches.length,
      warnings: verification.warnings?.length ?? 0,
    },
    checkoutExpectations: 0,
    probe: null,
    ...overrides,
  };
}

const deps = () => memoryDeps({ apiUrl: 'http://127.0.0.1:9/unused' });
const NOW = () => new Date('2026-11-22T10:00:00.000Z');

/** Records the run of these parts as the run of `executionId`, finished at NOW. */
const record = async (parts: RunParts, recordDeps = deps(), executionId = 'run-1') =>
  recordRun({ state: await staged(parts, recordDeps, executionId), executionId }, recordDeps, NOW);

describe('record', () => {
  test('an apply that changed the store succeeded, with every change listed', async () => {
    const summary = await record({
      connected: { actions: [{ kind: 'connect-carrier', carrierId: 'endicia' }] },
      applied: [{ zoneId: 1, zoneName: 'United States', actions: [createFlatRate] }],
    });
    expect(summary.outcome).toBe('succeeded');
    expect(summary.changes).toEqual([{ kind: 'connect-carrier', carrierId: 'endicia' }, createFlatRate]);
    expect(summary.zones).toEqual([
      { zoneId: 1, zoneName: 'United States', methods: [{ type: 'perorder', name: 'Flat Rate' }] },
    ]);
  });

  test('an apply that changed nothing is in sync', async () => {
    const summary = await record({});
    expect(summary.outcome).toBe('in-sync');
  });

  test('a plan is planned, with the changes it would make', async () => {
    const summary = await record({
      mode: 'plan',
      verification: null,
      applied: [{ zoneId: 1, zoneName: 'US', actions: [createFlatRate] }],
    });
    expect(summary.outcome).toBe('planned');
    expect(summary.changes).toEqual([createFlatRate]);
  });

  test('a verify run with mismatches drifted', async () => {
    const summary = await record({
      mode: 'verify',
      verification: { ok: false, mismatches: [missingFlatRate] },
    });
    expect(summary.outcome).toBe('drifted');
    expect(summary.mismatches).toEqual([missingFlatRate]);
  });

  test('a verify run without mismatches is in sync', async () => {
    const summary = await record({ mode: 'verify' });
    expect(summary.outcome).toBe('in-sync');
  });

  test('stores the run in the registry with its execution, trigger and time', async () => {
    const d = deps();
    await d.stores.registerStore('abc123', 'us-standard');
    await record({}, d, 'run-7');
    expect(d.stores.runsOf('abc123')).toEqual([
      {
        storeHash: 'abc123',
        profileName: 'us-standard',
        mode: 'apply',
        outcome: 'in-sync',
        changes: [],
        mismatches: [],
        executionId: 'run-7',
        trigger: { kind: 'schedule' },
        finishedAt: '2026-11-22T10:00:00.000Z',
        counts: { changes: 0, mismatches: 0 },
        report: 'memory:run-7/report.json',
      },
    ]);
    expect((await d.stores.getStore('abc123'))?.lastRun?.executionId).toBe('run-7');
  });

  test('publishes a bcship.run.<outcome> event', async () => {
    const d = deps();
    await record({ mode: 'verify', verification: { ok: false, mismatches: [missingFlatRate] } }, d);
    expect(d.events.published).toEqual([
      {
        detailType: 'bcship.run.drifted',
        detail: expect.objectContaining({ storeHash: 'abc123', outcome: 'drifted', executionId: 'run-1' }),
      },
    ]);
  });

  test('publishes counts and ids, not the changes with their previous settings', async () => {
    const d = deps();
    const updateFlatRate: PlanAction = {
      kind: 'update-method',
      zoneId: 1,
      zoneName: 'United States',
      methodId: 10,
      method: flatRate,
      previous: {
        id: 10,
        type: 'perorder',
        name: 'Flat Rate',
        enabled: true,
        settings: { rate: 5 },
        is_fallback: false,
      },
      changes: [{ path: 'settings.rate', desired: 7, actual: 5 }],
    };
    await record(
      {
        connected: { actions: [{ kind: 'connect-carrier', carrierId: 'endicia' }] },
        applied: [
          { zoneId: 1, zoneName: 'United States', actions: [createFlatRate, updateFlatRate] },
          { zoneId: 3, zoneName: 'Rest of World', actions: [{ ...createFlatRate, zoneId: 3 }] },
        ],
      },
      d,
    );
    const [event] = d.events.published;
    expect(event?.detailType).toBe('bcship.run.succeeded');
    expect(event?.detail).toEqual({
      eventId: 'run-1/succeeded',
      storeHash: 'abc123',
      profileName: 'us-standard',
      mode: 'apply',
      outcome: 'succeeded',
      executionId: 'run-1',
      trigger: { kind: 'schedule' },
      finishedAt: '2026-11-22T10:00:00.000Z',
      changes: { total: 4, 'connect-carrier': 1, 'create-method': 2, 'update-method': 1 },
      mismatches: { total: 0 },
      zoneIds: [1, 3],
      carrierIds: ['endicia'],
    });
    expect(JSON.stringify(event?.detail)).not.toContain('previous');
  });

  test('keeps a drifted event small however many mismatches the store has', async () => {
    const d = deps();
    const mismatches = Array.from({ length: 2_000 }, (_, i) => ({ ...missingFlatRate, name: `Method ${i}` }));
    await record({ mode: 'verify', verification: { ok: false, mismatches } }, d);
    const detail = d.events.published[0]?.detail;
    expect(detail?.mismatches).toEqual({ total: 2_000, missing: 2_000 });
    expect(JSON.stringify(detail).length).toBeLessThan(1_000);
  });

  test('keeps the whole report as an artifact and lists its first changes within a budget', async () => {
    const d = deps();
    const creates = Array.from({ length: 400 }, (_, i) => ({
      ...createFlatRate,
      method: { ...flatRate, name: `Flat Rate ${i}` },
    }));
    const mismatches = Array.from({ length: 400 }, (_, i) => ({ ...missingFlatRate, name: `Method ${i}` }));
    const summary = await record(
      {
        mode: 'verify',
        applied: [{ zoneId: 1, zoneName: 'United States', actions: creates }],
        verification: { ok: false, mismatches },
      },
      d,
    );
    const report = await d.artifacts.get<RunReport>('run-1', RUN_ARTIFACT.report);
    expect(report.changes).toEqual(creates);
    expect(report.mismatches).toEqual(mismatches);
    expect(summary.report).toBe('memory:run-1/report.json');
    expect(summary.counts).toEqual({ changes: 400, mismatches: 400, warnings: 0, zones: 1 });
    // The first entries, in order, as many as the budget holds.
    expect(summary.changes.length).toBeGreaterThan(10);
    expect(summary.changes.length).toBeLessThan(400);
    expect(summary.changes).toEqual(creates.slice(0, summary.changes.length));
    expect(summary.mismatches).toEqual(mismatches.slice(0, summary.mismatches.length));
    expect(JSON.stringify(summary.changes).length).toBeLessThanOrEqual(LISTED_BYTES.changes);
    expect(JSON.stringify(summary).length).toBeLessThan(64 * 1024);
    // The registry's last run is cut the same way, and counts what it left out.
    const [stored] = d.stores.runsOf('abc123');
    expect(stored?.changes).toEqual(summary.changes);
    expect(stored?.counts).toEqual({ changes: 400, mismatches: 400 });
    expect(d.events.published[0]?.detail).toMatchObject({
      changes: { total: 400 },
      mismatches: { total: 400 },
    });
  });

  test('lists the declared zones ResolveZones changed first, from its artifact', async () => {
    const createZone: ZoneAction = {
      kind: 'create-zone',
      zoneName: 'Europe',
      zone: { name: 'Europe', type: 'country', locations: [{ country_iso2: 'FR' }], enabled: true },
    };
    const summary = await record({
      zoneActions: [createZone],
      applied: [{ zoneId: 1, zoneName: 'United States', actions: [createFlatRate] }],
    });
    expect(summary.changes).toEqual([createZone, createFlatRate]);
  });

  test('gives the store’s lease back after an apply', async () => {
    const d = deps();
    await d.leases.acquire('abc123', 'run-1', 600);
    await record({}, d);
    expect(d.registryFile.contents().leases).toEqual({});
    expect(await d.leases.acquire('abc123', 'run-2', 600)).toBe(true);
  });

  test('leaves a lease held by another execution alone', async () => {
    const d = deps();
    await d.leases.acquire('abc123', 'run-other', 600);
    await record({}, d);
    expect(d.registryFile.contents().leases.abc123?.executionId).toBe('run-other');
  });
});

describe('record and the store registration', () => {
  const changed = { applied: [{ zoneId: 1, zoneName: 'United States', actions: [createFlatRate] }] };

  test('registers an unregistered store with the deployed profile an apply changed it to', async () => {
    const d = deps();
    await record(changed, d);
    expect(await d.stores.getStore('abc123')).toMatchObject({ profileName: 'us-standard' });
  });

  test('registers a store whose apply found it already matching the deployed profile', async () => {
    const d = deps();
    await record({}, d);
    expect((await d.stores.getStore('abc123'))?.profileName).toBe('us-standard');
  });

  test('gives a store registered by this run the run as its last run', async () => {
    const d = deps();
    await record(changed, d);
    expect((await d.stores.getStore('abc123'))?.lastRun).toMatchObject({
      executionId: 'run-1',
      outcome: 'succeeded',
    });
  });

  test('moves a registered store to the deployed profile it applied, keeping its carriers', async () => {
    const d = deps();
    await d.stores.registerStore('abc123', 'multi-zone');
    await d.stores.markCarriersConnected('abc123', ['endicia']);
    await record(changed, d);
    expect(await d.stores.getStore('abc123')).toMatchObject({
      profileName: 'us-standard',
      connectedCarriers: ['endicia'],
    });
  });

  test('keeps the carriers ConnectCarriers remembered before the store was registered', async () => {
    const d = deps();
    await d.stores.markCarriersConnected('abc123', ['endicia']);
    await record({ connected: { actions: [{ kind: 'connect-carrier', carrierId: 'endicia' }] } }, d);
    expect(await d.stores.getStore('abc123')).toMatchObject({
      profileName: 'us-standard',
      connectedCarriers: ['endicia'],
    });
    expect((await d.stores.listStores()).map((store) => store.storeHash)).toEqual(['abc123']);
  });

  test('registers nothing for a plan or a verify run', async () => {
    const d = deps();
    await record({ mode: 'plan', verification: null, ...changed }, d);
    await record({ mode: 'verify' }, d);
    await record({ mode: 'verify', verification: { ok: false, mismatches: [missingFlatRate] } }, d);
    expect(await d.stores.listStores()).toEqual([]);
  });

  test('never registers a store for an inline profile, which reconciliation could not run', async () => {
    const d = deps();
    await record({ profileName: 'one-off', profileDeployed: false, ...changed }, d);
    expect(await d.stores.getStore('abc123')).toBeUndefined();
    expect(await d.stores.listStores()).toEqual([]);
  });

  test('keeps a registered store’s profile when an inline profile is applied to it', async () => {
    const d = deps();
    await d.stores.registerStore('abc123', 'multi-zone');
    await record({ profileName: 'one-off', profileDeployed: false, ...changed }, d);
    expect((await d.stores.getStore('abc123'))?.profileName).toBe('multi-zone');
  });
});
