/**
 * Deterministic execution names. Step Functions refuses a second execution under a name it has seen in the
 * last 90 days, so a trigger that derives the name from what it is asked to do (the input and a run id: a
 * schedule slot, a webhook hash, the current hour) can be retried without ever starting a duplicate.
 */
import { createHash } from 'node:crypto';
import type { ExecutionInput } from '../workflow-contract.ts';

/** `bcship-{store}-{mode}-{digest of input}-{runId}`, within Step Functions' 80-character name limit. */
export function executionNameFor(input: ExecutionInput, runId: string): string {
  const digest = createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 12);
  const safeRunId = runId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 24);
  return `bcship-${input.storeHash}-${input.mode ?? 'apply'}-${digest}-${safeRunId}`.slice(0, 80);
}
