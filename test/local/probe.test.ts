/**
 * The Probe step end to end on the local runner and the sandbox: what a Texas shopper is offered, compared
 * with the profile's checkout expectations, and never a cart left behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckoutClient } from '../../lambdas/bigcommerce/checkout-client.ts';
import { runOperation } from '../../lambdas/operations/operation.ts';
import { probeCheckout } from '../../lambdas/operations/probe-checkout.ts';
import { type ResolvedRun, RUN_ARTIFACT, type RunSummary } from '../../lambdas/workflow-contract.ts';
import { STORE, type WorkflowHarness, workflowHarness } from '../support/local-workflow.ts';

const TEXAS = { country: 'US', state: 'TX', zip: '78701' };
const MUGS = [{ sku: 'SAMPLE-MUG', quantity: 2 }];

function flatRateProfile(expectation: Record<string, unknown>) {
  return {
    name: 'flat-rate-probe',
    units: { currency: 'USD' },
    zones: [
      {
        match: { name: 'United States' },
        methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }],
      },
    ],
    checkout: [{ name: 'Austin, two mugs', address: TEXAS, items: MUGS, ...expectation }],
  };
}

/**
 * The sandbox compiles the V3 specs' validators on the first V3 request, in this process, which can take
 * longer than the harness's short default timeout; a cart created after the client gave up on it could not
 * be known to the probe (see the README: a cart whose creation answer is lost is left to expire).
 */
const probeHarness = () => workflowHarness({}, undefined, { clientTimeoutMs: 60_000 });

let harness: WorkflowHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const cartsIn = (h: WorkflowHarness) => h.sandbox.cartIds(STORE);

describe('the Probe step', () => {
  it('passes when the shopper is offered what the profile expects, and reports the options', async () => {
    harness = await probeHarness();
    const run = await harness.run({
      profile: flatRateProfile({ expect: [{ method: 'Flat Rate', cost: 7 }] }),
    });
    expect(run.status, run.cause).toBe('SUCCEEDED');
    const summary = run.output as RunSummary;
    expect(summary.probe?.ok).toBe(true);
    expect(summary.probe?.outcomes[0]?.offered).toContainEqual(
      expect.objectContaining({ description: 'Flat Rate', cost: 7 }),
    );
    // The run's record keeps what was offered too.
    expect(harness.registry.stores.runsOf(STORE).at(-1)?.probe).toEqual(summary.probe);
    expect(cartsIn(harness)).toEqual([]);
  });

  it('fails an apply naming the expectation, the expected and the offered cost', async () => {
    harness = await probeHarness();
    const run = await harness.run({
      profile: flatRateProfile({ expect: [{ method: 'Flat Rate', cost: 8 }] }),
    });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('CheckoutMismatch');
    expect(run.cause).toContain('Austin, two mugs');
    expect(run.cause).toContain('Flat Rate: expected cost 8, offered 7');
    expect(cartsIn(harness)).toEqual([]);
  });

  it('fails when a method that must be absent is offered', async () => {
    harness = await probeHarness();
    const run = await harness.run({ profile: flatRateProfile({ expect: [], absent: ['Flat Rate'] }) });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('CheckoutMismatch');
    expect(run.cause).toContain('Flat Rate');
    expect(cartsIn(harness)).toEqual([]);
  });

  it('reports a mismatch as drift in a verify run, without failing it', async () => {
    harness = await probeHarness();
    const profile = flatRateProfile({ expect: [{ method: 'Flat Rate', cost: 8 }] });
    await harness.run({ profile: { ...profile, checkout: [] } });
    const run = await harness.run({ profile, mode: 'verify' });
    expect(run.status, run.cause).toBe('SUCCEEDED');
    expect((run.output as RunSummary).outcome).toBe('drifted');
    expect((run.output as RunSummary).probe?.outcomes[0]?.problems).toEqual([
      'Flat Rate: expected cost 8, offered 7',
    ]);
    expect(cartsIn(harness)).toEqual([]);
  });

  it('rolls a failed apply back when asked', async () => {
    harness = await probeHarness();
    const before = harness.sandbox.state(STORE).methodsByZone;
    const run = await harness.run({
      profile: flatRateProfile({ expect: [{ method: 'Flat Rate', cost: 8 }] }),
      rollback: true,
    });
    expect(run.status).toBe('FAILED');
    expect(harness.sandbox.state(STORE).methodsByZone).toEqual(before);
  });

  it('deletes the cart of a probe that died mid-way on the next probe of the store', async () => {
    harness = await probeHarness();
    const profile = flatRateProfile({ expect: [{ method: 'Flat Rate', cost: 7 }] });
    const applied = await harness.run({ profile: { ...profile, checkout: [] } });
    expect(applied.status, applied.cause).toBe('SUCCEEDED');
    const expectation = {
      ...profile.checkout[0]!,
      channel: 1,
      absent: [],
      expect: [{ method: 'Flat Rate', cost: 7 }],
    };
    const state = {
      storeHash: STORE,
      mode: 'verify',
      rollback: false,
      trigger: { kind: 'manual' },
      profileName: profile.name,
      profileDeployed: false,
      prune: false,
      pruneZones: false,
      zoneChanges: 0,
      carriers: [],
      zones: [],
      connected: { actions: [] },
      applied: [],
      verification: null,
      checkoutExpectations: 1,
      probe: null,
    };
    // What ResolveZones of that run kept for the Probe step.
    const resolved: ResolvedRun = { zones: [], zoneActions: [], checkout: [expectation] };
    await harness.deps.artifacts.put('run-killed', RUN_ARTIFACT.resolved, resolved);
    // The process dies after creating its cart: no consignment, no delete.
    const dying = dyingClient(await harness.deps.checkout(STORE));
    const deps = { ...harness.deps, checkout: async () => dying };
    const killed = runOperation(probeCheckout, { state, executionId: 'run-killed' }, deps);
    await expect(killed).rejects.toThrow('killed');
    expect(cartsIn(harness)).toHaveLength(1);

    const rerun = await harness.run({ profile, mode: 'verify' });
    expect(rerun.status, rerun.cause).toBe('SUCCEEDED');
    expect(cartsIn(harness)).toEqual([]);
  });
});

describe('two probes of one store at once', () => {
  it('takes a new cart when the other probe deleted this one as a leftover', async () => {
    harness = await probeHarness();
    const real = await harness.deps.checkout(STORE);
    let vanished = 0;
    // The first consignment finds its cart gone, as if another probe had just cleaned it up.
    const racing: CheckoutClient = {
      ...bind(real),
      shippingOptions: async (cartId, address, items) => {
        if (vanished++ === 0) await real.deleteCart(cartId);
        return real.shippingOptions(cartId, address, items);
      },
    };
    const deps = { ...harness.deps, checkout: async () => racing };
    const profile = flatRateProfile({ expect: [{ method: 'Flat Rate', cost: 7 }] });
    const run = await harness.run({ profile }, { deps });

    expect(run.status, run.cause).toBe('SUCCEEDED');
    expect(vanished).toBe(2);
    expect(cartsIn(harness)).toEqual([]);
  });
});

/** A client whose process is killed once it has created a cart: nothing after that reaches the store. */
function dyingClient(client: CheckoutClient): CheckoutClient {
  const killed = () => Promise.reject(new Error('killed'));
  return { ...bind(client), shippingOptions: killed, deleteCart: killed };
}

function bind(client: CheckoutClient): CheckoutClient {
  return {
    findVariantBySku: (sku) => client.findVariantBySku(sku),
    createCart: (input) => client.createCart(input),
    shippingOptions: (cartId, address, items) => client.shippingOptions(cartId, address, items),
    deleteCart: (cartId) => client.deleteCart(cartId),
  };
}
