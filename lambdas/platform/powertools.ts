/**
 * The Powertools instances every function shares (see lambda-handler.ts for how a handler uses them). Traces
 * come from Lambda's active tracing: the X-Ray SDK that Powertools Tracer wraps would add some 120 KB to every
 * bundle and a noticeable part of each cold start.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from './environment.ts';

// Environment variables (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL) win
// over these defaults.
export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
