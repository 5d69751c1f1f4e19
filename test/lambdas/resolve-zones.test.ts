import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { StoreBusy } from '../../lambdas/operations/errors.ts';
import { resolveZones } from '../../lambdas/operations/resolve-zones.ts';
import { InvalidInput, InvalidProfile, UnknownZone } from '../../lambdas/shipping/errors.ts';
import { RUN_ARTIFACT, STORE_LEASE_SECONDS, storedProfileDigest } from '../../lambdas/workflow-contract.ts';
import { memoryProfiles } from '../support/memory-deps.ts';
import {
  type Fixture,
  resolve,
  resolvedRunOf,
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

describe('resolveZones', () => {
  test('turns each zone selector of the profile into the store zone it matches', async () => {
    const state = await resolve(fixture.deps);
    expect(state.zones.map((z) => [z.zoneId, z.zoneName])).toEqual([
      [1, 'United States'],
      [2, 'Canada'],
    ]);
    // The state names the zones; their methods are in the run's `resolved` artifact.
    expect(state.zones[0]).toEqual({ zoneId: 1, zoneName: 'United States' });
    const resolved = await resolvedRunOf(fixture.deps);
    expect(resolved.zones[0]?.methods.map((m) => m.name)).toEqual(['USPS', 'Flat Rate']);
    expect(resolved.zones.map((zone) => zone.zoneId)).toEqual([1, 2]);
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

  test('reads a profile stored beside the run, named by its digest, as an inline one', async () => {
    const stored = { name: 'large-one-off', zones: [{ match: { id: 3 }, methods: [] }] };
    await fixture.deps.artifacts.put('run-1', RUN_ARTIFACT.profile, stored);
    const state = await resolve(fixture.deps, { profile: { stored: storedProfileDigest(stored) } });
    expect(state).toMatchObject({ profileName: 'large-one-off', profileDeployed: false });
    expect(state.zones.map((z) => z.zoneName)).toEqual(['Rest of World']);
  });

  test('refuses a stored profile whose digest is not the one the input names, before reading the store', async () => {
    const stored = { name: 'large-one-off', zones: [{ match: { id: 3 }, methods: [] }] };
    await fixture.deps.artifacts.put('run-1', RUN_ARTIFACT.profile, stored);
    const other = storedProfileDigest({ ...stored, name: 'another' });
    const attempt = resolve(fixture.deps, { profile: { stored: other } });
    await expect(attempt).rejects.toThrow(InvalidInput);
    await expect(attempt).rejects.toThrow(
      /profile\.stored: does not match the profile stored for execution run-1/,
    );
    expect(fixture.sandbox.requests).toEqual([]);
  });

  test('fails with UnknownZone before writing anything when a selector matches no zone', async () => {
    const profile = { ...testProfile, zones: [{ match: { name: 'Atlantis' }, methods: [] }] };
    await expect(resolve(fixture.deps, { profile })).rejects.toThrow(UnknownZone);
    expect(fixture.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await fixture.deps.stores.listStores()).toEqual([]);
  });

  test('rejects an execution input with a bad field, naming it', async () => {
    const attempt = resolveZones.run(
      { state: { storeHash: 'not a hash!', profile: 'x' }, executionId: 'e' },
      fixture.deps,
    );
    await expect(attempt).rejects.toThrow(InvalidInput);
    await expect(attempt).rejects.toThrow(/storeHash/);
  });

  test('takes a webhook run’s notBefore, and refuses one that is not a UTC timestamp, naming it', async () => {
    const state = await resolve(fixture.deps, { notBefore: '2026-12-02T05:01:00Z' });
    expect(state.zones).toHaveLength(2);
    const attempt = resolve(fixture.deps, { notBefore: 'in a minute' });
    await expect(attempt).rejects.toThrow(InvalidInput);
    await expect(attempt).rejects.toThrow(/notBefore/);
  });

  test('hands a run whose notBefore is still ahead back as it came, reading nothing and taking no lease', async () => {
    const notBefore = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const input = {
      storeHash: STORE,
      profile: testProfile.name,
      trigger: { kind: 'webhook' as const },
      notBefore,
    };
    fixture.sandbox.clearLog();

    const handedBack = await resolveZones.run({ state: input, executionId: 'run-1' }, fixture.deps);

    expect(handedBack).toEqual(input);
    expect(fixture.sandbox.requests).toEqual([]);
    expect(await fixture.deps.leases.holder(STORE)).toBeUndefined();
  });

  test('rejects a profile name that is not deployed', async () => {
    await expect(resolve(fixture.deps, { profile: 'no-such-profile' })).rejects.toThrow(InvalidProfile);
  });

  test('lists the profile carriers the registry does not record as connected', async () => {
    await fixture.deps.stores.registerStore(STORE, testProfile.name);
    expect((await resolve(fixture.deps)).carriers).toEqual(['endicia']);
    await fixture.deps.stores.markCarriersConnected(STORE, ['endicia']);
    expect((await resolve(fixture.deps)).carriers).toEqual([]);
  });

  test('does not reconnect a carrier an earlier run connected before the store was registered', async () => {
    await fixture.deps.stores.markCarriersConnected(STORE, ['endicia']);
    expect(await fixture.deps.stores.getStore(STORE)).toBeUndefined();
    expect((await resolve(fixture.deps)).carriers).toEqual([]);
  });

  test('lists every profile carrier when asked to reconnect', async () => {
    await fixture.deps.stores.registerStore(STORE, testProfile.name);
    await fixture.deps.stores.markCarriersConnected(STORE, ['endicia']);
    expect((await resolve(fixture.deps, { reconnect: true })).carriers).toEqual(['endicia']);
  });

  test('lists no carriers in verify mode', async () => {
    expect((await resolve(fixture.deps, { mode: 'verify' })).carriers).toEqual([]);
  });

  test('registers nothing, not even for an apply of a deployed profile: Record registers once it succeeded', async () => {
    await resolve(fixture.deps);
    expect(await fixture.deps.stores.getStore(STORE)).toBeUndefined();
    expect(await fixture.deps.stores.listStores()).toEqual([]);
  });

  test('leaves a registered store’s profile as it is when another deployed profile is applied', async () => {
    await fixture.deps.stores.registerStore(STORE, 'us-standard');
    await resolve(fixture.deps);
    expect((await fixture.deps.stores.getStore(STORE))?.profileName).toBe('us-standard');
  });

  test('marks a profile run by name as deployed, so that Record can register the store with it', async () => {
    expect(await resolve(fixture.deps)).toMatchObject({ profileName: 'test-profile', profileDeployed: true });
  });

  test('marks an inline profile as not deployed, so that Record never registers the store with it', async () => {
    const state = await resolve(fixture.deps, { profile: { ...staticProfile, name: 'one-off' } });
    expect(state).toMatchObject({ profileName: 'one-off', profileDeployed: false });
  });

  test('names a deployed profile by the name it was asked for, the one reconciliation runs it by', async () => {
    fixture.deps.profiles = memoryProfiles({ 'renamed-file': testProfile });
    expect((await resolve(fixture.deps, { profile: 'renamed-file' })).profileName).toBe('renamed-file');
  });

  test('reads a store hash given in upper case as the lower-case hash BigCommerce uses', async () => {
    const state = await resolve(fixture.deps, { storeHash: STORE.toUpperCase() });
    expect(state.storeHash).toBe(STORE);
  });

  test('registers nothing when a selector matches no zone', async () => {
    await fixture.deps.stores.registerStore(STORE, 'us-standard');
    const atlantis = {
      ...testProfile,
      name: 'atlantis',
      zones: [{ match: { name: 'Atlantis' }, methods: [] }],
    };
    fixture.deps.profiles = memoryProfiles({ atlantis });
    await expect(resolve(fixture.deps, { profile: 'atlantis' })).rejects.toThrow(UnknownZone);
    expect((await fixture.deps.stores.getStore(STORE))?.profileName).toBe('us-standard');
  });
});

describe('resolveZones and the store lease', () => {
  const leaseOf = () => fixture.deps.registryFile.contents().leases[STORE];

  test('takes the store’s lease for its execution when applying', async () => {
    await resolve(fixture.deps, {}, 'run-1');
    expect(leaseOf()?.executionId).toBe('run-1');
    const lastsSeconds = (Date.parse(leaseOf()!.expiresAt) - Date.now()) / 1000;
    expect(lastsSeconds).toBeGreaterThan(STORE_LEASE_SECONDS - 60);
    expect(lastsSeconds).toBeLessThanOrEqual(STORE_LEASE_SECONDS);
  });

  test('fails with StoreBusy, before reading the store, while another execution holds the lease', async () => {
    await fixture.deps.leases.acquire(STORE, 'run-1', STORE_LEASE_SECONDS);
    fixture.sandbox.clearLog();
    const attempt = resolve(fixture.deps, {}, 'run-2');
    await expect(attempt).rejects.toThrow(StoreBusy);
    await expect(attempt).rejects.toMatchObject({ name: 'StoreBusy' });
    expect(fixture.sandbox.requests).toEqual([]);
    expect(leaseOf()?.executionId).toBe('run-1');
  });

  test('takes the lease again when its own task is retried', async () => {
    await resolve(fixture.deps, {}, 'run-1');
    await expect(resolve(fixture.deps, {}, 'run-1')).resolves.toMatchObject({ storeHash: STORE });
  });

  test('plans while another execution holds the lease, leaving it alone: a plan writes nothing', async () => {
    await fixture.deps.leases.acquire(STORE, 'run-1', STORE_LEASE_SECONDS);
    await expect(resolve(fixture.deps, { mode: 'plan' }, 'run-2')).resolves.toMatchObject({ mode: 'plan' });
    expect(leaseOf()?.executionId).toBe('run-1');
  });

  test('a verify run takes no lease on a free store', async () => {
    await expect(resolve(fixture.deps, { mode: 'verify' }, 'run-2')).resolves.toMatchObject({
      mode: 'verify',
    });
    expect(leaseOf()).toBeUndefined();
  });

  test('a verify run fails with StoreBusy, before reading the store, while an apply holds the lease', async () => {
    await fixture.deps.leases.acquire(STORE, 'run-1', STORE_LEASE_SECONDS);
    fixture.sandbox.clearLog();
    const attempt = resolve(fixture.deps, { mode: 'verify' }, 'run-2');
    await expect(attempt).rejects.toThrow(StoreBusy);
    expect(fixture.sandbox.requests).toEqual([]);
    expect(leaseOf()?.executionId).toBe('run-1');
  });

  test('a verify run goes ahead once the apply gave the lease back', async () => {
    await fixture.deps.leases.acquire(STORE, 'run-1', STORE_LEASE_SECONDS);
    await fixture.deps.leases.release(STORE, 'run-1');
    await expect(resolve(fixture.deps, { mode: 'verify' }, 'run-2')).resolves.toMatchObject({
      mode: 'verify',
    });
  });

  test('a store hash in upper case contends for the same lease as the lower-case one', async () => {
    await resolve(fixture.deps, { storeHash: STORE }, 'run-1');
    await expect(resolve(fixture.deps, { storeHash: STORE.toUpperCase() }, 'run-2')).rejects.toThrow(
      StoreBusy,
    );
    expect(Object.keys(fixture.deps.registryFile.contents().leases)).toEqual([STORE]);
  });
});

describe('resolveZones and the store’s units', () => {
  const withUnits = (units: { currency: string; weight?: string }) => {
    fixture.deps.profiles = memoryProfiles({ [staticProfile.name]: { ...staticProfile, units } });
  };
  const kilogramStore = async () => {
    await fixture.close();
    fixture = await startFixture({
      seed: {
        stores: [
          { hash: STORE, token: 'sandbox-token', info: { weight_units: 'Kilograms', currency: 'USD' } },
        ],
      },
    });
  };

  test('fails with UnitsMismatch naming both weight units, having read only the store', async () => {
    await kilogramStore();
    withUnits({ currency: 'USD', weight: 'lb' });
    fixture.sandbox.clearLog();

    const attempt = resolve(fixture.deps, { profile: staticProfile.name });

    await expect(attempt).rejects.toMatchObject({
      name: 'UnitsMismatch',
      message: expect.stringMatching(/lb.*Kilograms|Kilograms.*lb/),
    });
    expect(fixture.sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /stores/${STORE}/v2/store`,
    ]);
  });

  test('fails with UnitsMismatch naming both currencies', async () => {
    withUnits({ currency: 'EUR' });
    await expect(resolve(fixture.deps, { profile: staticProfile.name })).rejects.toMatchObject({
      name: 'UnitsMismatch',
      message: expect.stringMatching(/EUR.*USD/),
    });
  });

  test('goes ahead when the profile’s units are the store’s', async () => {
    withUnits({ currency: 'USD', weight: 'oz' });
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    expect(state.zones).toHaveLength(2);
  });
});
