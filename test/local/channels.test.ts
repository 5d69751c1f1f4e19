/**
 * Methods of one name on several channels, end to end: the synthesized state machine run locally against the
 * sandbox. A profile manages the copy on its channels and leaves the others alone unless it prunes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../lambdas/workflow-contract.ts';
import type { SandboxOptions } from '../../sandbox/index.ts';
import { STORE, TOKEN, type WorkflowHarness, workflowHarness, writesIn } from '../support/local-workflow.ts';

let harness: WorkflowHarness;

afterEach(async () => {
  await harness?.close();
});

const summaryOf = (output: unknown) => output as RunSummary;

const standard = (channel: number, rate: number) => ({
  name: 'Standard',
  type: 'perorder',
  enabled: true,
  settings: { rate },
  channel_ids: [channel],
});

const seedWith = (...methods: ReturnType<typeof standard>[]): SandboxOptions['seed'] => ({
  stores: [
    {
      hash: STORE,
      token: TOKEN,
      channels: [1, 2],
      zones: [
        { id: 1, name: 'United States', type: 'country', locations: [{ country_iso2: 'US' }], methods },
      ],
    },
  ],
});

const profileManaging = (prune: boolean, ...methods: ReturnType<typeof standard>[]) => ({
  name: 'per-channel',
  units: { currency: 'USD' },
  prune,
  zones: [{ match: { country: 'US' }, methods }],
});

/** Zone 1's methods as `rate on [channels]`, by channel. */
const standards = () =>
  (harness.sandbox.state(STORE).methodsByZone[1] ?? [])
    .map((method) => `${String(method.settings.rate)} on [${method.channel_ids.join(',')}]`)
    .sort();

describe('a method of one name on several channels', () => {
  it("updates the profile's channel, keeps the other channel's, and then has nothing to do", async () => {
    harness = await workflowHarness({ seed: seedWith(standard(1, 5), standard(2, 7)) });
    const profile = profileManaging(false, standard(1, 6));

    const apply = await harness.run({ profile });

    expect(apply.status).toBe('SUCCEEDED');
    expect(summaryOf(apply.output).changes.map((change) => change.kind)).toEqual(['update-method']);
    expect(standards()).toEqual(['6 on [1]', '7 on [2]']);

    harness.sandbox.clearLog();
    const again = await harness.run({ profile });
    expect(summaryOf(again.output).outcome).toBe('in-sync');
    expect(writesIn(harness.sandbox)).toEqual([]);

    const verify = await harness.run({ profile, mode: 'verify' });
    expect(summaryOf(verify.output).outcome).toBe('in-sync');
    expect(summaryOf(verify.output).mismatches).toEqual([]);
  });

  it('deletes the other channel’s method only when the profile prunes', async () => {
    harness = await workflowHarness({ seed: seedWith(standard(1, 5), standard(2, 7)) });

    const run = await harness.run({ profile: profileManaging(true, standard(1, 6)) });

    expect(run.status).toBe('SUCCEEDED');
    expect(standards()).toEqual(['6 on [1]']);
  });

  it('leaves a duplicate without prune and reports it as a warning', async () => {
    harness = await workflowHarness({ seed: seedWith(standard(1, 5), standard(1, 5)) });
    const [kept, extra] = harness.sandbox.state(STORE).methodsByZone[1]!.map((method) => method.id);
    const profile = profileManaging(false, standard(1, 6));

    const apply = await harness.run({ profile });

    expect(apply.status).toBe('SUCCEEDED');
    expect(standards()).toEqual(['5 on [1]', '6 on [1]']);
    const warning =
      `duplicate: zone United States has 2 methods "Standard" (perorder) on channels [1]; ` +
      `bcship manages id ${kept} and leaves id ${extra}`;
    expect(summaryOf(apply.output).warnings).toEqual([warning]);

    const verify = await harness.run({ profile, mode: 'verify' });
    expect(summaryOf(verify.output).outcome).toBe('in-sync');
    expect(summaryOf(verify.output).warnings).toEqual([warning]);

    const pruned = await harness.run({ profile: profileManaging(true, standard(1, 6)) });
    expect(pruned.status).toBe('SUCCEEDED');
    expect(standards()).toEqual(['6 on [1]']);
    expect(summaryOf(pruned.output).warnings).toEqual([]);
  });

  it('with rollback, undoing a create on one channel leaves the same name on another channel', async () => {
    harness = await workflowHarness({ seed: seedWith(standard(2, 7)) });
    const run = await harness.run(
      { profile: profileManaging(false, standard(1, 6)), rollback: true },
      {
        beforeTask: async (state: string) => {
          if (state === 'Verify') throw new Error('verification unavailable');
        },
      },
    );

    expect(run.status).toBe('FAILED');
    expect(standards()).toEqual(['7 on [2]']);
  });
});
