import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { StoreBusy } from '../../lambdas/operations/errors.ts';
import { resolveZonesOperation } from '../../lambdas/operations/resolve-zones.ts';
import { InvalidInput, InvalidProfile, UnknownZone } from '../../lambdas/shipping/errors.ts';
import { STORE_LEASE_SECONDS } from '../../lambdas/workflow-contract.ts';
import { memoryProfiles } from '../support/memory-deps.ts';
import {
  type Fixture,
  resolve,
  STORE,
  startFixture,
  staticProfile,
  testProfile,
} from '../support/operations-fixture.ts';

let fixture: Fixture;
beforeEach(async () => {
  fixture = await startFixture();
});
afterEach(() => fixture.close());

describe('resolveZonesOperation', () => {
  test('turns each zone selector of the profile into the store zone it matches', async () => {
    const state = await resolve(fixture.deps);
    expect(state.zones.map((z) => [z.zoneId, z.zoneName])).toEqual([
      [1, 'United States'],
      [2, 'Canada'],
    ]);
    expect(state.zones[0]?.methods.map((m) => m.name)).toEqual(['USPS', 'Flat Rate']);
  });

  test('returns the full run state with the later steps pre-filled', async () => {
    const state = await resolve(fixture.deps, { mode: 'plan', trigger: { kind: 'cli', id: 'ops-42' } });
    expect(state).toMatchObject({
      storeHash: STORE,
      mode: 'plan',
      rollback: false,
      trigger: { kind: 'cli', id: 'ops-42' },
      profileName: 'test-profile',
      prune: false,
      connected: { actions: [] },
      applied: [],
      verification: null,
    });
  });

  test('accepts an inline profile object', async () => {
    const inline = { name: 'one-off', zones: [{ match: { id: 3 }, methods: [] }] };
    const state = await resolve(fixture.deps, { profile: inline });
    expect(state.profileName).toBe('one-off');
    expect(state.zones.map((z) => z.zoneName)).toEqual(['Rest of World']);
  });

  test('fails with UnknownZone before writing anything when a selector matches no zone', async () => {
    const profile = { ...testProfile, zones: [{ match: { name: 'Atlantis' }, methods: [] }] };
    await expect(resolve(fixture.deps, { profile })).rejects.toThrow(UnknownZone);
    expect(fixture.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await fixture.deps.registry.listStores()).toEqual([]);
  });

  test('rejects an execution input with a bad field, naming it', async () => {
    const attempt = resolveZonesOperation(
      { state: { storeHash: 'not a hash!', profile: 'x' }, executionId: 'e' },
      fixture.deps,
    );
    await expect(attempt).rejects.toThrow(InvalidInput);
    await expect(attempt).rejects.toThrow(/storeHash/);
  });

  test('rejects a profile name that is not deployed', async () => {
    await expect(resolve(fixture.deps, { profile: 'no-such-profile' })).rejects.toThrow(InvalidProfile);
  });

  test('lists the profile carriers the registry does not record as connected', async () => {
    await fixture.deps.registry.registerStore(STORE, testProfile.name);
    expect((await resolve(fixture.deps)).carriers).toEqual(['endicia']);
    await fixture.deps.registry.markCarriersConnected(STORE, ['endicia']);
    expect((await resolve(fixture.deps)).carriers).toEqual([]);
  });

  test('lists every profile carrier when asked to reconnect', async () => {
    await fixture.deps.registry.registerStore(STORE, testProfile.name);
    await fixture.deps.registry.markCarriersConnected(STORE, ['endicia']);
    expect((await resolve(fixture.deps, { reconnect: true })).carriers).toEqual(['endicia']);
  });

  test('lists no carriers in verify mode', async () => {
    expect((await resolve(fixture.deps, { mode: 'verify' })).carriers).toEqual([]);
  });

  test('registers an unregistered store with the profile name when applying', async () => {
    await resolve(fixture.deps);
    expect(await fixture.deps.registry.getStore(STORE)).toMatchObject({ profileName: 'test-profile' });
  });

  test('registers nothing in plan or verify mode', async () => {
    await resolve(fixture.deps, { mode: 'plan' });
    await resolve(fixture.deps, { mode: 'verify' });
    expect(await fixture.deps.registry.listStores()).toEqual([]);
  });

  test('moves a registered store to the deployed profile it applies, keeping its carriers', async () => {
    await fixture.deps.registry.registerStore(STORE, 'us-standard');
    await fixture.deps.registry.markCarriersConnected(STORE, ['endicia']);
    await resolve(fixture.deps);
    expect(await fixture.deps.registry.getStore(STORE)).toMatchObject({
      profileName: 'test-profile',
      connectedCarriers: ['endicia'],
    });
  });

  test('never registers a store for an inline profile, which reconciliation could not run', async () => {
    await resolve(fixture.deps, { profile: { ...staticProfile, name: 'one-off' } });
    expect(await fixture.deps.registry.getStore(STORE)).toBeUndefined();
    expect(await fixture.deps.registry.listStores()).toEqual([]);
  });

  test('keeps a registered store’s profile when an inline profile is applied to it', async () => {
    await fixture.deps.registry.registerStore(STORE, 'us-standard');
    await resolve(fixture.deps, { profile: { ...staticProfile, name: 'one-off' } });
    expect((await fixture.deps.registry.getStore(STORE))?.profileName).toBe('us-standard');
  });

  test('registers nothing when a selector matches no zone', async () => {
    await fixture.deps.registry.registerStore(STORE, 'us-standard');
    const atlantis = {
      ...testProfile,
      name: 'atlantis',
      zones: [{ match: { name: 'Atlantis' }, methods: [] }],
    };
    fixture.deps.profiles = memoryProfiles({ atlantis });
    await expect(resolve(fixture.deps, { profile: 'atlantis' })).rejects.toThrow(UnknownZone);
    expect((await fixture.deps.registry.getStore(STORE))?.profileName).toBe('us-standard');
  });
});

describe('resolveZonesOperation and the store lease', () => {
  const leaseOf = () => fixture.deps.registry.contents().leases[STORE];

  test('takes the store’s lease for its execution when applying', async () => {
    await resolve(fixture.deps, {}, 'run-1');
    expect(leaseOf()?.executionId).toBe('run-1');
    const lastsSeconds = (Date.parse(leaseOf()!.expiresAt) - Date.now()) / 1000;
    expect(lastsSeconds).toBeGreaterThan(STORE_LEASE_SECONDS - 60);
    expect(lastsSeconds).toBeLessThanOrEqual(STORE_LEASE_SECONDS);
  });

  test('fails with StoreBusy, before reading the store, while another execution holds the lease', async () => {
    await fixture.deps.registry.acquireLease(STORE, 'run-1', STORE_LEASE_SECONDS);
    fixture.sandbox.clearLog();
    const attempt = resolve(fixture.deps, {}, 'run-2');
    await expect(attempt).rejects.toThrow(StoreBusy);
    await expect(attempt).rejects.toMatchObject({ name: 'StoreBusy', retryable: true });
    expect(fixture.sandbox.requests).toEqual([]);
    expect(leaseOf()?.executionId).toBe('run-1');
  });

  test('takes the lease again when its own task is retried', async () => {
    await resolve(fixture.deps, {}, 'run-1');
    await expect(resolve(fixture.deps, {}, 'run-1')).resolves.toMatchObject({ storeHash: STORE });
  });

  test('leaves the lease alone in plan and verify mode, which write nothing', async () => {
    await fixture.deps.registry.acquireLease(STORE, 'run-1', STORE_LEASE_SECONDS);
    await expect(resolve(fixture.deps, { mode: 'plan' }, 'run-2')).resolves.toMatchObject({ mode: 'plan' });
    await expect(resolve(fixture.deps, { mode: 'verify' }, 'run-3')).resolves.toMatchObject({
      mode: 'verify',
    });
    expect(leaseOf()?.executionId).toBe('run-1');
  });
});
