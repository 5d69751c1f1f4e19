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
 * How long one invocation may run (each Task waits a little longer, see `TASK_TIMEOUT_MARGIN`). Zone methods
 * and rollback get five minutes because a paced store (rate limited, waiting out `X-Rate-Limit-Time-Reset-Ms`)
 * is slow, not broken.
 */
export const OPERATION_TIMEOUTS: Record<Operation, Duration> = {
  'resolve-zones': Duration.seconds(60),
  'connect-carriers': Duration.seconds(60),
  'apply-zone-methods': Duration.minutes(5),
  verify: Duration.seconds(60),
  record: Duration.seconds(30),
  'record-failure': Duration.seconds(30),
  rollback: Duration.minutes(5),
};

export const handlerEntry = (operation: Operation): string =>
  path.join(PROJECT_ROOT, 'lambdas', `${operation}.ts`);
