import { applyZoneMethodsTask } from './operations/apply-zone-methods.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';
import type { PlanAction } from './shipping/types.ts';
import type { ZoneResult } from './workflow-contract.ts';

const count = (actions: PlanAction[], kind: PlanAction['kind']) =>
  actions.filter((a) => a.kind === kind).length;

export const applyZoneMethodsDefinition: OperationDefinition<ZoneResult> = {
  operation: 'apply-zone-methods',
  task: applyZoneMethodsTask,
  report: ({ zoneId, zoneName, actions }) => ({
    counts: {
      MethodsCreated: count(actions, 'create-method'),
      MethodsUpdated: count(actions, 'update-method'),
      MethodsDeleted: count(actions, 'delete-method'),
    },
    summary: { zoneId, zoneName, actions: actions.length },
  }),
};

export const handler = operationHandler(applyZoneMethodsDefinition, awsDeps);
