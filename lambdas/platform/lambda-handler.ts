/**
 * The Lambda handler of an operation: middy with Powertools' logger and metrics around
 * `runOperation`, so every function validates, reports and fails the same way.
 *
 * The event is never logged: it is safe by contract, but logging it would make that contract the only line
 * of defence. Errors are logged by name and message only, never with their `cause` chain, which can hold
 * SDK request details.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { type Operation, type OperationReport, runOperation } from '../operations/operation.ts';
import { logger, metrics } from './powertools.ts';

export type LambdaHandler = MiddyfiedHandler<unknown, unknown, Error, Context>;

/**
 * `deps` is a factory so that configuration is read on first use, once per cold start, and a function that
 * never touches a port never needs its environment variables.
 */
export function lambdaHandler<Input, Result, Deps>(
  operation: Operation<Input, Result, Deps>,
  deps: () => Deps,
): LambdaHandler {
  let cached: Deps | undefined;
  const run = async (event: unknown): Promise<unknown> => {
    logger.appendKeys({ operation: operation.name });
    metrics.addDimension('operation', operation.name);
    try {
      cached ??= deps();
      const result = await runOperation(operation, event, cached);
      publishReport(operation.name, () => operation.report?.(result) ?? {});
      return operation.respond ? operation.respond(result) : result;
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      logger.error(`${operation.name} failed`, { errorName: name, errorMessage: message });
      throw error;
    }
  };

  return middy<unknown, unknown, Error, Context>(run)
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/** Metrics and the summary line; never the reason a task whose work is done fails. */
function publishReport(operationName: string, report: () => OperationReport): void {
  try {
    const { counts = {}, summary } = report();
    for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
    logger.info(`${operationName} finished`, { ...summary });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    logger.warn(`${operationName} finished, but reporting it failed`, {
      errorName: name,
      errorMessage: message,
    });
  }
}
