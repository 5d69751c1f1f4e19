/**
 * The synthesized Onboard state machine, executed locally with the real operations against the sandbox:
 * the acceptance behaviours of the workflow, end to end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunSummary, STORE_LEASE_SECONDS, type ZoneTaskInput } from '../../lambdas/workflow-contract.ts';
import { defaultExecutionName, type EventLog, type LocalExecution } from '../../local/runner.ts';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import {
  ENDICIA,
  methodsWithoutIds,
  STORE,
  TOKEN,
  type WorkflowHarness,
  workflowHarness,
  writesIn,
} from '../support/local-workflow.ts';

let harness: WorkflowHarness;

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
      units: { currency: 'USD' },
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
      units: { currency: 'USD' },
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
      units: { currency: 'USD' },
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

  it('with rollback, a carrier connected before the run stays connected, with the fields the run sent', async () => {
    // The first method POST fails on every attempt, so the run fails after connecting and rolls back. The
    // terminal 400 fault of the acceptance comes with the sandbox's new fault kinds; a 503 that
    // outlasts the retries fails the run the same way.
    harness = await workflowHarness({
      seed: {
        stores: [
          {
            hash: STORE,
            token: TOKEN,
            connections: [
              { carrier_id: 'endicia', connection: { account_id: 'old', pass_phrase: 'old-phrase' } },
            ],
          },
        ],
      },
      faults: { rules: [{ kind: '503', times: 50, methods: ['POST'], path: /\/methods$/ }] },
    });

    const run = await harness.run({ rollback: true });

    expect(run.status).toBe('FAILED');
    expect(run.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Rollback')).toBe(true);
    const connectionWrites = writesIn(harness.sandbox)
      .filter((r) => r.path.endsWith('/shipping/carrier/connection'))
      .map((r) => `${r.method} ${r.status}`);
    expect(connectionWrites).toEqual(['PUT 204']);
    expect(harness.sandbox.state(STORE).connections).toEqual({ endicia: ENDICIA });
  });

  it('with rollback, a carrier the run connected is disconnected again', async () => {
    harness = await workflowHarness({
      faults: { rules: [{ kind: '503', times: 50, methods: ['POST'], path: /\/methods$/ }] },
    });

    const run = await harness.run({ rollback: true });

    expect(run.status).toBe('FAILED');
    const connectionWrites = writesIn(harness.sandbox)
      .filter((r) => r.path.endsWith('/shipping/carrier/connection'))
      .map((r) => `${r.method} ${r.status}`);
    expect(connectionWrites).toEqual(['PUT 400', 'POST 204', 'DELETE 204']);
    expect(harness.sandbox.state(STORE).connections).toEqual({});
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

/**
 * US (zone 1) gets two static methods; Canada (zone 2) a USPS method through endicia, which the registry
 * records as connected while the store no longer has it connected: BigCommerce refuses that method, so
 * Canada fails on its first write, terminally.
 */
const twoZones = {
  name: 'two-zones',
  units: { currency: 'USD' },
  carriers: [{ id: 'endicia' }],
  zones: [
    {
      match: { country: 'US' },
      methods: [
        { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } },
        { name: 'Per Item', type: 'peritem', settings: { rate: 2 } },
      ],
    },
    {
      match: { name: 'Canada' },
      methods: [
        {
          name: 'USPS',
          type: 'endicia',
          settings: { carrier_options: { delivery_services: ['Priority'] } },
        },
      ],
    },
  ],
};

async function registryBelievesEndiciaConnected() {
  await harness.registry.stores.registerStore(STORE, 'us-standard');
  await harness.registry.stores.markCarriersConnected(STORE, ['endicia']);
}

/**
 * Run options under which the United States zone is slow: its iteration starts only once Canada's iteration
 * has ended, or once the run has moved on to Rollback or RecordFailure without waiting for it (a Map that
 * gave up on it), and then writes while they run.
 */
function unitedStatesSlowerThanCanada() {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    onEvent: (event: EventLog) => {
      if (event.type === 'MapIterationSucceeded' && event.index === 1) release();
    },
    beforeTask: async (state: string, input: unknown) => {
      if (state === 'Rollback' || state === 'RecordFailure') release();
      if (state === 'ApplyZoneMethods' && (input as ZoneTaskInput).zone.zoneId === 1) await released;
    },
  };
}

/** Resolves once the sandbox has created `count` methods in the United States zone. */
function unitedStatesCreates(count: number) {
  let created = 0;
  let done = () => {};
  const written = new Promise<void>((resolve) => {
    done = resolve;
  });
  const onRequest = (entry: RequestLogEntry) => {
    if (entry.method === 'POST' && /\/zones\/1\/methods$/.test(entry.path) && ++created === count) done();
  };
  return { written, onRequest };
}

describe('a run whose recording fails', () => {
  it('retries a recording the registry throttled, and succeeds', async () => {
    harness = await workflowHarness();
    let attempts = 0;

    const run = await harness.run(
      {},
      {
        beforeTask: (state) => {
          if (state !== 'Record' || attempts++ > 0) return;
          throw Object.assign(new Error('The level of configured provisioned throughput was exceeded'), {
            name: 'ProvisionedThroughputExceededException',
          });
        },
      },
    );

    expect(run.status).toBe('SUCCEEDED');
    expect(attempts).toBe(2);
    expect(run.events.filter((e) => e.type === 'StateRetried' && e.state.name === 'Record')).toHaveLength(1);
  });

  it('keeps the verified changes even with rollback, records the failure and frees the store', async () => {
    harness = await workflowHarness();

    const run = await harness.run(
      { rollback: true },
      {
        beforeTask: (state) => {
          if (state === 'Record') throw new Error('The registry is unavailable');
        },
      },
    );

    expect(run.status).toBe('FAILED');
    expect(run.cause).toContain('The registry is unavailable');
    expect(run.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Rollback')).toBe(false);
    expect(methodNamed('USPS')).toBeDefined();
    expect(methodNamed('Flat Rate')?.settings).toEqual({ rate: 7 });
    expect(harness.events.published.map((e) => e.detailType)).toEqual(['bcship.run.failed']);
    expect(harness.registry.file.contents().leases).toEqual({});
  });
});

describe('a zone that fails while another is still writing', () => {
  it('with rollback, leaves the store exactly as it was, the slower zone’s writes included', async () => {
    const usCreates = unitedStatesCreates(2);
    harness = await workflowHarness({ onRequest: usCreates.onRequest });
    await registryBelievesEndiciaConnected();
    const methodsBefore = methodsWithoutIds(harness.sandbox);

    const run = await harness.run({ profile: twoZones, rollback: true }, unitedStatesSlowerThanCanada());
    await usCreates.written;

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('BigCommerceRejected');
    expect(run.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Rollback')).toBe(true);
    expect(methodsWithoutIds(harness.sandbox)).toEqual(methodsBefore);
  });

  it('without rollback, fails with the zone’s own error once the other zone has finished all its changes', async () => {
    harness = await workflowHarness();
    await registryBelievesEndiciaConnected();

    const run = await harness.run({ profile: twoZones }, unitedStatesSlowerThanCanada());

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('BigCommerceRejected');
    expect(run.cause).toMatch(/endicia/);
    expect(methodsWithoutIds(harness.sandbox)[1]?.map((m) => m.name)).toEqual(['Flat Rate', 'Per Item']);
    expect(harness.sandbox.state(STORE).methodsByZone[2]).toEqual([]);
  });
});

describe('one store, one applying execution at a time', () => {
  it('a second apply while the first is changing the store fails with StoreBusy, and one after it succeeds', async () => {
    harness = await workflowHarness();
    let second: LocalExecution | undefined;
    let holderDuringSecond: string | undefined;

    const first = await harness.run(
      {},
      {
        beforeTask: async (state) => {
          if (state !== 'Verify' || second) return;
          second = await harness.run({});
          holderDuringSecond = harness.registry.file.contents().leases[STORE]?.executionId;
        },
      },
    );

    expect(second?.status).toBe('FAILED');
    expect(second?.error).toBe('StoreBusy');
    expect(second?.events.filter((e) => e.type === 'StateRetried')).toHaveLength(6);
    expect(holderDuringSecond).toBe(first.executionName);
    expect(first.status).toBe('SUCCEEDED');
    expect(summaryOf(first.output).outcome).toBe('succeeded');
    const third = await harness.run({});
    expect(third.status).toBe('SUCCEEDED');
    expect(summaryOf(third.output).outcome).toBe('in-sync');
  });

  it('a lease left by an execution that died lapses, and then the store is applied', async () => {
    let now = new Date('2026-11-22T10:00:00.000Z');
    harness = await workflowHarness({}, undefined, { registryNow: () => now });
    await harness.registry.leases.acquire(STORE, 'died-while-applying', STORE_LEASE_SECONDS);

    const blocked = await harness.run({});
    expect(blocked.error).toBe('StoreBusy');
    expect(writesIn(harness.sandbox)).toEqual([]);
    now = new Date(now.getTime() + (STORE_LEASE_SECONDS + 1) * 1000);
    const later = await harness.run({});

    expect(later.status).toBe('SUCCEEDED');
    expect(summaryOf(later.output).outcome).toBe('succeeded');
  });
});

describe('the store registration', () => {
  it('registers the store with the deployed profile once an apply succeeded, with the carrier it connected', async () => {
    harness = await workflowHarness();

    const run = await harness.run({});

    expect(run.status).toBe('SUCCEEDED');
    expect(await harness.registry.stores.getStore(STORE)).toMatchObject({
      profileName: 'us-standard',
      connectedCarriers: ['endicia'],
      lastRun: { executionId: run.executionName, outcome: 'succeeded' },
    });
  });

  it('registers nothing when the apply fails and is rolled back, though it had connected the carrier', async () => {
    harness = await workflowHarness();

    const run = await harness.run({ rollback: true }, flatRateEditedBeforeVerify({ settings: { rate: 99 } }));

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('VerificationMismatch');
    expect(await harness.registry.stores.getStore(STORE)).toBeUndefined();
    expect(await harness.registry.stores.listStores()).toEqual([]);
  });

  it('registers a store later with the carrier a failed apply connected, without connecting it again', async () => {
    harness = await workflowHarness();
    const failed = await harness.run({}, flatRateEditedBeforeVerify({ settings: { rate: 99 } }));
    expect(failed.error).toBe('VerificationMismatch');
    expect(await harness.registry.stores.getStore(STORE)).toBeUndefined();

    const later = await harness.run({});

    expect(later.status).toBe('SUCCEEDED');
    expect(summaryOf(later.output).changes.map((change) => change.kind)).not.toContain('connect-carrier');
    expect(await harness.registry.stores.getStore(STORE)).toMatchObject({
      profileName: 'us-standard',
      connectedCarriers: ['endicia'],
    });
  });

  it('keeps a registered store on its profile when an apply of another profile fails', async () => {
    harness = await workflowHarness();
    await harness.registry.stores.registerStore(STORE, 'multi-zone');

    const run = await harness.run({}, flatRateEditedBeforeVerify({ settings: { rate: 99 } }));

    expect(run.status).toBe('FAILED');
    expect((await harness.registry.stores.getStore(STORE))?.profileName).toBe('multi-zone');
  });
});

describe('a verify run while an apply is changing the store', () => {
  it('waits for the apply instead of reporting the half-applied store as drifted, and fails StoreBusy if it never ends', async () => {
    harness = await workflowHarness();
    let verifying: LocalExecution | undefined;

    const applying = await harness.run(
      {},
      {
        beforeTask: async (state) => {
          if (state !== 'ApplyZoneMethods' || verifying) return;
          verifying = await harness.run({ mode: 'verify' });
        },
      },
    );

    expect(applying.status).toBe('SUCCEEDED');
    expect(verifying?.status).toBe('FAILED');
    expect(verifying?.error).toBe('StoreBusy');
    expect(verifying?.events.filter((e) => e.type === 'StateRetried')).toHaveLength(6);
    expect(harness.events.published.map((e) => e.detailType)).not.toContain('bcship.run.drifted');
    const after = await harness.run({ mode: 'verify' });
    expect(summaryOf(after.output).outcome).toBe('in-sync');
  });
});

describe('a store hash given in upper case', () => {
  it('names the same store, so its apply waits for one holding the lower-case store', async () => {
    harness = await workflowHarness();
    await harness.registry.leases.acquire(STORE, 'applying-lower-case', STORE_LEASE_SECONDS);

    const upper = await harness.run({ storeHash: STORE.toUpperCase() });

    expect(upper.error).toBe('StoreBusy');
    expect(writesIn(harness.sandbox)).toEqual([]);
    await harness.registry.leases.release(STORE, 'applying-lower-case');
    const later = await harness.run({ storeHash: STORE.toUpperCase() });
    expect(later.status).toBe('SUCCEEDED');
    expect((await harness.registry.stores.listStores()).map((store) => store.storeHash)).toEqual([STORE]);
    expect(harness.registry.file.contents().leases).toEqual({});
  });
});

describe('local execution names', () => {
  const input = { storeHash: STORE, profile: 'us-standard' };
  const at = new Date('2026-11-22T10:00:00.123Z');

  it('tell apart runs started in the same second', () => {
    const later = new Date(at.getTime() + 1);
    expect(defaultExecutionName(input, at, 'a000')).not.toBe(defaultExecutionName(input, later, 'a000'));
  });

  it('tell apart runs started in the same millisecond by their random suffix', () => {
    expect(defaultExecutionName(input, at, 'a000')).not.toBe(defaultExecutionName(input, at, 'b000'));
    expect(defaultExecutionName(input, at)).not.toBe(defaultExecutionName(input, at));
  });

  it('keep the time and the whole suffix within the 80 characters Step Functions allows', () => {
    const longest = { ...input, storeHash: 'a'.repeat(28), mode: 'verify' as const };
    const name = defaultExecutionName(longest, at, 'zz99');
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(name.endsWith('-local261122100000123zz99')).toBe(true);
  });
});
