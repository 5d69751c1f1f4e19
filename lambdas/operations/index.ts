/**
 * The operations by the name of their handler, each taking the raw task input and the ports. The Lambda
 * handlers and the local runner both run these, so both validate input the same way.
 */
import { applyZoneMethodsTask } from './apply-zone-methods.ts';
import { connectCarriersTask } from './connect-carriers.ts';
import { recordTask } from './record.ts';
import { recordFailureTask } from './record-failure.ts';
import { resolveZonesTask } from './resolve-zones.ts';
import { rollbackTask } from './rollback.ts';
import { verifyTask } from './verify.ts';

export const operationTasks = {
  'resolve-zones': resolveZonesTask,
  'connect-carriers': connectCarriersTask,
  'apply-zone-methods': applyZoneMethodsTask,
  verify: verifyTask,
  record: recordTask,
  'record-failure': recordFailureTask,
  rollback: rollbackTask,
} as const;

export type OperationName = keyof typeof operationTasks;

export { applyZoneMethodsOperation, applyZoneMethodsTask, undoEntryFor } from './apply-zone-methods.ts';
export { connectCarriersOperation, connectCarriersTask } from './connect-carriers.ts';
export { CarrierConnectionFailed, StoreBusy } from './errors.ts';
export { recordOperation, recordTask, summarizeRun } from './record.ts';
export { readableCause, recordFailureOperation, recordFailureTask } from './record-failure.ts';
export {
  LEASE_RELEASING_STATUSES,
  type ReleaseLeaseResult,
  releaseLeaseOperation,
  releaseLeaseTask,
} from './release-lease.ts';
export { resolveZonesOperation, resolveZonesTask } from './resolve-zones.ts';
export { type RollbackResult, rollbackOperation, rollbackTask } from './rollback.ts';
export { mismatchReport, verifyOperation, verifyTask } from './verify.ts';
