/**
 * The synthesized Onboard state machine, executed locally with the real operations against the sandbox:
 * the acceptance behaviours of the workflow, end to end.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../lambdas/workflow-contract.ts';
import {
  ENDICIA,
  methodsWithoutIds,
  onboardAsl,
  STORE,
  TOKEN,
  type WorkflowHarness,
  workflowHarness,
  writesIn,
} from '../support/local-workflow.ts';

let harness: WorkflowHarness;

beforeAll(() => {
  onboardAsl();
}, 120_000);

afterEach(async () => {
  await harness?.close();
});

const summaryOf = (output: unknown) => output as RunSummary;

async function sandboxCall(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${harness.sandbox.baseUrl(STORE)}${path}`, {
    method,
    headers: { 'X-Auth-Token': TOKEN, Accept: 'application/json', 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${method} ${path} → ${response.status}`).toBe(true);
  return response.status === 204 ? undefined : response.json();
}

const methodNamed = (name: string, zoneId = 1) =>
  harness.sandbox.state(STORE).methodsByZone[zoneId]?.find((m) => m.name === name);

/** Run options under which another app edits Flat Rate between apply and verify, so verification must fail. */
const flatRateEditedBeforeVerify = (edit: Record<string, unknown>) => ({
  beforeTask: async (state: string) => {
    if (state !== 'Verify') return;
    const flatRate = methodNamed('Flat Rate')!;
    await sandboxCall('PUT', `/shipping/zones/1/methods/${flatRate.id}`, edit);
  },
});

describe('Onboard state machine, run locally against the sandbox', () => {
  it('configures a fresh store: connects the carrier, creates the methods, verifies', async () => {
    harness = await workflowHarness();

    const run = await harness.run({});

    expect(run.status).toBe('SUCCEEDED');
    const summary = summaryOf(run.output);
    expect(summary.outcome).toBe('succeeded');
    expect(summary.mismatches).toEqual([]);
    expect(summary.changes.map((c) => c.kind).sort()).toEqual([
      'connect-carrier',
      'create-method',
      'create-method',
    ]);
    const state = harness.sandbox.state(STORE);
    expect(Object.keys(state.connections)).toEqual(['endicia']);
    expect(state.methodsByZone[1]?.map((m) => `${m.type}:${m.name}`).sort()).toEqual([
      'endicia:USPS',
      'perorder:Flat Rate',
    ]);
    expect(methodNamed('Flat Rate')?.settings).toEqual({ rate: 7 });
    expect(harness.events.published.map((e) => e.detailType)).toEqual(['bcship.run.succeeded']);
  });

  it('re-runs with zero writes and zero changes once the store matches', async () => {
    harness = await workflowHarness();
    expect((await harness.run({})).status).toBe('SUCCEEDED');
    harness.sandbox.clearLog();

    const again = await harness.run({});

    expect(again.status).toBe('SUCCEEDED');
    expect(summaryOf(again.output)).toMatchObject({ outcome: 'in-sync', changes: [], mismatches: [] });
    expect(writesIn(harness.sandbox)).toEqual([]);
  });

  it('reports drift in verify mode without writing, and corrects it in apply mode', async () => {
    harness = await workflowHarness();
    expect((await harness.run({})).status).toBe('SUCCEEDED');
    const flatRate = methodNamed('Flat Rate')!;
    await sandboxCall('PUT', `/shipping/zones/1/methods/${flatRate.id}`, { settings: { rate: 12 } });
    harness.sandbox.clearLog();

    const check = await harness.run({ mode: 'verify' });

    expect(check.status).toBe('SUCCEEDED');
    const drift = summaryOf(check.output);
    expect(drift.outcome).toBe('drifted');
    expect(drift.mismatches).toEqual([
      expect.objectContaining({
        kind: 'different',
        name: 'Flat Rate',
        changes: [{ path: 'settings.rate', desired: 7, actual: 12 }],
      }),
    ]);
    expect(writesIn(harness.sandbox)).toEqual([]);

    const fix = await harness.run({});

    expect(fix.status).toBe('SUCCEEDED');
    expect(summaryOf(fix.output).changes).toEqual([
      expect.objectContaining({ kind: 'update-method', methodId: flatRate.id }),
    ]);
    expect(methodNamed('Flat Rate')?.settings).toEqual({ rate: 7 });
  });

  it('plans without writing anything', async () => {
    harness = await workflowHarness();

    const plan = await harness.run({ mode: 'plan' });

    expect(plan.status).toBe('SUCCEEDED');
    expect(summaryOf(plan.output)).toMatchObject({ outcome: 'planned' });
    expect(summaryOf(plan.output).changes).toHaveLength(3);
    expect(writesIn(harness.sandbox)).toEqual([]);
    expect(plan.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Verify')).toBe(false);
  });

  it('fails on an unknown zone before anything is written', async () => {
    harness = await workflowHarness();
    const profile = {
      name: 'atlantis',
      zones: [
        {
          match: { name: 'Atlantis' },
          methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 5 } }],
        },
      ],
    };

    const run = await harness.run({ profile });

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('UnknownZone');
    expect(run.cause).toContain('Atlantis');
    expect(writesIn(harness.sandbox)).toEqual([]);
    expect(harness.events.published.map((e) => e.detailType)).toEqual(['bcship.run.failed']);
  });

  it('fails with a clear cause when the carrier refuses the connection, and creates no method', async () => {
    harness = await workflowHarness({}, { 'bcship/carriers/endicia': { account_id: ENDICIA.account_id } });

    const run = await harness.run({});

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('CarrierConnectionFailed');
    expect(run.cause).toMatch(/endicia/);
    expect(run.cause).toMatch(/pass_phrase/);
    expect(run.cause).not.toContain(ENDICIA.account_id);
    expect(harness.sandbox.state(STORE).methodsByZone[1]).toEqual([]);
  });

  it('retries rate-limited requests with the definition’s Retry and then succeeds', async () => {
    harness = await workflowHarness({
      faults: { rules: [{ kind: '429', times: 3, methods: ['GET'], path: /\/methods$/ }] },
    });

    const run = await harness.run({});

    expect(run.status).toBe('SUCCEEDED');
    const retried = run.events.filter((e) => e.type === 'StateRetried');
    expect(retried.length).toBeGreaterThanOrEqual(3);
    expect(harness.sandbox.requests.filter((r) => r.status === 429)).toHaveLength(3);
    expect(methodNamed('Flat Rate')).toBeDefined();
  });

  it('retries when the store quota is spent, honouring the window reset', async () => {
    harness = await workflowHarness({ quota: 4, windowMs: 200 });

    const run = await harness.run({}, { retryDelayMs: 150 });

    expect(run.status).toBe('SUCCEEDED');
    expect(harness.sandbox.requests.some((r) => r.status === 429)).toBe(true);
    expect(summaryOf(run.output).outcome).toBe('succeeded');
  });

  it('with rollback, a verification failure leaves the store exactly as it was before the run', async () => {
    harness = await workflowHarness({
      seed: {
        stores: [
          {
            hash: STORE,
            token: TOKEN,
            zones: [
              {
                id: 1,
                name: 'United States',
                type: 'country',
                locations: [{ country_iso2: 'US' }],
                methods: [
                  { name: 'Flat Rate', type: 'perorder', settings: { rate: 5 }, enabled: true },
                  { name: 'Legacy Rate', type: 'peritem', settings: { rate: 2 }, enabled: true },
                ],
              },
            ],
          },
        ],
      },
    });
    const before = harness.sandbox.state(STORE);
    const methodsBefore = methodsWithoutIds(harness.sandbox);
    const profile = {
      name: 'us-pruned',
      carriers: [{ id: 'endicia' }],
      prune: true,
      zones: [
        {
          match: { country: 'US' },
          methods: [
            {
              name: 'USPS',
              type: 'endicia',
              settings: { carrier_options: { delivery_services: ['Priority'] } },
            },
            { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } },
          ],
        },
      ],
    };
    const run = await harness.run(
      { profile, rollback: true },
      flatRateEditedBeforeVerify({ settings: { rate: 99 } }),
    );

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('VerificationMismatch');
    expect(run.cause).toContain('Flat Rate');
    expect(run.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Rollback')).toBe(true);
    expect(methodsWithoutIds(harness.sandbox)).toEqual(methodsBefore);
    expect(harness.sandbox.state(STORE).connections).toEqual(before.connections);
    expect(harness.sandbox.state(STORE).zones).toEqual(before.zones);
  });

  it('with rollback, a pruned carrier method comes back with the settings lists leave out', async () => {
    const royalMail = {
      name: 'Royal Mail',
      type: 'royalmail',
      enabled: true,
      settings: { carrier_options: { delivery_services: ['SpecialDelivery1pm', 'StandardFirstClass'] } },
    };
    harness = await workflowHarness({
      seed: {
        stores: [
          {
            hash: STORE,
            token: TOKEN,
            connections: [{ carrier_id: 'royalmail', connection: {} }],
            zones: [
              {
                id: 1,
                name: 'United Kingdom',
                type: 'country',
                locations: [{ country_iso2: 'GB' }],
                methods: [royalMail],
              },
            ],
          },
        ],
      },
    });
    const methodsBefore = methodsWithoutIds(harness.sandbox);
    const profile = {
      name: 'uk-flat',
      prune: true,
      zones: [
        {
          match: { country: 'GB' },
          methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 4 } }],
        },
      ],
    };

    const run = await harness.run(
      { profile, rollback: true },
      flatRateEditedBeforeVerify({ settings: { rate: 40 } }),
    );

    expect(run.status).toBe('FAILED');
    expect(methodsWithoutIds(harness.sandbox)).toEqual(methodsBefore);
    expect(methodNamed('Royal Mail')?.settings).toEqual(royalMail.settings);
  });

  it('without rollback, a failed run keeps its changes for a later run to finish', async () => {
    harness = await workflowHarness();

    const run = await harness.run({}, flatRateEditedBeforeVerify({ enabled: false }));

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('VerificationMismatch');
    expect(methodNamed('USPS')).toBeDefined();
    const next = await harness.run({});
    expect(next.status).toBe('SUCCEEDED');
    expect(methodNamed('Flat Rate')?.enabled).toBe(true);
  });
});
