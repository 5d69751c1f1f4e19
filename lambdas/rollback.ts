import { type RollbackResult, rollbackTask } from './operations/rollback.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';

export const rollbackDefinition: OperationDefinition<RollbackResult> = {
  operation: 'rollback',
  task: rollbackTask,
  report: ({ undone }) => ({ counts: { ChangesUndone: undone }, summary: { undone } }),
};

export const handler = operationHandler(rollbackDefinition, awsDeps);
