/** The operations as the tests expect them to be deployed: the Onboard tasks, and those started by events. */

import { appCallbacks } from '../../lambdas/operations/app-callbacks.ts';
import { handOffApply } from '../../lambdas/operations/hand-off-apply.ts';
import { OPERATIONS, operationNamed } from '../../lambdas/operations/index.ts';
import { receiveWebhook } from '../../lambdas/operations/receive-webhook.ts';
import { reconcileStores } from '../../lambdas/operations/reconcile-stores.ts';
import { releaseLease } from '../../lambdas/operations/release-lease.ts';
import { startOnboarding } from '../../lambdas/operations/start-onboarding.ts';
import { startReconciliations } from '../../lambdas/operations/start-reconciliations.ts';

const TRIGGER_OPERATIONS: readonly string[] = [
  reconcileStores,
  startReconciliations,
  handOffApply,
  receiveWebhook,
  releaseLease,
  appCallbacks,
  startOnboarding,
].map((operation) => operation.name);

/** The operations the Onboard state machine invokes. */
export const WORKFLOW_OPERATIONS: readonly string[] = OPERATIONS.map((operation) => operation.name).filter(
  (name) => !TRIGGER_OPERATIONS.includes(name),
);

export const timeoutSecondsOf = (operationName: string): number =>
  operationNamed(operationName).timeoutSeconds;
