/**
 * The handler a deployed function runs: the operation's generated Lambda entry (lib/lambda-entry.ts),
 * imported as Lambda imports it. Import it only after stubbing the environment: Powertools reads its
 * variables when the entry's modules load.
 */
import { pathToFileURL } from 'node:url';
import type { AnyOperation } from '../../lambdas/operations/operation.ts';
import type { LambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import { lambdaEntry } from '../../lib/lambda-entry.ts';

export async function deployedHandler(operation: AnyOperation): Promise<LambdaHandler> {
  const entry = (await import(pathToFileURL(lambdaEntry(operation)).href)) as { handler: LambdaHandler };
  return entry.handler;
}
