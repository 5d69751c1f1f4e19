/**
 * Verify: reads every managed zone back and compares it with the profile. After an apply, a difference means
 * the store did not take a change as sent, and fails the run with the list of differences; in verify mode
 * the differences are the drift report.
 */

import type { ShippingClient } from '../bigcommerce/client.ts';
import type { Deps } from '../platform/ports.ts';
import { VerificationMismatch } from '../shipping/errors.ts';
import { describeMismatch, verifyZone } from '../shipping/index.ts';
import type { Mismatch, ResolvedZone } from '../shipping/types.ts';
import type { RunState, TaskInput, VerificationResult } from '../workflow-contract.ts';
import { RunStateTaskInputSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { waitForNoApply } from './resolve-zones.ts';
import { observeZoneMethods } from './zone-methods.ts';

/** Step Functions caps an error cause at 32 768 characters; the full list stays on the error object. */
const MAX_LISTED_MISMATCHES = 50;

async function run(input: TaskInput<RunState>, deps: Deps): Promise<VerificationResult> {
  const { storeHash, mode, zones, profileName } = input.state;
  const client = await deps.bigcommerce(storeHash);
  // An apply of this store by another execution would be read half done, as drift: the lease is checked
  // before the reads and after them (StoreBusy: the state machine waits and verifies again). Drift seen is
  // read a second time, so an apply that started and ended between the checks cannot pass for drift either.
  await waitForNoApply(deps, storeHash, input.executionId);
  const firstRead = await compareZones(client, zones, input.state.prune);
  let { mismatches } = firstRead;
  if (mismatches.length > 0) {
    await waitForNoApply(deps, storeHash, input.executionId);
    const drifted = zones.filter((zone) => firstRead.mismatches.some((m) => m.zoneId === zone.zoneId));
    ({ mismatches } = await compareZones(client, drifted, input.state.prune));
  }
  const { warnings } = firstRead;
  await waitForNoApply(deps, storeHash, input.executionId);
  if (mismatches.length > 0 && mode === 'apply') {
    throw new VerificationMismatch(mismatchReport(storeHash, profileName, mismatches), mismatches);
  }
  return { ok: mismatches.length === 0, mismatches, warnings };
}

async function compareZones(
  client: ShippingClient,
  zones: ResolvedZone[],
  prune: boolean,
): Promise<{ mismatches: Mismatch[]; warnings: string[] }> {
  const mismatches: Mismatch[] = [];
  const warnings: string[] = [];
  for (const zone of zones) {
    const verified = verifyZone(zone, await observeZoneMethods(client, zone), { prune });
    mismatches.push(...verified.mismatches);
    warnings.push(...verified.warnings);
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
  input: RunStateTaskInputSchema,
  // Reads every managed zone one after another: as many calls as all of an apply's reads together.
  timeoutSeconds: 300,
  // Reads who holds the store's lease (a verify waits for an apply in progress).
  uses: { storeSecrets: true, bigcommerce: true, registry: ['dynamodb:GetItem'] },
  run,
  report: ({ ok, mismatches }) => ({
    counts: { Mismatches: mismatches.length },
    summary: { ok, mismatches: mismatches.length },
  }),
});
