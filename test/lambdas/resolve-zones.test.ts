import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { resolveZonesOperation } from '../../lambdas/operations/resolve-zones.ts';
import { InvalidInput, InvalidProfile, UnknownZone } from '../../lambdas/shipping/errors.ts';
import { type Fixture, resolve, STORE, startFixture, testProfile } from '../support/operations-fixture.ts';

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

  test('keeps the profile of a store that is already registered', async () => {
    await fixture.deps.registry.registerStore(STORE, 'us-standard');
    await resolve(fixture.deps);
    expect((await fixture.deps.registry.getStore(STORE))?.profileName).toBe('us-standard');
  });
});
