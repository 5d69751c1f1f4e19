import { recordTask } from './operations/record.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';
import type { RunSummary } from './workflow-contract.ts';

export const recordDefinition: OperationDefinition<RunSummary> = {
  operation: 'record',
  task: recordTask,
  report: ({ storeHash, mode, outcome, changes, mismatches }) => ({
    counts: { RunsRecorded: 1, Changes: changes.length, Drifted: outcome === 'drifted' ? 1 : 0 },
    summary: { storeHash, mode, outcome, changes: changes.length, mismatches: mismatches.length },
  }),
};

export const handler = operationHandler(recordDefinition, awsDeps);
