/**
 * Verify: reads every managed zone back and compares it with the profile. After an apply, a difference means
 * the store did not take a change as sent, and fails the run with the list of differences; in verify mode
 * the differences are the drift report.
 */
import type { Deps } from '../platform/ports.ts';
import { VerificationMismatch } from '../shipping/errors.ts';
import { describeMismatch, normalizeZone, verifyZone } from '../shipping/index.ts';
import type { Mismatch } from '../shipping/types.ts';
import { verifyDeclaredZones } from '../shipping/zone-declarations.ts';
import type { RunState, TaskInput, VerificationResult } from '../workflow-contract.ts';
import { RunStateTaskInputSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { observeZoneMethods } from './zone-methods.ts';

/** Step Functions caps an error cause at 32 768 characters; the full list stays on the error object. */
const MAX_LISTED_MISMATCHES = 50;

async function run(input: TaskInput<RunState>, deps: Deps): Promise<VerificationResult> {
  const { storeHash, mode, prune, zones, profileName, pruneZones = false } = input.state;
  const client = await deps.bigcommerce(storeHash);
  const mismatches: Mismatch[] = [];
  // Zone-level fields are read only when the profile manages some: one list call.
  if (pruneZones || zones.some((zone) => zone.declared)) {
    const storeZones = (await client.listZones()).map((raw: unknown) => normalizeZone(raw));
    mismatches.push(...verifyDeclaredZones(zones, storeZones, { pruneZones }));
  }
  const warnings: string[] = [];
  for (const zone of zones) {
    const verified = verifyZone(zone, await observeZoneMethods(client, zone), { prune });
    mismatches.push(...verified.mismatches);
    warnings.push(...verified.warnings);
  }
  if (mismatches.length > 0 && mode === 'apply') {
    throw new VerificationMismatch(mismatchReport(storeHash, profileName, mismatches), mismatches);
  }
  return { ok: mismatches.length === 0, mismatches, warnings };
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
  uses: { storeSecrets: true, bigcommerce: true },
  run,
  report: ({ ok, mismatches }) => ({
    counts: { Mismatches: mismatches.length },
    summary: { ok, mismatches: mismatches.length },
  }),
});
