/**
 * Verify: reads every managed zone back and compares it with the profile. After an apply, a difference means
 * the store did not take a change as sent, and fails the run with the list of differences; in verify mode
 * the differences are the drift report, kept as the run's `verification` artifact (the state gets counts).
 */

import type { Deps } from '../platform/ports.ts';
import { VerificationMismatch } from '../shipping/errors.ts';
import { describeMismatch, normalizeZone, verifyZone } from '../shipping/index.ts';
import type { Mismatch, ResolvedZone } from '../shipping/types.ts';
import { verifyDeclaredZones } from '../shipping/zone-declarations.ts';
import {
  RUN_ARTIFACT,
  type RunState,
  type TaskInput,
  type VerificationOutcome,
  type VerificationResult,
} from '../workflow-contract.ts';
import { mapConcurrently } from './concurrency.ts';
import { VerifyTaskInputSchema, ZoneResultSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { readArtifact, readResolvedRun } from './run-artifacts.ts';
import { waitForNoApply } from './store-busy.ts';
import { observeZoneMethods } from './zone-methods.ts';

/** Step Functions caps an error cause at 32 768 characters; the full list stays on the error object. */
const MAX_LISTED_MISMATCHES = 50;

/**
 * Declared zones and, with `pruneZones`, zones no entry names: one list call. After an apply, only when
 * ResolveZones wrote a zone (otherwise it read them all a moment ago and found them in sync).
 */
async function zoneLevelMismatches(state: RunState, zones: ResolvedZone[], deps: Deps): Promise<Mismatch[]> {
  const { mode, storeHash, pruneZones } = state;
  if (!pruneZones && !zones.some((zone) => zone.declared)) return [];
  if (mode === 'apply' && state.zoneChanges === 0) return [];
  const client = await deps.bigcommerce(storeHash);
  const storeZones = (await client.listZones()).map((raw: unknown) => normalizeZone(raw));
  return verifyDeclaredZones(zones, storeZones, { pruneZones });
}

/**
 * The zones to read back, each with what is already known of it. After an apply, a zone whose iteration wrote
 * nothing was read by that iteration a moment ago (under the store's lease) and planned as in sync, which is
 * exactly verifying it: only the zones written to are read again; the others' warnings are in their artifacts.
 */
async function zonesToRead(
  input: VerifyInput,
  zones: ResolvedZone[],
  deps: Deps,
): Promise<{ toRead: ResolvedZone[]; knownWarnings: string[] }> {
  const { state, executionId } = input;
  if (state.mode !== 'apply') return { toRead: zones, knownWarnings: [] };
  const toRead: ResolvedZone[] = [];
  const knownWarnings: string[] = [];
  for (const [index, zone] of zones.entries()) {
    const outcome = state.applied[index];
    if (!outcome || outcome.failed || outcome.changes > 0) toRead.push(zone);
    else if (outcome.warnings > 0) {
      const key = RUN_ARTIFACT.zone(index);
      const result = await readArtifact(deps.artifacts, executionId, key, ZoneResultSchema);
      knownWarnings.push(...result.warnings);
    }
  }
  return { toRead, knownWarnings };
}

type VerifyInput = TaskInput<RunState> & { concurrency?: number };

async function run(input: VerifyInput, deps: Deps): Promise<VerificationOutcome> {
  const { storeHash, mode, profileName } = input.state;
  const { zones } = await readResolvedRun(deps.artifacts, input.executionId);
  const { toRead, knownWarnings } = await zonesToRead(input, zones, deps);
  // An apply of this store by another execution would be read half done, as drift: the lease is checked
  // where the reads happen, before and after them (StoreBusy: the state machine waits and verifies again), so
  // an apply holding the store at either moment is never reported as drift.
  await waitForNoApply(deps, storeHash, input.executionId);
  const { mismatches, warnings } = await compareZones(input, toRead, deps);
  mismatches.unshift(...(await zoneLevelMismatches(input.state, zones, deps)));
  await waitForNoApply(deps, storeHash, input.executionId);
  if (mismatches.length > 0 && mode === 'apply') {
    throw new VerificationMismatch(mismatchReport(storeHash, profileName, mismatches), mismatches);
  }
  const result: VerificationResult = {
    ok: mismatches.length === 0,
    mismatches,
    warnings: [...knownWarnings, ...warnings],
  };
  await deps.artifacts.put(input.executionId, RUN_ARTIFACT.verification, result);
  return { ok: result.ok, mismatches: mismatches.length, warnings: result.warnings?.length ?? 0 };
}

async function compareZones(
  input: VerifyInput,
  zones: ResolvedZone[],
  deps: Deps,
): Promise<{ mismatches: Mismatch[]; warnings: string[] }> {
  const mismatches: Mismatch[] = [];
  const warnings: string[] = [];
  if (zones.length === 0) return { mismatches, warnings };
  const client = await deps.bigcommerce(input.state.storeHash);
  // As many zones at once as the Map applies them: the same share of the store's quota.
  const verified = await mapConcurrently(zones, input.concurrency ?? 1, async (zone) =>
    verifyZone(zone, await observeZoneMethods(client, zone), { prune: input.state.prune }),
  );
  for (const zone of verified) {
    mismatches.push(...zone.mismatches);
    warnings.push(...zone.warnings);
  }
  return { mismatches, warnings };
}

export function mismatchReport(storeHash: string, profileName: string, mismatches: Mismatch[]): string {
  const listed = mismatches.slice(0, MAX_LISTED_MISMATCHES).map((m) => describeMismatch(m));
  const more = mismatches.length - listed.length;
  return (
    `Store ${storeHash} does not match profile ${profileName} after applying it ` +
    `(${mismatches.length} difference${mismatches.length === 1 ? '' : 's'}): ${listed.join('; ')}` +
    (more > 0 ? `; and ${more} more` : '')
  );
}

export const verifyZones = defineOperation({
  name: 'verify-zones',
  input: VerifyTaskInputSchema,
  // Reads every managed zone (verify mode), a few at a time: as many calls as all of an apply's reads together.
  timeoutSeconds: 300,
  // Reads who holds the store's lease (a verify waits for an apply in progress).
  uses: { storeSecrets: true, bigcommerce: true, registry: ['dynamodb:GetItem'], artifacts: 'read-write' },
  run,
  report: ({ ok, mismatches }) => ({
    counts: { Mismatches: mismatches },
    summary: { ok, mismatches },
  }),
});
