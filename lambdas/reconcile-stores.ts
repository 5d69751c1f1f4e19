import { type ReconcileResult, reconcileStoresTask } from './operations/reconcile-stores.ts';
import { awsDeps } from './platform/aws-deps.ts';
import type { TriggerDeps } from './platform/ports.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';

export const reconcileStoresDefinition: OperationDefinition<ReconcileResult, TriggerDeps> = {
  operation: 'reconcile-stores',
  task: reconcileStoresTask,
  report: ({ scheduledTime, mode, started, alreadyStarted }) => ({
    counts: { ReconcileStarted: started.length, ReconcileAlreadyStarted: alreadyStarted.length },
    summary: { scheduledTime, mode, started, alreadyStarted },
  }),
};

export const handler = operationHandler(reconcileStoresDefinition, awsDeps);
