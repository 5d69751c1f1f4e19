import { verifyTask } from './operations/verify.ts';
import { awsDeps } from './platform/aws-deps.ts';
import { type OperationDefinition, operationHandler } from './platform/powertools.ts';
import type { VerificationResult } from './workflow-contract.ts';

export const verifyDefinition: OperationDefinition<VerificationResult> = {
  operation: 'verify',
  task: verifyTask,
  report: ({ ok, mismatches }) => ({
    counts: { Mismatches: mismatches.length },
    summary: { ok, mismatches: mismatches.length },
  }),
};

export const handler = operationHandler(verifyDefinition, awsDeps);
