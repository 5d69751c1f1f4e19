import { connectCarriersTask } from './operations/connect-carriers.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';
import type { StepResult } from './workflow-contract.ts';

export const connectCarriersDefinition: OperationDefinition<StepResult> = {
  operation: 'connect-carriers',
  task: connectCarriersTask,
  report: ({ actions }) => ({
    counts: { CarriersConnected: actions.length },
    summary: { carriers: actions.map((a) => (a.kind === 'connect-carrier' ? a.carrierId : a.kind)) },
  }),
};

export const handler = operationHandler(connectCarriersDefinition, awsDeps);
