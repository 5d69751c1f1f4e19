/**
 * Scheduled reconciliation, first half: list every registered store and queue it for a verify run in the
 * schedule's slot. The second half (start-reconciliations.ts) takes the queue a few messages at a time and
 * starts the runs, on the Express state machine.
 *
 * Listing streams pages of the registry's index and queues each page before reading the next, so neither the
 * fleet's size nor this function's memory bounds it. After each page the listing cursor is saved with the
 * slot's progress: an invocation that times out or is killed is retried by the schedule (and Lambda), and the
 * retry carries on from the last page queued. A page queued again (killed between queueing and saving) costs
 * nothing: each store's run in a slot is claimed once (start-reconciliations.ts).
 *
 * A store registered with a profile that is no longer deployed is skipped rather than given a run that would
 * fail on it every day; applying a deployed profile to it registers it again. What this reports is counts:
 * a list of every store would outgrow a log line long before the fleet outgrows the design.
 */
import * as z from 'zod/mini';
import {
  LISTING_DONE,
  type ProfileSource,
  type ReconcileBatch,
  type ReconcilePorts,
  type RegisteredStore,
  type StoreRegistryPort,
} from '../platform/ports.ts';
import { parseInput } from './input.ts';
import { defineOperation } from './operation.ts';

export const RECONCILE_MODES = ['verify', 'apply'] as const;
export type ReconcileMode = (typeof RECONCILE_MODES)[number];

/**
 * What the schedule sends: the time of the slot it fires for, and what to do about drift (`apply`: drifted
 * stores are handed to Standard applies, see lib/reconcile-schedule.ts; the runs started here only verify).
 */
export const ReconcileEventSchema = z.object({
  scheduledTime: z.iso.datetime({ offset: true }),
  mode: z._default(z.enum(RECONCILE_MODES), 'verify'),
});
export type ReconcileEvent = z.input<typeof ReconcileEventSchema>;

export interface ReconcilePlan {
  scheduledTime: string;
  mode: ReconcileMode;
  /** Stores queued by this invocation. */
  queued: number;
  /** Registered with a profile that is not deployed: not queued. */
  skipped: number;
  /** Pages of the registry read by this invocation. */
  pages: number;
  /** Whether an earlier invocation for the slot had queued some pages (this one resumed after them). */
  resumed: boolean;
}

export type PlanDeps = Pick<ReconcilePorts, 'reconcileQueue' | 'reconcileProgress'> & {
  stores: Pick<StoreRegistryPort, 'listStorePage'>;
  /** The deployed profiles; without them every registered store is queued. */
  profiles?: ProfileSource;
};

/** Stores per queue message: one start-reconciliations invocation handles a few messages. */
export const STORES_PER_MESSAGE = 25;

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

export async function planReconciliation(event: ReconcileEvent, deps: PlanDeps): Promise<ReconcilePlan> {
  const { scheduledTime, mode } = parseInput(ReconcileEventSchema, event);
  const slot = scheduledTime;
  const plan: ReconcilePlan = { scheduledTime, mode, queued: 0, skipped: 0, pages: 0, resumed: false };
  let cursor = await deps.reconcileProgress.cursor(slot);
  plan.resumed = cursor !== undefined;
  const deployed = deps.profiles ? new Set(deps.profiles.names()) : undefined;
  while (cursor !== LISTING_DONE) {
    const page = await deps.stores.listStorePage(cursor);
    const runnable: RegisteredStore[] = page.stores.filter(
      (store) => deployed === undefined || deployed.has(store.profileName),
    );
    const batches: ReconcileBatch[] = chunk(runnable, STORES_PER_MESSAGE).map((stores) => ({ slot, stores }));
    if (batches.length > 0) await deps.reconcileQueue.send(batches);
    cursor = page.cursor ?? LISTING_DONE;
    await deps.reconcileProgress.saveCursor(slot, cursor);
    plan.pages += 1;
    plan.queued += runnable.length;
    plan.skipped += page.stores.length - runnable.length;
  }
  return plan;
}

export const reconcileStores = defineOperation({
  name: 'reconcile-stores',
  input: ReconcileEventSchema,
  // Lists and queues; starting is start-reconciliations' job. A timed-out invocation is retried and resumes.
  timeoutSeconds: 300,
  uses: {
    registry: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    registryIndexes: true,
    reconcileQueue: true,
    deployedProfiles: true,
  },
  run: (event: ReconcileEvent, deps: Required<PlanDeps>) => planReconciliation(event, deps),
  report: ({ scheduledTime, mode, queued, skipped, pages, resumed }) => ({
    counts: { ReconcileQueued: queued, ReconcileSkipped: skipped },
    summary: { scheduledTime, mode, queued, skipped, pages, resumed },
  }),
});
