/**
 * With `bcship:reconcileMode` apply: a scheduled verify run (on the Express state machine) that found drift is
 * handed to a Standard apply of the same store and profile, so only drifted stores pay for Standard's
 * exactly-once history. Triggered by the run's own `bcship.run.drifted` event; the apply is named after the
 * store and the schedule slot, so a redelivered event starts nothing twice.
 */
import * as z from 'zod/mini';
import { executionNameFor } from '../platform/execution-names.ts';
import type { TriggerDeps } from '../platform/ports.ts';
import { type ExecutionInput, StoreHashInputSchema } from '../workflow-contract.ts';
import { defineOperation } from './operation.ts';

/** The part of a `bcship.run.drifted` event read here (see record.ts, runEventDetail). */
const DriftedEventSchema = z.object({
  detail: z.object({
    storeHash: StoreHashInputSchema,
    profileName: z.string().check(z.minLength(1)),
    mode: z.literal('verify'),
    outcome: z.literal('drifted'),
    trigger: z.object({ kind: z.literal('schedule'), id: z.string().check(z.minLength(1)) }),
  }),
});
type DriftedEvent = z.output<typeof DriftedEventSchema>;

export interface HandOffResult {
  storeHash: string;
  slot: string;
  started: boolean;
}

export async function applyDriftedStore(
  event: DriftedEvent,
  deps: Pick<TriggerDeps, 'executions'>,
): Promise<HandOffResult> {
  const { storeHash, profileName, trigger } = event.detail;
  const input: ExecutionInput = { storeHash, profile: profileName, mode: 'apply', trigger };
  const { started } = await deps.executions.start(input, executionNameFor(input, trigger.id));
  return { storeHash, slot: trigger.id, started };
}

export const handOffApply = defineOperation({
  name: 'hand-off-apply',
  input: DriftedEventSchema,
  timeoutSeconds: 30,
  uses: { startExecutions: true },
  run: applyDriftedStore,
  report: ({ storeHash, slot, started }) => ({
    counts: { ApplyHandedOff: started ? 1 : 0 },
    summary: { storeHash, slot, started },
  }),
});
