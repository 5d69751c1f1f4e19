import { afterEach, describe, expect, test } from 'vitest';
import { ShippingClient } from '../../lambdas/bigcommerce/client.ts';
import { BigCommerceUnavailable } from '../../lambdas/bigcommerce/errors.ts';
import { connectCarriers } from '../../lambdas/operations/connect-carriers.ts';
import { CarrierConnectionFailed } from '../../lambdas/operations/errors.ts';
import { rollback } from '../../lambdas/operations/rollback.ts';
import { MissingSecret } from '../../lambdas/platform/ports.ts';
import type { RunState } from '../../lambdas/workflow-contract.ts';
import {
  ENDICIA_CONNECTION,
  ENDICIA_SECRET,
  type Fixture,
  resolve,
  STORE,
  seedWithMethods,
  startFixture,
} from '../support/operations-fixture.ts';
import { respond, startScriptedServer } from '../support/scripted-server.ts';

let fixture: Fixture;
afterEach(() => fixture.close());

const connectionRequests = (f: Fixture) =>
  f.sandbox.requests
    .filter((r) => r.path.endsWith('/shipping/carrier/connection'))
    .map((r) => `${r.method} ${r.status}`);

const connect = async (f: Fixture, mode: RunState['mode'] = 'apply') => {
  const state = await resolve(f.deps, { mode });
  f.sandbox.clearLog();
  return connectCarriers.run({ state, executionId: 'run-1' }, f.deps);
};

/** A store with no methods where BigCommerce already holds an endicia connection, with old credentials. */
const endiciaAlreadyConnected = () =>
  seedWithMethods(
    { 1: [], 2: [], 3: [] },
    {
      connections: [{ carrier_id: 'endicia', connection: { account_id: 'old', pass_phrase: 'old-phrase' } }],
    },
  );

describe('connectCarriers', () => {
  test('connects each carrier with its secret fields and reports it', async () => {
    fixture = await startFixture();
    const result = await connect(fixture);
    expect(result.actions).toEqual([{ kind: 'connect-carrier', carrierId: 'endicia' }]);
    expect(fixture.sandbox.state(STORE).connections.endicia).toEqual(ENDICIA_CONNECTION);
    // The PUT is refused: there was no connection to update, so the POST makes one.
    expect(connectionRequests(fixture)).toEqual(['PUT 400', 'POST 204']);
  });

  test('records connected carriers in the registry so a re-run does not reconnect them', async () => {
    fixture = await startFixture();
    await connect(fixture);
    expect(await fixture.deps.stores.connectedCarriers(STORE)).toEqual(['endicia']);
    expect((await resolve(fixture.deps)).carriers).toEqual([]);
  });

  test('updates a connected carrier with PUT alone, sending no POST', async () => {
    fixture = await startFixture({ seed: endiciaAlreadyConnected() });
    await connect(fixture);
    expect(connectionRequests(fixture)).toEqual(['PUT 204']);
    expect(fixture.sandbox.state(STORE).connections.endicia).toEqual(ENDICIA_CONNECTION);
  });

  test('journals a new connection for rollback once BigCommerce accepted the POST', async () => {
    fixture = await startFixture();
    await connect(fixture);
    expect((await fixture.deps.journal.read(STORE, 'run-1')).map((record) => record.entry)).toEqual([
      { kind: 'disconnect-connected', carrierId: 'endicia' },
    ]);
  });

  test('journals nothing when the PUT updates a connection that existed before the run', async () => {
    fixture = await startFixture({ seed: endiciaAlreadyConnected() });
    await connect(fixture);
    expect(connectionRequests(fixture)).toEqual(['PUT 204']);
    expect(await fixture.deps.journal.read(STORE, 'run-1')).toEqual([]);
    expect(await fixture.deps.stores.connectedCarriers(STORE)).toEqual(['endicia']);
  });

  test('takes a PUT answered 404 as not connected, and connects with POST', async () => {
    fixture = await startFixture();
    const state = await resolve(fixture.deps);
    const scripted = await startScriptedServer();
    try {
      scripted.enqueue(respond(404, [{ status: 404, message: 'Not found' }]), respond(204));
      const client = new ShippingClient({
        storeHash: STORE,
        accessToken: 'scripted-token',
        baseUrl: `${scripted.origin}/stores/{storeHash}/v2`,
      });
      const deps = { ...fixture.deps, bigcommerce: async () => client };
      await connectCarriers.run({ state, executionId: 'run-1' }, deps);
      expect(scripted.requests.map((r) => r.method)).toEqual(['PUT', 'POST']);
      expect((await fixture.deps.journal.read(STORE, 'run-1')).map((record) => record.entry)).toEqual([
        { kind: 'disconnect-connected', carrierId: 'endicia' },
      ]);
    } finally {
      await scripted.close();
    }
  });

  test('journals a new connection before the POST, so one whose answer was lost is still undone after the retry', async () => {
    fixture = await startFixture({
      faults: { rules: [{ kind: 'lost', times: 1, methods: ['POST'], path: /carrier\/connection$/ }] },
    });
    await expect(connect(fixture)).rejects.toThrow(BigCommerceUnavailable);
    // The retry's PUT is accepted: the lost POST had connected the carrier.
    await connect(fixture);
    expect(connectionRequests(fixture).at(-1)).toBe('PUT 204');
    expect((await fixture.deps.journal.read(STORE, 'run-1')).map((record) => record.entry)).toEqual([
      { kind: 'disconnect-connected', carrierId: 'endicia' },
    ]);
    const rolledBack = await rollback.run(
      { state: { storeHash: STORE }, executionId: 'run-1' },
      fixture.deps,
    );
    expect(rolledBack).toEqual({ undone: 1, notUndone: 0 });
    expect(fixture.sandbox.state(STORE).connections).toEqual({});
  });

  test('a connection that failed leaves one entry, marked undone once the POST was refused', async () => {
    fixture = await startFixture({ faults: { rules: [{ kind: '503', times: 1, methods: ['POST'] }] } });
    await expect(connect(fixture)).rejects.toThrow(BigCommerceUnavailable);
    fixture.deps.secrets.byName.set(ENDICIA_SECRET, { account_id: 'acct-without-phrase-5521' });
    await expect(connect(fixture)).rejects.toThrow(CarrierConnectionFailed);
    const journal = await fixture.deps.journal.read(STORE, 'run-1');
    expect(journal.map((record) => [record.entry.kind, record.undone])).toEqual([
      ['disconnect-connected', true],
    ]);
    expect(fixture.sandbox.state(STORE).connections).toEqual({});
    const rolledBack = await rollback.run(
      { state: { storeHash: STORE }, executionId: 'run-1' },
      fixture.deps,
    );
    expect(rolledBack).toEqual({ undone: 1, notUndone: 0 });
  });

  test('a carrier connected before the run stays connected through a rollback when its PUT and POST are refused', async () => {
    fixture = await startFixture({ seed: endiciaAlreadyConnected() });
    // Refused for its fields, not because it is not connected: the PUT's refusal proves nothing here.
    fixture.deps.secrets.byName.set(ENDICIA_SECRET, { account_id: 'acct-without-phrase-5521' });
    await expect(connect(fixture)).rejects.toThrow(CarrierConnectionFailed);
    await rollback.run({ state: { storeHash: STORE }, executionId: 'run-1' }, fixture.deps);
    expect(fixture.sandbox.state(STORE).connections.endicia).toEqual({
      account_id: 'old',
      pass_phrase: 'old-phrase',
    });
  });

  test('fails with CarrierConnectionFailed naming the carrier and BigCommerce’s reason when PUT and POST are refused', async () => {
    fixture = await startFixture();
    fixture.deps.secrets.byName.set(ENDICIA_SECRET, { account_id: 'acct-without-phrase-5521' });
    const attempt = connect(fixture);
    await expect(attempt).rejects.toThrow(CarrierConnectionFailed);
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^Carrier endicia could not be connected: /);
    expect(error.message).toMatch(/pass_phrase/);
    expect(error.message).not.toContain('acct-without-phrase-5521');
    expect(connectionRequests(fixture)).toEqual(['PUT 400', 'POST 400']);
  });

  test('masks connection values that BigCommerce echoes back in its refusal', async () => {
    fixture = await startFixture();
    const connection = { account_id: 'acct', pass_phrase: 'acct-secret-99', meter_number: 12345678 };
    fixture.deps.secrets.byName.set(ENDICIA_SECRET, connection);
    const state = await resolve(fixture.deps);
    const echo = `account ${connection.account_id} phrase ${connection.pass_phrase} meter ${connection.meter_number} refused`;
    const echoing = await startScriptedServer();
    try {
      echoing.enqueue(
        respond(400, [{ status: 400, message: echo }]),
        respond(400, [{ status: 400, message: echo }]),
      );
      const client = new ShippingClient({
        storeHash: STORE,
        accessToken: 'echo-token',
        baseUrl: `${echoing.origin}/stores/{storeHash}/v2`,
      });
      const deps = { ...fixture.deps, bigcommerce: async () => client };
      const error = (await connectCarriers
        .run({ state, executionId: 'run-1' }, deps)
        .catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(CarrierConnectionFailed);
      expect(error.message).toContain('refused');
      for (const fragment of ['acct', 'secret-99', '12345678']) expect(error.message).not.toContain(fragment);
    } finally {
      await echoing.close();
    }
  });

  test('lets a retryable BigCommerce failure surface as itself', async () => {
    fixture = await startFixture({ faults: { rules: [{ kind: '503', times: 1, methods: ['POST'] }] } });
    await expect(connect(fixture)).rejects.toThrow(BigCommerceUnavailable);
  });

  test('reports the connection in plan mode without sending it', async () => {
    fixture = await startFixture();
    const result = await connect(fixture, 'plan');
    expect(result.actions).toEqual([{ kind: 'connect-carrier', carrierId: 'endicia' }]);
    expect(fixture.sandbox.requests).toEqual([]);
    expect(fixture.sandbox.state(STORE).connections).toEqual({});
    expect(await fixture.deps.journal.read(STORE, 'run-1')).toEqual([]);
  });

  test('fails with MissingSecret when a carrier has no connection secret, even in plan mode', async () => {
    fixture = await startFixture();
    fixture.deps.secrets.byName.delete(ENDICIA_SECRET);
    await expect(connect(fixture, 'plan')).rejects.toThrow(MissingSecret);
  });

  test('does nothing when no carrier is left to connect', async () => {
    fixture = await startFixture();
    const state = { ...(await resolve(fixture.deps)), carriers: [] };
    fixture.sandbox.clearLog();
    expect(await connectCarriers.run({ state, executionId: 'run-1' }, fixture.deps)).toEqual({
      actions: [],
    });
    expect(fixture.sandbox.requests).toEqual([]);
  });
});
