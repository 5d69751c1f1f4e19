/**
 * ReleaseLease: gives back the store lease of an Onboard execution that ended without Record or RecordFailure
 * giving it back: stopped from the console or the API, timed out, or failed with its RecordFailure failing
 * too. An EventBridge rule invokes it with the execution's status change, so the store is free again at once
 * instead of when the lease lapses.
 *
 * It only ever gives back the lease of the execution the event names, and only if that execution still holds
 * it: a lease already given back (by Record or RecordFailure), never taken (plan and verify runs take none) or
 * since taken by another execution is left as it is. An event it cannot read is acknowledged with the reason,
 * not failed: a retry could only fail the same way, and the lease still lapses on its own.
 */
import * as z from 'zod/mini';
import type { LeasePort } from '../platform/ports.ts';
import { storeHashOf } from '../workflow-contract.ts';
import { defineOperation } from './operation.ts';

/** The statuses of an execution that has ended without necessarily giving its lease back. */
export const LEASE_RELEASING_STATUSES = ['ABORTED', 'TIMED_OUT', 'FAILED'] as const;

/** The part of a "Step Functions Execution Status Change" event read here. */
const StatusChangeSchema = z.object({
  detail: z.object({
    /** The execution's name: the id its lease was taken under (`$$.Execution.Name`). */
    name: z.string().check(z.minLength(1), z.maxLength(80)),
    status: z.string(),
    /** The execution input as a JSON string; left out when too large to include in the event. */
    input: z.nullish(z.string()),
  }),
});

export interface ReleaseLeaseDeps {
  leases: LeasePort;
}

export type ReleaseLeaseResult =
  | {
      /** The lease was given back if the execution still held it. */
      outcome: 'released';
      storeHash: string;
      executionName: string;
      status: string;
    }
  | { outcome: 'ignored'; reason: string; executionName?: string; status?: string };

async function run(event: unknown, deps: ReleaseLeaseDeps): Promise<ReleaseLeaseResult> {
  const parsed = StatusChangeSchema.safeParse(event);
  if (!parsed.success) {
    return { outcome: 'ignored', reason: 'not a Step Functions execution status change' };
  }
  const { name: executionName, status, input } = parsed.data.detail;
  const seen = { executionName, status };
  // An execution still running holds its lease rightly, whatever a misrouted event says.
  if (!(LEASE_RELEASING_STATUSES as readonly string[]).includes(status)) {
    return { outcome: 'ignored', reason: `status ${status} does not end a lease`, ...seen };
  }
  const storeHash = storeHashOf(storeHashFieldOf(input));
  if (storeHash === undefined) {
    return { outcome: 'ignored', reason: 'the execution input names no usable store hash', ...seen };
  }
  await deps.leases.release(storeHash, executionName);
  return { outcome: 'released', storeHash, ...seen };
}

function storeHashFieldOf(input: string | null | undefined): unknown {
  if (!input) return undefined;
  try {
    const value: unknown = JSON.parse(input);
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>).storeHash
      : undefined;
  } catch {
    return undefined;
  }
}

export const releaseLease = defineOperation({
  name: 'release-lease',
  // An event it cannot read is acknowledged with the reason (see `run`), so any event is accepted here.
  input: z.unknown(),
  timeoutSeconds: 30,
  uses: { registry: ['dynamodb:UpdateItem'] },
  run,
  // An ignored event is logged with its reason: it is the one trace of a lease left to lapse on its own.
  report: (result) => ({
    counts: {
      LeasesReleased: result.outcome === 'released' ? 1 : 0,
      LeaseEventsIgnored: result.outcome === 'ignored' ? 1 : 0,
    },
    summary: { ...result },
  }),
});
