import {
  type ReconcileDeps,
  type ReconcileResult,
  reconcileStoresTask,
} from './operations/reconcile-stores.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';

export const reconcileStoresDefinition: OperationDefinition<ReconcileResult, Required<ReconcileDeps>> = {
  operation: 'reconcile-stores',
  task: reconcileStoresTask,
  report: ({ scheduledTime, mode, started, alreadyStarted, skipped }) => ({
    counts: {
      ReconcileStarted: started.length,
      ReconcileAlreadyStarted: alreadyStarted.length,
      ReconcileSkipped: skipped.length,
    },
    summary: { scheduledTime, mode, started, alreadyStarted, skipped },
  }),
};

export const handler = operationHandler(reconcileStoresDefinition, awsDeps);
