/**
 * Reading the documents a run keeps beside its state (see RUN_ARTIFACT in workflow-contract.ts), checked for
 * shape: a task reads only what an earlier task of the same execution wrote.
 */
import type * as z from 'zod/mini';
import type { RunArtifactsPort } from '../platform/ports.ts';
import { type ResolvedRun, RUN_ARTIFACT } from '../workflow-contract.ts';
import { parseInput, ResolvedRunSchema } from './input.ts';

export async function readArtifact<Schema extends z.core.$ZodType>(
  artifacts: RunArtifactsPort,
  executionId: string,
  key: string,
  schema: Schema,
): Promise<z.output<Schema>> {
  return parseInput(schema, await artifacts.get<unknown>(executionId, key));
}

/** What ResolveZones resolved for this execution. */
export const readResolvedRun = (artifacts: RunArtifactsPort, executionId: string): Promise<ResolvedRun> =>
  readArtifact(artifacts, executionId, RUN_ARTIFACT.resolved, ResolvedRunSchema);
