/**
 * Rollback of a journalled carrier connection against a scripted BigCommerce: what the sandbox cannot say,
 * such as a 400 worded differently from the sandbox's own.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { rollback } from '../../lambdas/operations/rollback.ts';
import { memoryDeps } from '../support/memory-deps.ts';
import { respond, type ScriptedServer, startScriptedServer } from '../support/scripted-server.ts';

const STORE = 'abc123';

describe('rollback disconnecting a carrier BigCommerce no longer has connected', () => {
  let server: ScriptedServer;
  afterEach(() => server.close());

  /** Deps whose BigCommerce is a scripted server, with endicia journalled as connected by run-1. */
  async function journalledConnection() {
    server = await startScriptedServer();
    const deps = memoryDeps({
      apiUrl: `${server.origin}/stores/{storeHash}/v2`,
      storeTokens: { [STORE]: 'token-1' },
    });
    await deps.stores.registerStore(STORE, 'test-profile');
    await deps.stores.markCarriersConnected(STORE, ['endicia']);
    await deps.journal.append(STORE, 'run-1', [{ kind: 'disconnect-connected', carrierId: 'endicia' }]);
    return deps;
  }

  test('takes any 400 as already disconnected, whatever its message says', async () => {
    const deps = await journalledConnection();
    server.enqueue(respond(400, [{ status: 400, message: 'Carrier connection could not be removed.' }]));

    const result = await rollback.run({ state: { storeHash: STORE }, executionId: 'run-1' }, deps);

    expect(result).toEqual({ undone: 1, notUndone: 0 });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `DELETE /stores/${STORE}/v2/shipping/carrier/connection`,
    ]);
    expect((await deps.stores.getStore(STORE))?.connectedCarriers).toEqual([]);
  });

  test('lets a refusal other than 400 surface, keeping the carrier recorded', async () => {
    const deps = await journalledConnection();
    server.enqueue(respond(422, [{ status: 422, message: 'The carrier is not connected.' }]));

    await expect(
      rollback.run({ state: { storeHash: STORE }, executionId: 'run-1' }, deps),
    ).rejects.toMatchObject({ name: 'BigCommerceRejected', status: 422 });
    expect((await deps.stores.getStore(STORE))?.connectedCarriers).toEqual(['endicia']);
  });
});
