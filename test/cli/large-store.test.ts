/**
 * A large store through the CLI and the synthesized state machine on the sandbox: a profile of 200 declared zones,
 * each with 10 range methods of 10 ranges. Plan, onboard, verify and plan again all succeed, every change,
 * verified method and difference is printed from the run's report, and no state of any run (any state's or
 * task's input or output, the execution's input or output) reaches 64 KB: the runner measures each one.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../lambdas/workflow-contract.ts';
import type { LocalExecution } from '../../local/runner.ts';
import { cliFixture } from '../support/cli-harness.ts';
import { LARGE_STORE, largeProfile } from '../support/large-profile.ts';

vi.mock('../../lib/asl.ts', async (importOriginal) =>
  (await import('../support/synthesized-asl.ts')).withSynthesizedAsl(await importOriginal()),
);

/** Every execution the CLI ran, as the runner reported it (its largest payload included). */
const executions = vi.hoisted(() => [] as LocalExecution[]);
vi.mock('../../local/runner.ts', async (importOriginal) => {
  const runner = await importOriginal<typeof import('../../local/runner.ts')>();
  return {
    ...runner,
    runOnboardLocally: async (...args: Parameters<typeof runner.runOnboardLocally>) => {
      const execution = await runner.runOnboardLocally(...args);
      executions.push(execution);
      return execution;
    },
  };
});

/** The goal for the largest state: a quarter of Step Functions' 256 KB limit. */
const STATE_GOAL_BYTES = 64 * 1024;

const fixture = cliFixture('bcship-large-');
const { bcship } = fixture;

/** The largest payload of the executions run since `from`, and where it was. */
const largestSince = (from: number) =>
  executions
    .slice(from)
    .map((execution) => execution.largestPayload)
    .reduce((a, b) => (b.bytes > a.bytes ? b : a));

describe('a profile of 200 zones × 10 methods × 10 ranges', () => {
  it('plans, onboards, verifies and plans again, every state under 64 KB', { timeout: 300_000 }, async () => {
    // A quota no run of this test exhausts: on Standard's 150 requests per 30 s the store would be paced for
    // some ten minutes, which is what rate limiting is about, not the size of a run.
    const sandbox = await fixture.start({ quota: 1_000_000 });
    const profile = fixture.file('large-store.json', [JSON.stringify(largeProfile())]);
    const methods = LARGE_STORE.zones * LARGE_STORE.methods;
    const changes = LARGE_STORE.zones + methods;

    const plan = await bcship(`plan --local --profile ${profile}`);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain(`${changes} change(s) would be made:`);
    // Every change is printed, the last zone's last method too: the CLI reads the run's whole report.
    expect(plan.out.match(/^ {2}\+ create {2}Zip \d+ \/ /gm)).toHaveLength(methods);
    expect(plan.out.match(/^ {2}\+ create {2}zone Zip \d+$/gm)).toHaveLength(LARGE_STORE.zones);
    expect(plan.out).toContain('+ create  Zip 10199 / By total 10');
    expect(largestSince(0).bytes).toBeLessThan(STATE_GOAL_BYTES);

    const before = executions.length;
    const onboard = await bcship(`onboard --local --profile ${profile}`);
    expect(onboard.code, onboard.err).toBe(0);
    expect(onboard.out).toContain(`${changes} change(s) made:`);
    const zones = sandbox.state('sandbox').zones.filter((zone) => zone.name.startsWith('Zip '));
    expect(zones).toHaveLength(LARGE_STORE.zones);
    const { methodsByZone } = sandbox.state('sandbox');
    expect(zones.map((zone) => methodsByZone[zone.id]?.length)).toEqual(zones.map(() => LARGE_STORE.methods));
    const applied = largestSince(before);
    expect(applied.bytes, applied.what).toBeLessThan(STATE_GOAL_BYTES);

    const verifying = executions.length;
    const verify = await bcship(`verify --local --profile ${profile}`);
    expect(verify.code, verify.err).toBe(0);
    expect(verify.out).toContain('The store matches the profile.');
    // One verification row per method: the table comes from the whole report as well.
    expect(verify.out.match(/^Zip \d+ +By (weight|total) \d+ +(weight|total) +ok$/gm)).toHaveLength(methods);
    expect(largestSince(verifying).bytes).toBeLessThan(STATE_GOAL_BYTES);

    const replanning = executions.length;
    const replan = await bcship(`plan --local --profile ${profile}`);
    expect(replan.code, replan.err).toBe(0);
    expect(replan.out).toContain('No changes would be made: the store already matches the profile.');
    expect(largestSince(replanning).bytes).toBeLessThan(STATE_GOAL_BYTES);

    // The store loses every zone (back to its seed), and with them their methods: far more differences than
    // the execution output lists, and verify still prints each one, from the report.
    sandbox.reset();
    const drifting = executions.length;
    const drift = await bcship(`verify --local --profile ${profile}`);
    expect(drift.code).toBe(1);
    expect(drift.out).toContain(`Drift: ${changes} difference(s) between the store and the profile`);
    const zoneRows = drift.out.match(/^Zip \d+ +\(the zone itself\) +zone +missing +zone Zip \d+$/gm);
    expect(zoneRows).toHaveLength(LARGE_STORE.zones);
    const methodRows = drift.out.match(
      /^Zip \d+ +By (weight|total) \d+ +(weight|total) +missing +Zip \d+ \//gm,
    );
    expect(methodRows).toHaveLength(methods);
    const output = executions.at(-1)?.output as RunSummary;
    expect(output.counts.mismatches).toBe(changes);
    expect(output.mismatches.length).toBeLessThan(changes);
    expect(largestSince(drifting).bytes).toBeLessThan(STATE_GOAL_BYTES);
  });
});
