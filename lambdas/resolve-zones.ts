import { resolveZonesTask } from './operations/resolve-zones.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';
import type { RunState } from './workflow-contract.ts';

export const resolveZonesDefinition: OperationDefinition<RunState> = {
  operation: 'resolve-zones',
  task: resolveZonesTask,
  report: (state) => ({
    counts: { ZonesResolved: state.zones.length, CarriersToConnect: state.carriers.length },
    summary: { storeHash: state.storeHash, profileName: state.profileName, mode: state.mode },
  }),
};

export const handler = operationHandler(resolveZonesDefinition, awsDeps);
