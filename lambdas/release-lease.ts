import {
  type ReleaseLeaseDeps,
  type ReleaseLeaseResult,
  releaseLeaseTask,
} from './operations/release-lease.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';

export const releaseLeaseDefinition: OperationDefinition<ReleaseLeaseResult, ReleaseLeaseDeps> = {
  operation: 'release-lease',
  task: releaseLeaseTask,
  // An ignored event is logged with its reason: it is the one trace of a lease left to lapse on its own.
  report: (result) => ({
    counts: {
      LeasesReleased: result.outcome === 'released' ? 1 : 0,
      LeaseEventsIgnored: result.outcome === 'ignored' ? 1 : 0,
    },
    summary: { ...result },
  }),
};

export const handler = operationHandler(releaseLeaseDefinition, () => awsDeps());
