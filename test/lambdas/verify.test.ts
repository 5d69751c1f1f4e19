import { afterEach, describe, expect, test } from 'vitest';
import { verifyZones } from '../../lambdas/operations/verify-zones.ts';
import { VerificationMismatch } from '../../lambdas/shipping/errors.ts';
import { describeMismatch } from '../../lambdas/shipping/index.ts';
import { RUN_ARTIFACT, type VerificationResult } from '../../lambdas/workflow-contract.ts';
import {
  type Fixture,
  resolve,
  runSteps,
  seedWithMethods,
  startFixture,
  staticProfile,
} from '../support/operations-fixture.ts';

let fixture: Fixture;
afterEach(() => fixture.close());

/** A store where US Flat Rate costs 5 instead of 7 and Per Item and Canada Flat are missing. */
const driftedSeed = () =>
  seedWithMethods({
    1: [{ id: 10, name: 'Flat Rate', type: 'perorder', settings: { rate: 5 } }],
    2: [],
    3: [],
  });

describe('verifyZones', () => {
  test('reports a store that matches its profile after an apply', async () => {
    fixture = await startFixture();
    const state = await runSteps(fixture.deps, await resolve(fixture.deps));
    expect(state.verification).toEqual({ ok: true, mismatches: 0, warnings: 0 });
  });

  test('returns the drift without throwing in verify mode', async () => {
    fixture = await startFixture({ seed: driftedSeed() });
    const state = await resolve(fixture.deps, { profile: staticProfile.name, mode: 'verify' });
    const outcome = await verifyZones.run({ state, executionId: 'run-1' }, fixture.deps);
    expect(outcome).toEqual({ ok: false, mismatches: 3, warnings: 0 });
    // The state gets the counts; the differences themselves are the run's `verification` artifact.
    const result = await fixture.deps.artifacts.get<VerificationResult>('run-1', RUN_ARTIFACT.verification);
    expect(result.ok).toBe(false);
    expect(result.mismatches.map((m) => [m.kind, m.name]).sort()).toEqual([
      ['different', 'Flat Rate'],
      ['missing', 'Canada Flat'],
      ['missing', 'Per Item'],
    ]);
  });

  test('fails an apply with VerificationMismatch listing every difference', async () => {
    fixture = await startFixture({ seed: driftedSeed() });
    const state = await resolve(fixture.deps, { profile: staticProfile.name, mode: 'apply' });
    const error = (await verifyZones
      .run({ state, executionId: 'run-1' }, fixture.deps)
      .catch((e: unknown) => e)) as VerificationMismatch | undefined;
    expect(error).toBeInstanceOf(VerificationMismatch);
    expect(error?.mismatches).toHaveLength(3);
    for (const mismatch of (error?.mismatches ?? []) as Parameters<typeof describeMismatch>[0][]) {
      expect(error?.message).toContain(describeMismatch(mismatch));
    }
    expect(error?.message).toMatch(/^Store sandbox does not match profile static-profile/);
  });

  test('writes nothing', async () => {
    fixture = await startFixture({ seed: driftedSeed() });
    const state = await resolve(fixture.deps, { profile: staticProfile.name, mode: 'verify' });
    await verifyZones.run({ state, executionId: 'run-1' }, fixture.deps);
    expect(fixture.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
