/**
 * The one list of operations. The stack makes one function of each (lib/), the local runner maps each Task
 * to one by name (local/runner.ts), and each function's entry runs one (lib/lambda-entry.ts).
 */
import { appCallbacks } from './app-callbacks.ts';
import { applyZoneMethods } from './apply-zone-methods.ts';
import { connectCarriers } from './connect-carriers.ts';
import { handOffApply } from './hand-off-apply.ts';
import type { AnyOperation } from './operation.ts';
import { probeCheckout } from './probe-checkout.ts';
import { receiveWebhook } from './receive-webhook.ts';
import { reconcileStores } from './reconcile-stores.ts';
import { record } from './record.ts';
import { recordFailure } from './record-failure.ts';
import { releaseLease } from './release-lease.ts';
import { resolveZones } from './resolve-zones.ts';
import { rollback } from './rollback.ts';
import { startOnboarding } from './start-onboarding.ts';
import { startReconciliations } from './start-reconciliations.ts';
import { verifyZones } from './verify-zones.ts';

export const OPERATIONS: readonly AnyOperation[] = [
  // The Onboard workflow's tasks, in the order a run meets them.
  resolveZones,
  connectCarriers,
  applyZoneMethods,
  verifyZones,
  probeCheckout,
  record,
  recordFailure,
  rollback,
  // Started by events: the schedule, BigCommerce's webhooks, an execution's end.
  reconcileStores,
  startReconciliations,
  handOffApply,
  receiveWebhook,
  releaseLease,
  // New stores: the app's install flow and onboard-requested events.
  appCallbacks,
  startOnboarding,
];

/** The operation of a name, as a function's BCSHIP_OPERATION carries it. */
export function operationNamed(name: string): AnyOperation {
  const operation = OPERATIONS.find((candidate) => candidate.name === name);
  if (!operation) throw new Error(`No operation is named ${name}`);
  return operation;
}
