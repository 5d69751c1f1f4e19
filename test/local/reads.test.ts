/**
 * What a run reads from the store, counted in the sandbox's request log: an in-sync apply reads the store,
 * the zone list and each zone's methods once (the tight lower bound: nothing else carries information), and
 * Verify after an apply reads back only the zones the apply wrote to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../lambdas/workflow-contract.ts';
import { type WorkflowHarness, workflowHarness, writesIn } from '../support/local-workflow.ts';
import { seedWithMethods } from '../support/operations-fixture.ts';

let harness: WorkflowHarness;
afterEach(async () => {
  await harness?.close();
});

/** The sandbox's default store has three zones: United States (1), Canada (2), Rest of World (3). */
const threeZoneProfile = (canadaRate: number) => ({
  name: 'three-zones',
  units: { currency: 'USD' },
  zones: [
    { match: { id: 1 }, methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }] },
    { match: { id: 2 }, methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: canadaRate } }] },
    {
      match: { id: 3 },
      methods: [
        { name: 'Per Item', type: 'peritem', settings: { rate: 2 } },
        { name: 'Flat Rate', type: 'perorder', settings: { rate: 25 } },
      ],
    },
  ],
});

/** The tight lower bound of a run that writes nothing: the store, the zone list and each zone's methods, sorted. */
const ONE_READ_EACH = [
  'GET /shipping/zones',
  'GET /shipping/zones/1/methods',
  'GET /shipping/zones/2/methods',
  'GET /shipping/zones/3/methods',
  'GET /store',
];

const requestLine = (request: { method: string; path: string }) =>
  `${request.method} ${request.path.replace(/^\/stores\/[^/]+\/v2/, '')}`;

describe('reads of an Onboard run', () => {
  it('an in-sync apply of a 3-zone profile reads the store, the zone list and each zone once: 1 + 1 + 3', async () => {
    harness = await workflowHarness();
    expect((await harness.run({ profile: threeZoneProfile(9) })).status).toBe('SUCCEEDED');
    harness.sandbox.clearLog();

    const run = await harness.run({ profile: threeZoneProfile(9) });

    expect((run.output as RunSummary).outcome).toBe('in-sync');
    // Standard workflows are billed per state transition: at most 10 plus one per zone (no Pass per zone, and
    // no state in front of ResolveZones: only a webhook run waits, and it pays for its own wait).
    expect(run.events.filter((event) => event.type === 'StateEntered')).toHaveLength(10 + 3);
    expect(harness.sandbox.requests.map(requestLine).sort()).toEqual(ONE_READ_EACH);
  });

  it('Verify after an apply reads back only the zone it wrote to', async () => {
    harness = await workflowHarness();
    expect((await harness.run({ profile: threeZoneProfile(9) })).status).toBe('SUCCEEDED');
    harness.sandbox.clearLog();

    const run = await harness.run({ profile: threeZoneProfile(11) });

    expect((run.output as RunSummary).outcome).toBe('succeeded');
    expect(writesIn(harness.sandbox).map(requestLine)).toEqual([
      expect.stringMatching(/^PUT \/shipping\/zones\/2\/methods\/\d+$/),
    ]);
    const reads = harness.sandbox.requests.filter((request) => request.method === 'GET').map(requestLine);
    expect(reads.filter((line) => line === 'GET /shipping/zones/2/methods')).toHaveLength(2);
    expect(reads.filter((line) => /zones\/[13]\/methods/.test(line))).toHaveLength(2);
    expect(reads).toHaveLength(1 + 1 + 3 + 1);
  });

  it('a verify run reads every zone, and finds drift in a zone no apply touched', async () => {
    harness = await workflowHarness();
    expect((await harness.run({ profile: threeZoneProfile(9) })).status).toBe('SUCCEEDED');
    harness.sandbox.clearLog();

    const run = await harness.run({ profile: threeZoneProfile(10), mode: 'verify' });

    expect((run.output as RunSummary).outcome).toBe('drifted');
    expect(harness.sandbox.requests.map(requestLine).sort()).toEqual(ONE_READ_EACH);
  });

  // BigCommerce lists royalmail, canadapost and auspost methods with `settings: {}` (REFERENCE.md §1.5).
  const royalMail = {
    name: 'Royal Mail',
    type: 'royalmail',
    enabled: true,
    settings: { carrier_options: { delivery_services: ['Express24'] } },
  };
  const storeWithRoyalMail = () =>
    seedWithMethods(
      {
        1: [
          { id: 41, name: 'Flat Rate', type: 'perorder', enabled: true, settings: { rate: 7 } },
          { id: 42, ...royalMail },
        ],
        2: [{ id: 43, name: 'Flat Rate', type: 'perorder', enabled: true, settings: { rate: 9 } }],
        3: [
          { id: 44, name: 'Per Item', type: 'peritem', enabled: true, settings: { rate: 2 } },
          { id: 45, name: 'Flat Rate', type: 'perorder', enabled: true, settings: { rate: 25 } },
        ],
      },
      { connections: [{ carrier_id: 'royalmail' }] },
    );

  it('a carrier method listed without settings costs no extra read when the profile does not manage it', async () => {
    harness = await workflowHarness({ seed: storeWithRoyalMail() });

    const run = await harness.run({ profile: threeZoneProfile(9) });

    expect((run.output as RunSummary).outcome).toBe('in-sync');
    expect(harness.sandbox.requests.map(requestLine).sort()).toEqual(ONE_READ_EACH);
  });

  it('a managed carrier method listed without settings is read once on its own', async () => {
    harness = await workflowHarness({ seed: storeWithRoyalMail() }, { 'bcship/carriers/royalmail': {} });
    const [unitedStates, ...otherZones] = threeZoneProfile(9).zones;
    const profile = {
      ...threeZoneProfile(9),
      carriers: [{ id: 'royalmail' }],
      zones: [{ ...unitedStates, methods: [...(unitedStates?.methods ?? []), royalMail] }, ...otherZones],
    };
    // The first run connects the carrier (BigCommerce cannot say it is connected); the second is in sync.
    expect((await harness.run({ profile })).status).toBe('SUCCEEDED');
    harness.sandbox.clearLog();

    const run = await harness.run({ profile });

    expect((run.output as RunSummary).outcome).toBe('in-sync');
    expect(harness.sandbox.requests.map(requestLine).sort()).toEqual([
      'GET /shipping/zones',
      'GET /shipping/zones/1/methods',
      'GET /shipping/zones/1/methods/42',
      'GET /shipping/zones/2/methods',
      'GET /shipping/zones/3/methods',
      'GET /store',
    ]);
  });
});
