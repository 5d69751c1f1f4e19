/**
 * No false drift: a verify whose ResolveZones found the store free, and whose reads then meet an apply that
 * started in between, never reports the half-applied store as drifted. It waits for the apply (StoreBusy) and,
 * busy past its wait, ends `busy`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary, ZoneTaskInput } from '../../lambdas/workflow-contract.ts';
import { type WorkflowHarness, workflowHarness } from '../support/local-workflow.ts';

let harness: WorkflowHarness;
afterEach(async () => {
  await harness?.close();
});

const RACES = 6;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * A verify of multi-zone that, between its ResolveZones and its Verify, lets an apply start and write the US
 * zone, and holds that apply before the Canada zone: the verify then reads a half-applied store.
 */
async function verifyDuringApply() {
  harness = await workflowHarness();
  let letApplyFinish!: () => void;
  const applyHeld = new Promise<void>((resolve) => {
    letApplyFinish = resolve;
  });
  let apply: ReturnType<WorkflowHarness['run']> | undefined;
  const usZoneWritten = () => (harness.sandbox.state('sandbox').methodsByZone[1]?.length ?? 0) >= 2;

  const verify = await harness.run(
    { profile: 'multi-zone', mode: 'verify' },
    {
      executionName: 'verify-run',
      beforeTask: async (state) => {
        if (state !== 'Verify' || apply !== undefined) return;
        apply = harness.run(
          { profile: 'multi-zone', mode: 'apply' },
          {
            executionName: 'apply-run',
            beforeTask: async (applyState, input) => {
              if (applyState === 'ApplyZoneMethods' && (input as ZoneTaskInput).zone.zoneId === 2)
                await applyHeld;
            },
          },
        );
        await until(usZoneWritten);
      },
    },
  );
  letApplyFinish();
  return { verify, apply: await apply! };
}

describe('verify during an apply', () => {
  it(`reports no drift in ${RACES} of ${RACES} forced races: the verify ends busy, the apply succeeds`, async () => {
    let driftReports = 0;
    let busy = 0;
    for (let race = 0; race < RACES; race++) {
      const { verify, apply } = await verifyDuringApply();
      const published = harness.events.published.map((event) => event.detailType);
      driftReports += published.filter((type) => type === 'bcship.run.drifted').length;
      if (verify.error === 'StoreBusy' && published.includes('bcship.run.busy')) busy++;
      expect((apply.output as RunSummary).outcome).toBe('succeeded');
      expect(verify.cause).toMatch(/being changed by execution apply-run \(holding its lease since /);
      await harness.close();
    }

    expect(driftReports).toBe(0);
    expect(busy).toBe(RACES);
  });

  it('records the busy verify as busy, not as drift or failure, in the registry', async () => {
    await verifyDuringApply();

    const history = harness.registry.file.load().runs.filter((run) => run.mode === 'verify');
    expect(history.map((run) => run.outcome)).toEqual(['busy']);
  });
});
