/**
 * What a real store may do that the sandbox's defaults do not: every documented rendering of its answers,
 * every choice where BigCommerce's docs are silent, and a POST on a connected carrier that quietly updates it.
 * Each is a sandbox option; the Onboard run must converge under all of them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../lambdas/workflow-contract.ts';
import type { SandboxOptions } from '../../sandbox/index.ts';
import {
  ENDICIA,
  STORE,
  type WorkflowHarness,
  workflowHarness,
  writesIn,
} from '../support/local-workflow.ts';

/** One method of every kind bcship manages, in the sandbox store's units (USD, ounces). */
const EVERY_KIND = {
  name: 'every-kind',
  units: { currency: 'USD', weight: 'oz' },
  carriers: [{ id: 'endicia' }],
  zones: [
    {
      match: { name: 'United States' },
      methods: [
        {
          name: 'USPS',
          type: 'endicia',
          settings: { carrier_options: { delivery_services: ['PriorityExpress'] } },
        },
        {
          name: 'Flat Rate',
          type: 'perorder',
          settings: { rate: 7 },
          handling_fees: { fixed_surcharge: 1.5 },
        },
        { name: 'Per Item', type: 'peritem', settings: { rate: 2 } },
        {
          name: 'By Weight',
          type: 'weight',
          settings: {
            default_cost: 0,
            default_cost_type: 'fixed_amount',
            range: [
              { lower_limit: 0, upper_limit: 16, shipping_cost: 5 },
              { lower_limit: 16, upper_limit: 80, shipping_cost: 9 },
            ],
          },
        },
        {
          name: 'By Total',
          type: 'total',
          settings: { range: [{ lower_limit: 0, upper_limit: 100, shipping_cost: 6.25 }] },
        },
        { name: 'Free Shipping', type: 'freeshipping', settings: {} },
      ],
    },
  ],
};

let harness: WorkflowHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Apply, verify, apply again: the store converges, verify finds it in sync, and the second apply writes nothing. */
async function expectConvergence(sandbox: SandboxOptions, label: string) {
  harness = await workflowHarness(sandbox);
  const applied = await harness.run({ profile: EVERY_KIND });
  expect(applied.status, `${label}: ${applied.cause}`).toBe('SUCCEEDED');
  const verified = await harness.run({ profile: EVERY_KIND, mode: 'verify' });
  expect((verified.output as RunSummary | undefined)?.outcome, `${label}: ${verified.cause}`).toBe('in-sync');
  harness.sandbox.clearLog();
  const again = await harness.run({ profile: EVERY_KIND });
  expect(again.status, `${label}: ${again.cause}`).toBe('SUCCEEDED');
  expect(writesIn(harness.sandbox), label).toEqual([]);
  await harness.close();
  harness = undefined;
}

describe('every documented rendering of BigCommerce’s answers', () => {
  it('converges for 50 rendering seeds: apply, verify in sync, re-apply with zero writes', async () => {
    for (let seed = 1; seed <= 50; seed++)
      await expectConvergence({ renderings: seed }, `renderings ${seed}`);
  }, 240_000);
});

describe('every choice where BigCommerce’s docs are silent', () => {
  const choices: SandboxOptions['variants'][] = [
    { 'connection-post': 'reject' },
    { 'connection-post': 'upsert' },
    { 'method-put-settings': 'replace' },
    { 'method-put-settings': 'merge' },
    { 'empty-list': 'json' },
    { 'empty-list': '204' },
    { 'range-boundary': 'lower' },
    { 'range-boundary': 'upper' },
  ];
  it.each(choices.map((variants) => [JSON.stringify(variants), variants]))(
    'converges under %s',
    async (label, variants) => {
      await expectConvergence({ variants }, label);
    },
  );
});

describe('a carrier connected before the run, on a store whose POST upserts', () => {
  it('stays connected with its fields when the run fails and is rolled back', async () => {
    harness = await workflowHarness({
      variants: { 'connection-post': 'upsert' },
      faults: '400=1x,methods=POST,path=/methods$',
    });
    const connect = await fetch(`${harness.sandbox.url}/stores/${STORE}/v2/shipping/carrier/connection`, {
      method: 'POST',
      headers: {
        'X-Auth-Token': 'sandbox-token',
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify({ carrier_id: 'endicia', connection: ENDICIA }),
    });
    expect(connect.status).toBe(204);

    const run = await harness.run({ profile: EVERY_KIND, rollback: true });

    expect(run.status).toBe('FAILED');
    expect(harness.sandbox.state(STORE).connections.endicia).toEqual(ENDICIA);
  });
});
