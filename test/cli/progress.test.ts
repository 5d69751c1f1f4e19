/**
 * What the live progress says of real local runs: a failed step is shown failed with its error, zones are
 * named by name and id, and a plan never says anything succeeded or was made.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionProgress } from '../../cli/progress.ts';
import { interruptedReport } from '../../cli/run.ts';
import { signalsFromLocalEvents } from '../../cli/signals.ts';
import type { Mode } from '../../lambdas/workflow-contract.ts';
import type { LocalExecution } from '../../local/runner.ts';
import { type WorkflowHarness, workflowHarness } from '../support/local-workflow.ts';

let harness: WorkflowHarness;
afterEach(async () => {
  await harness?.close();
});

/** The progress a run's events leave behind, step by step. */
function progressOf(run: LocalExecution, mode: Mode) {
  const progress = new ExecutionProgress(mode);
  const toSignals = signalsFromLocalEvents();
  for (const event of run.events) for (const signal of toSignals(event)) progress.signal(signal);
  return Object.fromEntries(progress.steps().map((step) => [step.title, step]));
}

describe('progress of a run', () => {
  it('shows a failed ResolveZones as failed with its error, never as done', async () => {
    harness = await workflowHarness();
    const profile = {
      name: 'atlantis',
      units: { currency: 'USD' },
      zones: [
        { match: { name: 'Atlantis' }, methods: [{ name: 'Flat', type: 'perorder', settings: { rate: 5 } }] },
      ],
    };

    const steps = progressOf(await harness.run({ profile }), 'apply');

    expect(steps['Resolve zones']?.outcome).toBe('failed');
    expect(steps['Resolve zones']?.error).toMatch(/^UnknownZone: .*Atlantis/);
    expect(steps.Verify?.outcome).toBe('skipped');
  });

  it('names a zone whose writes failed by name and id, and fails the step with its error', async () => {
    harness = await workflowHarness({
      faults: { rules: [{ kind: '422', methods: ['POST'], path: /\/zones\/2\/methods$/, times: 100 }] },
    });

    const steps = progressOf(await harness.run({ profile: 'multi-zone' }), 'apply');
    const apply = steps['Apply zone methods']!;

    expect(apply.outcome).toBe('failed');
    expect(apply.error).toMatch(/1 zone\(s\) failed: Canada \(zone 2\)/);
    expect(apply.notes).toContainEqual(expect.stringMatching(/^✖ Canada \(zone 2\): BigCommerceRejected/));
    expect(apply.notes).toContainEqual('United States (zone 1): 2 change(s) made');
    expect(apply.notes.join('\n')).not.toContain('succeeded');
  });

  it('a plan says what each zone would change and never that anything succeeded', async () => {
    harness = await workflowHarness();

    const steps = progressOf(await harness.run({ profile: 'multi-zone', mode: 'plan' }), 'plan');
    const plan = steps['Plan zone methods']!;

    expect(plan.outcome).toBe('done');
    expect(plan.notes).toEqual([
      'United States (zone 1): 2 change(s) to make',
      'Canada (zone 2): 1 change(s) to make',
      'Rest of World (zone 3): 1 change(s) to make',
    ]);
    expect(JSON.stringify(steps)).not.toMatch(/succeeded|made/);
  });
});

describe('the report of an interrupted run', () => {
  it('lists what was done, where it stopped, and that running the command again finishes it', () => {
    const progress = new ExecutionProgress('apply');
    progress.signal({ kind: 'entered', state: 'ResolveZones' });
    progress.signal({ kind: 'exited', state: 'ResolveZones' });
    progress.signal({ kind: 'entered', state: 'ApplyZones' });

    const report = interruptedReport(progress.steps(), 'SIGTERM');

    expect(report).toContain('Interrupted (SIGTERM).');
    expect(report).toContain('Done: Resolve zones.');
    expect(report).toContain('Stopped during: Apply zone methods');
    expect(report).toContain('Run the same command again to finish');
  });
});
