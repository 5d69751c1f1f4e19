import { afterEach, describe, expect, test } from 'vitest';
import { BigCommerceUnavailable } from '../../lambdas/bigcommerce/errors.ts';
import { applyZoneMethods } from '../../lambdas/operations/apply-zone-methods.ts';
import type { RunState, ZoneTaskInput } from '../../lambdas/workflow-contract.ts';
import {
  type Fixture,
  resolve,
  STORE,
  seedWithMethods,
  startFixture,
  staticProfile,
  writesIn,
} from '../support/operations-fixture.ts';

let fixture: Fixture;
afterEach(() => fixture.close());

const EXECUTION = 'run-1';

/** The Map iteration input for the zone at `index` of a resolved state. */
function zoneTask(state: RunState, index = 0): ZoneTaskInput {
  const zone = state.zones[index];
  if (!zone) throw new Error(`no zone at ${index}`);
  return { storeHash: state.storeHash, executionId: EXECUTION, mode: state.mode, prune: state.prune, zone };
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
    const result = await applyZoneMethods.run(zoneTask(state), fixture.deps);
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

    const retry = await applyZoneMethods.run(zoneTask(state), fixture.deps);
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
    const result = await applyZoneMethods.run(zoneTask(state), fixture.deps);
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
    const result = await applyZoneMethods.run(zoneTask(state), fixture.deps);
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
    const result = await applyZoneMethods.run(zoneTask(state), fixture.deps);
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
    await applyZoneMethods.run(zoneTask(state), fixture.deps);
    fixture.sandbox.clearLog();
    const again = await applyZoneMethods.run({ ...zoneTask(state), executionId: 'run-2' }, fixture.deps);
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
    const result = await applyZoneMethods.run(zoneTask(state), fixture.deps);
    expect(result.actions).toEqual([]);
    expect(fixture.sandbox.requests.map((r) => `${r.method} ${r.path.replace(/^.*\/v2/, '')}`)).toEqual([
      'GET /shipping/zones/1/methods',
      'GET /shipping/zones/1/methods/10',
    ]);
  });

  test('returns the planned actions in plan mode without writing or journalling', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name, mode: 'plan' });
    fixture.sandbox.clearLog();
    const result = await applyZoneMethods.run(zoneTask(state), fixture.deps);
    expect(result.actions.map((a) => a.kind)).toEqual(['create-method', 'create-method']);
    expect(writesIn(fixture.sandbox)).toEqual([]);
    expect(methodsOf(fixture, 1)).toEqual([]);
    expect(await fixture.deps.journal.read(STORE, EXECUTION)).toEqual([]);
  });

  test('does not touch the store in verify mode', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name, mode: 'verify' });
    fixture.sandbox.clearLog();
    const result = await applyZoneMethods.run(zoneTask(state), fixture.deps);
    expect(result).toEqual({ zoneId: 1, zoneName: 'United States', actions: [], failed: false });
    expect(fixture.sandbox.requests).toEqual([]);
  });
});
