/**
 * The handler a deployed function runs: the operation's generated Lambda entry (lib/lambda-entry.ts),
 * imported as Lambda imports it. Import it only after stubbing the environment: Powertools reads its
 * variables when the entry's modules load.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';
import type { AnyOperation } from '../../lambdas/operations/operation.ts';
import type { LambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import { DEPLOYED_PROFILES_FILE } from '../../lambdas/platform/profiles.ts';
import { lambdaEntry } from '../../lib/lambda-entry.ts';

export async function deployedHandler(operation: AnyOperation): Promise<LambdaHandler> {
  const entry = (await import(pathToFileURL(lambdaEntry(operation)).href)) as { handler: LambdaHandler };
  return entry.handler;
}

/**
 * Ships `profiles` as the stack does, in the function's folder: a temporary `LAMBDA_TASK_ROOT` holding
 * deployed-profiles.json (undone by `vi.unstubAllEnvs`).
 */
export function shipDeployedProfiles(profiles: Record<string, unknown>): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bcship-task-root-'));
  fs.writeFileSync(path.join(root, DEPLOYED_PROFILES_FILE), JSON.stringify(profiles));
  vi.stubEnv('LAMBDA_TASK_ROOT', root);
}
