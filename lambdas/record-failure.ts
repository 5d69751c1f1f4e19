import { recordFailureTask } from './operations/record-failure.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';
import type { FailureSummary } from './workflow-contract.ts';

export const recordFailureDefinition: OperationDefinition<FailureSummary> = {
  operation: 'record-failure',
  task: recordFailureTask,
  report: ({ failure, rolledBack }) => ({
    counts: { RunsFailed: 1, RunsRolledBack: rolledBack ? 1 : 0 },
    summary: { error: failure.error, cause: failure.cause, rolledBack },
  }),
};

export const handler = operationHandler(recordFailureDefinition, awsDeps);
