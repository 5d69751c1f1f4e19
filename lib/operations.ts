/**
 * The Lambda operations of the Onboard workflow. Each has one handler module, `lambdas/<operation>.ts`, and
 * its name travels to the function as `BCSHIP_OPERATION` so a synthesized Task can be mapped back to it.
 */
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './settings.ts';

export const OPERATIONS = [
  'resolve-zones',
  'connect-carriers',
  'apply-zone-methods',
  'verify',
  'record',
  'record-failure',
  'rollback',
] as const;

export type Operation = (typeof OPERATIONS)[number];

/**
 * How long one invocation may run (each Task waits a little longer, see `TASK_TIMEOUT_MARGIN`). Zone methods,
 * verification and rollback get five minutes because a paced store (rate limited, waiting out
 * `X-Rate-Limit-Time-Reset-Ms`) is slow, not broken: verification reads every managed zone one after another,
 * so it makes as many calls as all of an apply's reads together.
 */
export const OPERATION_TIMEOUTS: Record<Operation, Duration> = {
  'resolve-zones': Duration.seconds(60),
  'connect-carriers': Duration.seconds(60),
  'apply-zone-methods': Duration.minutes(5),
  verify: Duration.minutes(5),
  record: Duration.seconds(30),
  'record-failure': Duration.seconds(30),
  rollback: Duration.minutes(5),
};

/**
 * Functions outside the workflow, each invoked by an event: the two that start it (the reconciliation
 * schedule's and the webhook receiver's), and release-lease, which frees the store of an execution that
 * ended without recording (stopped, timed out, or its RecordFailure failed too).
 */
export const TRIGGER_OPERATIONS = ['reconcile-stores', 'receive-webhook', 'release-lease'] as const;

export type TriggerOperation = (typeof TRIGGER_OPERATIONS)[number];

/** Any function bcship deploys. */
export type FunctionOperation = Operation | TriggerOperation;

/**
 * The receiver answers BigCommerce, which wants an answer at once; reconciliation starts one execution per
 * store, a handful at a time; releasing a lease is one conditional update.
 */
export const TRIGGER_OPERATION_TIMEOUTS: Record<TriggerOperation, Duration> = {
  'reconcile-stores': Duration.minutes(5),
  'receive-webhook': Duration.seconds(10),
  'release-lease': Duration.seconds(30),
};

export const handlerEntry = (operation: FunctionOperation): string =>
  path.join(PROJECT_ROOT, 'lambdas', `${operation}.ts`);
