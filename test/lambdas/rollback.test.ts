import { afterEach, describe, expect, test } from 'vitest';
import { BigCommerceUnavailable } from '../../lambdas/bigcommerce/errors.ts';
import { applyZoneMethods } from '../../lambdas/operations/apply-zone-methods.ts';
import { rollback } from '../../lambdas/operations/rollback.ts';
import type { RunState } from '../../lambdas/workflow-contract.ts';
import {
  type Fixture,
  methodsWithoutIds,
  resolve,
  runSteps,
  STORE,
  seedWithMethods,
  startFixture,
  staticProfile,
  writesIn,
  zoneResultOf,
} from '../support/operations-fixture.ts';

let fixture: Fixture;
afterEach(() => fixture.close());

/** US: Flat Rate at 5 (the profile says 7: updated) and Legacy (unmanaged, pruned); Per Item and Canada Flat are created. */
const seed = () =>
  seedWithMethods({
    1: [
      {
        id: 10,
        name: 'Flat Rate',
        type: 'perorder',
        settings: { rate: 5 },
        handling_fees: { fixed_surcharge: 1.5 },
      },
      {
        id: 11,
        name: 'Legacy',
        type: 'weight',
        settings: {
          default_cost: 3,
          default_cost_type: 'fixed_amount',
          range: [{ lower_limit: 0, upper_limit: 10, shipping_cost: 4 }],
        },
        enabled: false,
      },
    ],
    2: [],
    3: [{ id: 12, name: 'World', type: 'perorder', settings: { rate: 30 } }],
  });

const rollBack = (state: RunState, executionId = 'run-1') =>
  rollback.run({ state, executionId }, fixture.deps);

describe('rollback', () => {
  test('restores the store to exactly its state before the run: created, updated and deleted methods', async () => {
    fixture = await startFixture({ seed: seed() });
    const before = methodsWithoutIds(fixture.sandbox);
    const state = await runSteps(fixture.deps, await resolve(fixture.deps, { profile: staticProfile.name }));
    const results = await Promise.all(state.applied.map((_, index) => zoneResultOf(fixture.deps, index)));
    const kinds = results.flatMap((zone) => zone.actions.map((a) => a.kind)).sort();
    expect(kinds).toEqual(['create-method', 'create-method', 'delete-method', 'update-method']);
    expect(methodsWithoutIds(fixture.sandbox)).not.toEqual(before);

    const result = await rollBack(state);
    expect(result).toEqual({ undone: 4, notUndone: 0 });
    expect(methodsWithoutIds(fixture.sandbox)).toEqual(before);
  });

  test('run again after it finished, sends nothing: every entry is marked undone', async () => {
    fixture = await startFixture({ seed: seed() });
    const before = methodsWithoutIds(fixture.sandbox);
    const state = await runSteps(fixture.deps, await resolve(fixture.deps, { profile: staticProfile.name }));
    await rollBack(state);
    fixture.sandbox.clearLog();
    expect(await rollBack(state)).toEqual({ undone: 4, notUndone: 0 });
    expect(fixture.sandbox.requests).toEqual([]);
    expect(methodsWithoutIds(fixture.sandbox)).toEqual(before);
  });

  test('a retried rollback goes on from the entry where the failed attempt stopped', async () => {
    fixture = await startFixture({ seed: seed() });
    const before = methodsWithoutIds(fixture.sandbox);
    const state = await runSteps(fixture.deps, await resolve(fixture.deps, { profile: staticProfile.name }));
    // The restore of Flat Rate fails, with the client's own resends: the attempt stops there.
    fixture.sandbox.setFaults({ rules: [{ kind: '503', times: 4, methods: ['PUT'] }] });
    await expect(rollBack(state)).rejects.toThrow(BigCommerceUnavailable);
    const afterFirst = await fixture.deps.journal.read(STORE, 'run-1');
    const marks = afterFirst.map((record) => record.undone);
    expect(marks.filter(Boolean).length).toBeGreaterThan(0);
    expect(marks.filter(Boolean).length).toBeLessThan(4);
    // Undone newest first: whatever is marked is the journal's tail.
    expect(marks).toEqual([...marks].sort((a, b) => Number(a) - Number(b)));

    const undoneByRetry: string[] = [];
    const journal = fixture.deps.journal;
    const spied = {
      ...journal,
      read: journal.read.bind(journal),
      append: journal.append.bind(journal),
      markUndone: async (store: string, execution: string, key: string) => {
        undoneByRetry.push(key);
        await journal.markUndone(store, execution, key);
      },
    };
    const retry = await rollback.run({ state, executionId: 'run-1' }, { ...fixture.deps, journal: spied });
    expect(retry).toEqual({ undone: 4, notUndone: 0 });
    const leftByFirst = afterFirst.filter((record) => !record.undone).map((record) => record.key);
    expect(undoneByRetry).toEqual([...leftByFirst].reverse());
    expect(methodsWithoutIds(fixture.sandbox)).toEqual(before);
  });

  test('a pruned zone recreated by an attempt that stopped halfway gets the rest of its methods from the retry', async () => {
    // The second method's create is refused once: the first attempt leaves the zone with one method.
    fixture = await startFixture({
      seed: seed(),
      faults: { rules: [{ kind: '422', after: 1, times: 1, methods: ['POST'], path: /\/methods$/ }] },
    });
    const flatRate = { name: 'Flat Rate', type: 'perorder', enabled: true, settings: { rate: 12 } };
    const perItem = { name: 'Per Item', type: 'peritem', enabled: true, settings: { rate: 3 } };
    const mexico = { name: 'Mexico', type: 'country', locations: [{ country_iso2: 'MX' }] };
    await fixture.deps.journal.append(STORE, 'run-1', [
      { kind: 'recreate-deleted-zone', zoneId: 40, body: mexico, methods: [flatRate, perItem] },
    ]);
    const state = { storeHash: STORE } as RunState;

    await expect(rollBack(state)).rejects.toThrow();
    await rollBack(state);

    const store = fixture.sandbox.state(STORE);
    const recreated = store.zones.filter((zone) => zone.name === 'Mexico');
    expect(recreated).toHaveLength(1);
    const methods = store.methodsByZone[recreated[0]!.id] ?? [];
    expect(methods.map((method) => [method.name, method.type, method.settings])).toEqual([
      ['Flat Rate', 'perorder', { rate: 12 }],
      ['Per Item', 'peritem', { rate: 3 }],
    ]);
  });

  test('finds nothing to delete for a create that never reached the store', async () => {
    fixture = await startFixture({ faults: { rules: [{ kind: '503', times: 1, methods: ['POST'] }] } });
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    const zone = state.zones[0];
    if (!zone) throw new Error('no zone');
    await expect(
      applyZoneMethods.run(
        { storeHash: STORE, executionId: 'run-1', mode: 'apply', prune: true, index: 0, zone },
        fixture.deps,
      ),
    ).rejects.toThrow();
    fixture.sandbox.clearLog();
    expect(await rollBack(state)).toEqual({ undone: 1, notUndone: 0 });
    expect(writesIn(fixture.sandbox)).toEqual([]);
  });

  test('does not call BigCommerce when the execution changed nothing', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps, { profile: staticProfile.name });
    fixture.sandbox.clearLog();
    expect(await rollBack(state, 'run-without-changes')).toEqual({ undone: 0, notUndone: 0 });
    expect(fixture.sandbox.requests).toEqual([]);
  });

  test('undoes only the changes of its own execution', async () => {
    fixture = await startFixture();
    const first = await runSteps(
      fixture.deps,
      await resolve(fixture.deps, { profile: staticProfile.name }),
      'run-1',
    );
    const afterFirst = methodsWithoutIds(fixture.sandbox);
    // Record gives the first execution's lease back.
    await fixture.deps.leases.release(STORE, 'run-1');
    const changed = {
      ...staticProfile,
      name: 'static-profile',
      zones: [{ match: { id: 3 }, methods: [{ name: 'World', type: 'perorder', settings: { rate: 30 } }] }],
      prune: false,
    };
    const second = await runSteps(
      fixture.deps,
      await resolve(fixture.deps, { profile: changed }, 'run-2'),
      'run-2',
    );
    expect(first.applied.length).toBeGreaterThan(0);
    await rollBack(second, 'run-2');
    expect(methodsWithoutIds(fixture.sandbox)).toEqual(afterFirst);
  });
});

describe('rollback of a run that connected a carrier', () => {
  const connectedCarriers = () => fixture.deps.stores.connectedCarriers(STORE);
  const connectionWrites = () =>
    writesIn(fixture.sandbox)
      .filter((r) => r.path.endsWith('/shipping/carrier/connection'))
      .map((r) => `${r.method} ${r.status}`);

  test('disconnects the carrier and removes its methods, leaving no trace of the run', async () => {
    fixture = await startFixture();
    const before = methodsWithoutIds(fixture.sandbox);
    const state = await runSteps(fixture.deps, await resolve(fixture.deps));
    expect(state.connected.actions).toEqual([{ kind: 'connect-carrier', carrierId: 'endicia' }]);
    expect(await connectedCarriers()).toEqual(['endicia']);

    expect(await rollBack(state)).toEqual({ undone: 4, notUndone: 0 });
    expect(fixture.sandbox.state(STORE).connections).toEqual({});
    expect(methodsWithoutIds(fixture.sandbox)).toEqual(before);
    expect(await connectedCarriers()).toEqual([]);
  });

  test('removes the carrier’s methods before disconnecting it', async () => {
    fixture = await startFixture();
    const state = await runSteps(fixture.deps, await resolve(fixture.deps));
    fixture.sandbox.clearLog();
    await rollBack(state);
    const writes = writesIn(fixture.sandbox).map((r) => r.method);
    expect(writes).toEqual(['DELETE', 'DELETE', 'DELETE', 'DELETE']);
    expect(writesIn(fixture.sandbox).at(-1)?.path).toMatch(/\/shipping\/carrier\/connection$/);
  });

  test('changes nothing more when run again: the disconnect is not sent twice', async () => {
    fixture = await startFixture();
    const before = methodsWithoutIds(fixture.sandbox);
    const state = await runSteps(fixture.deps, await resolve(fixture.deps));
    await rollBack(state);
    fixture.sandbox.clearLog();
    expect(await rollBack(state)).toEqual({ undone: 4, notUndone: 0 });
    expect(connectionWrites()).toEqual([]);
    expect(writesIn(fixture.sandbox)).toHaveLength(0);
    expect(fixture.sandbox.state(STORE).connections).toEqual({});
    expect(methodsWithoutIds(fixture.sandbox)).toEqual(before);
    expect(await connectedCarriers()).toEqual([]);
  });

  test('keeps a connection that existed before the run, which the run only updated', async () => {
    const previous = { account_id: 'acct-previous', pass_phrase: 'previous-phrase' };
    fixture = await startFixture({
      seed: seedWithMethods(
        { 1: [], 2: [], 3: [] },
        { connections: [{ carrier_id: 'endicia', connection: previous }] },
      ),
    });
    const state = await runSteps(fixture.deps, await resolve(fixture.deps));
    fixture.sandbox.clearLog();
    await rollBack(state);
    expect(connectionWrites()).toEqual([]);
    expect(fixture.sandbox.state(STORE).connections.endicia).toBeDefined();
  });

  test('lets a failure to disconnect surface, keeping the carrier recorded, so the rollback is retried', async () => {
    fixture = await startFixture({
      faults: {
        rules: [{ kind: '503', times: 3, methods: ['DELETE'], path: /\/shipping\/carrier\/connection$/ }],
      },
    });
    const state = await runSteps(fixture.deps, await resolve(fixture.deps));
    await expect(rollBack(state)).rejects.toThrow(BigCommerceUnavailable);
    expect(await connectedCarriers()).toEqual(['endicia']);
    expect(await rollBack(state)).toEqual({ undone: 4, notUndone: 0 });
    expect(fixture.sandbox.state(STORE).connections).toEqual({});
    expect(await connectedCarriers()).toEqual([]);
  });
});

test('a run that failed before naming a valid store has nothing to roll back', async () => {
  fixture = await startFixture();
  const rawInput = { storeHash: 'not a store!', profile: 'static-profile', rollback: true, mode: 'apply' };
  expect(await rollback.run({ state: rawInput, executionId: 'run-1' }, fixture.deps)).toEqual({
    undone: 0,
    notUndone: 0,
  });
  expect(fixture.sandbox.requests).toEqual([]);
});
