/**
 * Shared Powertools instances and the middy wiring every handler uses, so a handler file only names its
 * operation, the task it runs and the metrics it reports.
 *
 * The event is never logged: it is safe by contract, but logging it would make that contract the only line
 * of defence. Errors are logged by name and message only, never with their `cause` chain, which can hold
 * SDK request details.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Deps } from './ports.ts';

export const SERVICE_NAME = 'bcship';
export const METRICS_NAMESPACE = 'bcship';

// Environment variables (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL) win
// over these defaults.
export const logger = new Logger({ serviceName: SERVICE_NAME });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/** What a finished operation reports: counts become metrics, the summary one log line. */
export interface OperationReport {
  counts?: Record<string, number>;
  summary?: Record<string, unknown>;
}

export interface OperationDefinition<Result, D = Deps> {
  /** `resolve-zones`, `apply-zone-methods`, …: the `operation` metric dimension and log key. */
  operation: string;
  /** Parses the raw event (throwing InvalidInput) and runs the operation. */
  task(event: unknown, deps: D): Promise<Result>;
  report?(result: Result): OperationReport;
}

export type OperationHandler<Result> = MiddyfiedHandler<unknown, Result, Error, Context>;

/**
 * A Lambda handler for one operation. `deps` is a factory so that configuration is read on first use, once
 * per cold start, and a function that never touches a port never needs its environment variables.
 */
export function operationHandler<Result, D = Deps>(
  definition: OperationDefinition<Result, D>,
  deps: () => D,
): OperationHandler<Result> {
  let cached: D | undefined;
  const resolveDeps = () => {
    cached ??= deps();
    return cached;
  };

  const run = async (event: unknown): Promise<Result> => {
    logger.appendKeys({ operation: definition.operation });
    metrics.addDimension('operation', definition.operation);
    try {
      const result = await definition.task(event, resolveDeps());
      const report = definition.report?.(result) ?? {};
      for (const [name, value] of Object.entries(report.counts ?? {})) {
        metrics.addMetric(name, MetricUnit.Count, value);
      }
      logger.info(`${definition.operation} finished`, { ...report.summary });
      return result;
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      logger.error(`${definition.operation} failed`, { errorName: name, errorMessage: message });
      throw error;
    }
  };

  return middy<unknown, Result, Error, Context>(run)
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
