import { afterEach, describe, expect, test } from 'vitest';
import { BigCommerceUnavailable } from '../../lambdas/bigcommerce/errors.ts';
import { applyZoneMethods } from '../../lambdas/operations/apply-zone-methods.ts';
import type { RunState, ZoneResult, ZoneTaskInput } from '../../lambdas/workflow-contract.ts';
import {
  type Fixture,
  resolve,
  STORE,
  seedWithMethods,
  startFixture,
  staticProfile,
  writesIn,
  zoneResultOf,
} from '../support/operations-fixture.ts';

let fixture: Fixture;
afterEach(() => fixture.close());

const EXECUTION = 'run-1';

/** The Map iteration input for the zone at `index` of a resolved state. */
function zoneTask(state: RunState, index = 0, executionId = EXECUTION): ZoneTaskInput {
  const zone = state.zones[index];
  if (!zone) throw new Error(`no zone at ${index}`);
  return { storeHash: state.storeHash, executionId, mode: state.mode, prune: state.prune, index, zone };
}

/**
 * Runs the iteration for the zone at `index` and resolves with its changes as the zone's artifact keeps them,
 * once the outcome the state gets has been checked to count exactly those.
 */
async function applyZone(state: RunState, index = 0, executionId = EXECUTION): Promise<ZoneResult> {
  const outcome = await applyZoneMethods.run(zoneTask(state, index, executionId), fixture.deps);
  const result = await zoneResultOf(fixture.deps, index, executionId);
  expect(outcome).toEqual({
    ...state.zones[index],
    failed: false,
    changes: result.actions.length,
    warnings: result.warnings?.length ?? 0,
  });
  return { ...result, zoneId: outcome.zoneId, zoneName: outcome.zoneName };
}

const journalEntries = async () =>
  (await fixture.deps.journal.read(STORE, EXECUTION)).map((record) => record.entry);
const methodsOf = (f: Fixture, zoneId: number) =>
  (f.sandbox.state(STORE).methodsByZone[zoneId] ?? []).map((m) => ({
    type: m.type,
    name: m.name,
    settings: m.settings,
  }));

/** A store whose US zone holds one method, Legacy, that the profile does not manage. */
const unmanagedLegacyMethod = () =>
  seedWithMethods({
    1: [{ id: 10, name: 'Legacy', type: 'perorder', settings: { rate: 99 } }],
    2: [],
    3: [],
  });

describe('applyZoneMethods', () => {
  test('creates every profile method on a fresh store', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    const result = await applyZone(state);
    expect(result.zoneId).toBe(1);
    expect(result.actions.map((a) => a.kind)).toEqual(['create-method', 'create-method']);
    expect(methodsOf(fixture, 1)).toEqual([
      { type: 'perorder', name: 'Flat Rate', settings: { rate: 7 } },
      { type: 'peritem', name: 'Per Item', settings: { rate: 2 } },
    ]);
  });

  test('journals how to undo each create before sending it', async () => {
    fixture = await startFixture({ faults: { rules: [{ kind: '503', times: 1, methods: ['POST'] }] } });
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    await expect(applyZoneMethods.run(zoneTask(state), fixture.deps)).rejects.toThrow(BigCommerceUnavailable);
    // The POST failed and changed nothing, yet its undo entry is already there: the journal is write-ahead.
    expect(await journalEntries()).toEqual([
      { kind: 'delete-created', zoneId: 1, zoneName: 'United States', type: 'perorder', name: 'Flat Rate' },
    ]);
    expect(methodsOf(fixture, 1)).toEqual([]);
  });

  test('a retried iteration does not duplicate a create whose response was lost', async () => {
    fixture = await startFixture({
      faults: { rules: [{ kind: 'lost', times: 1, methods: ['POST'], path: /\/methods$/ }] },
    });
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    await expect(applyZoneMethods.run(zoneTask(state), fixture.deps)).rejects.toThrow(BigCommerceUnavailable);
    expect(methodsOf(fixture, 1).map((m) => m.name)).toEqual(['Flat Rate']);

    const retry = await applyZone(state);
    expect(retry.actions.map((a) => a.kind === 'create-method' && a.method.name)).toEqual(['Per Item']);
    const names = methodsOf(fixture, 1).map((m) => m.name);
    expect(names.filter((n) => n === 'Flat Rate')).toHaveLength(1);
    expect(names.sort()).toEqual(['Flat Rate', 'Per Item']);
  });

  test('updates a method whose managed settings differ, journalling its previous state', async () => {
    fixture = await startFixture({
      seed: seedWithMethods({
        1: [{ id: 10, name: 'Flat Rate', type: 'perorder', settings: { rate: 5 } }],
        2: [],
        3: [],
      }),
    });
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    const result = await applyZone(state);
    expect(result.actions.map((a) => a.kind).sort()).toEqual(['create-method', 'update-method']);
    expect(methodsOf(fixture, 1).find((m) => m.name === 'Flat Rate')?.settings).toEqual({ rate: 7 });
    expect(await journalEntries()).toContainEqual(
      expect.objectContaining({
        kind: 'restore-updated',
        zoneId: 1,
        methodId: 10,
        body: expect.objectContaining({ settings: { rate: 5 } }),
      }),
    );
  });

  test('an update keeps the carrier options the profile leaves to the store', async () => {
    fixture = await startFixture({
      seed: seedWithMethods(
        {
          1: [
            {
              id: 10,
              name: 'USPS',
              type: 'endicia',
              settings: { carrier_options: { delivery_services: ['Priority'], packaging_type: 'Parcel' } },
            },
          ],
          2: [],
          3: [],
        },
        { connections: [{ carrier_id: 'endicia', connection: { account_id: 'a-1', pass_phrase: 'p-1' } }] },
      ),
    });
    const state = await resolve(fixture.deps);
    const result = await applyZone(state);
    expect(result.actions.map((a) => a.kind)).toContain('update-method');
    const options = (methodsOf(fixture, 1).find((m) => m.name === 'USPS')?.settings ?? {}) as {
      carrier_options?: { delivery_services?: string[]; packaging_type?: string };
    };
    expect(options.carrier_options?.packaging_type).toBe('Parcel');
    expect([...(options.carrier_options?.delivery_services ?? [])].sort()).toEqual(['MediaMail', 'Priority']);
  });

  test('deletes methods the profile does not manage when it prunes', async () => {
    fixture = await startFixture({ seed: unmanagedLegacyMethod() });
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    const result = await applyZone(state);
    expect(result.actions.filter((a) => a.kind === 'delete-method')).toHaveLength(1);
    expect(methodsOf(fixture, 1).map((m) => m.name)).not.toContain('Legacy');
    expect(await journalEntries()).toContainEqual(
      expect.objectContaining({
        kind: 'recreate-deleted',
        zoneId: 1,
        body: expect.objectContaining({ name: 'Legacy' }),
      }),
    );
  });

  test('keeps methods the profile does not manage when it does not prune', async () => {
    fixture = await startFixture({ seed: unmanagedLegacyMethod() });
    const state = await resolve(fixture.deps, { profile: { ...staticProfile, prune: false } });
    await applyZoneMethods.run(zoneTask(state), fixture.deps);
    expect(methodsOf(fixture, 1).map((m) => m.name)).toContain('Legacy');
  });

  test('changes nothing in a zone that already matches', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    await applyZone(state);
    // The next run of the store, once this one is done with it.
    await fixture.deps.leases.release(STORE, EXECUTION);
    const rerun = await resolve(fixture.deps, { profile: staticProfile.name }, 'run-2');
    fixture.sandbox.clearLog();
    const again = await applyZone(rerun, 0, 'run-2');
    expect(again.actions).toEqual([]);
    expect(writesIn(fixture.sandbox)).toEqual([]);
    expect(await fixture.deps.journal.read(STORE, 'run-2')).toEqual([]);
  });

  test('reads a method’s detail when the list leaves its settings out, and leaves a matching method alone', async () => {
    const services = ['SpecialDelivery1pm', 'StandardFirstClass'];
    fixture = await startFixture({
      seed: seedWithMethods(
        {
          1: [
            {
              id: 10,
              name: 'Royal Mail',
              type: 'royalmail',
              settings: { carrier_options: { delivery_services: services } },
            },
          ],
          2: [],
          3: [],
        },
        { connections: [{ carrier_id: 'royalmail', connection: {} }] },
      ),
    });
    const profile = {
      name: 'royal',
      units: { currency: 'USD' },
      carriers: [{ id: 'royalmail' }],
      zones: [
        {
          match: { id: 1 },
          methods: [
            {
              name: 'Royal Mail',
              type: 'royalmail',
              settings: { carrier_options: { delivery_services: services } },
            },
          ],
        },
      ],
    };
    const state = await resolve(fixture.deps, { profile });
    fixture.sandbox.clearLog();
    const result = await applyZone(state);
    expect(result.actions).toEqual([]);
    expect(fixture.sandbox.requests.map((r) => `${r.method} ${r.path.replace(/^.*\/v2/, '')}`)).toEqual([
      'GET /shipping/zones/1/methods',
      'GET /shipping/zones/1/methods/10',
    ]);
  });

  test('keeps its changes beside the state: the outcome counts them, the zone’s artifact lists them', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    const outcome = await applyZoneMethods.run(zoneTask(state, 1), fixture.deps);
    expect(outcome).toEqual({ zoneId: 2, zoneName: 'Canada', failed: false, changes: 1, warnings: 0 });
    expect(await zoneResultOf(fixture.deps, 1)).toMatchObject({
      zoneId: 2,
      actions: [{ kind: 'create-method', zoneId: 2, method: { name: 'Canada Flat' } }],
    });
  });

  test('refuses a zone the run did not resolve at that position', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    const wrong = { ...zoneTask(state, 0), zone: { zoneId: 2, zoneName: 'Canada' } };
    await expect(applyZoneMethods.run(wrong, fixture.deps)).rejects.toThrow(
      'Run run-1 resolved no zone Canada at position 0',
    );
    expect(writesIn(fixture.sandbox)).toEqual([]);
  });

  test('returns the planned actions in plan mode without writing or journalling', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name, mode: 'plan' });
    fixture.sandbox.clearLog();
    const result = await applyZone(state);
    expect(result.actions.map((a) => a.kind)).toEqual(['create-method', 'create-method']);
    expect(writesIn(fixture.sandbox)).toEqual([]);
    expect(methodsOf(fixture, 1)).toEqual([]);
    expect(await fixture.deps.journal.read(STORE, EXECUTION)).toEqual([]);
  });

  test('does not touch the store in verify mode', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name, mode: 'verify' });
    fixture.sandbox.clearLog();
    const outcome = await applyZoneMethods.run(zoneTask(state), fixture.deps);
    expect(outcome).toEqual({ zoneId: 1, zoneName: 'United States', failed: false, changes: 0, warnings: 0 });
    expect(fixture.sandbox.requests).toEqual([]);
  });
});
