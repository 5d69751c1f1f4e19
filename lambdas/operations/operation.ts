/**
 * What an operation is, in one place: its name, the input it accepts, what it does, what it reports, how long
 * it may run and what it reaches outside itself. Everything else derives from the definition: the Lambda
 * entry and handler (lambdas/platform/lambda-handler.ts), the function, its timeout, configuration and grants
 * (lib/), and the local runner's task map (local/runner.ts).
 */
import type * as z from 'zod/mini';
import { parseInput } from './input.ts';

/** What a finished operation reports: counts become metrics, the summary one log line. */
export interface OperationReport {
  counts?: Record<string, number>;
  summary?: Record<string, unknown>;
}

/** Registry item actions, as the registry adapters issue them. */
export type RegistryAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem';
export type ArtifactAccess = 'read' | 'write' | 'read-write';
export type RegistryAccess = 'read' | 'write' | 'read-write' | readonly RegistryAction[];

/**
 * What an operation reaches beyond its input. The stack turns each into the function's configuration and the
 * one grant that goes with it, so a function can read only what its operation declares here.
 */
export interface OperationUses {
  /** Store API tokens and store-specific carrier secrets. */
  storeSecrets?: true;
  /** Shared carrier connection fields. */
  carrierSecrets?: true;
  /** The BigCommerce API (its token comes from the store secrets). */
  bigcommerce?: true;
  /** BigCommerce's V3 carts, checkouts and catalog too (same API and token as `bigcommerce`). */
  checkout?: true;
  /** The store registry table: these item actions (`'read'`/`'write'` are the adapters' usual sets). */
  registry?: RegistryAccess;
  /** Queries on the registry's indexes (listing stores). */
  registryIndexes?: true;
  /** The run artifacts bucket (documents kept beside the state): reading them, writing them, or both. */
  artifacts?: ArtifactAccess;
  /** Publishing to the bcship event bus. */
  events?: true;
  /** Starting Onboard executions. */
  startExecutions?: true;
  /** Starting runs of the read-only Express state machine (scheduled reconciliation). */
  startReconcileRuns?: true;
  /** Sending to the reconciliation queue. */
  reconcileQueue?: true;
  /** The app's client secret, which keys webhook signatures. */
  webhookSecret?: true;
  /** Each store's pending webhook run (on the registry table) and the burst window it waits out. */
  webhookBursts?: true;
  /** The profiles deployed with the stack (and their assignment rules), bundled into the function. */
  deployedProfiles?: true;
  /**
   * The assignment rules and the store's own facts they read (`GET /v2/store`, so the BigCommerce API URL too,
   * but not the clients of `bigcommerce`); with deployedProfiles.
   */
  assignments?: true;
  /** The app's OAuth credentials (`{ clientId, clientSecret }`) and the token endpoint they are used at. */
  appSecret?: true;
  /** Creating and replacing store token secrets (`{storePrefix}/{storeHash}`). */
  storeTokenWrites?: true;
}

export interface Operation<Input, Result, Deps> {
  /** Kebab case, like the file that defines it: the function name part, log key and metric dimension. */
  readonly name: string;
  /** Parses the raw event; a failure is InvalidInput naming each field. */
  readonly input: z.core.$ZodType<NoInfer<Input>>;
  /** The longest one invocation may run. */
  readonly timeoutSeconds: number;
  readonly uses: OperationUses;
  run(input: Input, deps: Deps): Promise<Result>;
  report?(result: Result): OperationReport;
  /** What the function answers, when not the result itself (a Function URL response, say). */
  respond?(result: Result): unknown;
}

/** Any operation, for lists of them: methods are bivariant, so every definition fits. */
// biome-ignore lint/suspicious/noExplicitAny: the one place that erases each operation's own types
export type AnyOperation = Operation<any, unknown, any>;

export const defineOperation = <Input, Result, Deps>(
  operation: Operation<Input, Result, Deps>,
): Operation<Input, Result, Deps> => operation;

/** Validates the raw event against the operation's schema, then runs it: what Lambda and the local runner do. */
export async function runOperation<Input, Result, Deps>(
  operation: Operation<Input, Result, Deps>,
  event: unknown,
  deps: Deps,
): Promise<Result> {
  return operation.run(parseInput(operation.input, event), deps);
}
