/**
 * Metrics of BigCommerce's answers, for the operations dashboard (lib/operations-monitoring.ts): how often a
 * store's quota ran out (429) and how often BigCommerce failed (5xx). Published with the operation's other
 * metrics at the end of each invocation.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ResponseInfo } from '../bigcommerce/transport.ts';
import { metrics } from './powertools.ts';

export const BIGCOMMERCE_RESPONSE_METRICS = ['BigCommerceRateLimited', 'BigCommerceServerErrors'] as const;

/** The metric a response counts towards, if any. */
export function responseMetric(status: number): (typeof BIGCOMMERCE_RESPONSE_METRICS)[number] | undefined {
  if (status === 429) return 'BigCommerceRateLimited';
  return status >= 500 ? 'BigCommerceServerErrors' : undefined;
}

/** The client's `onResponse`: counts 429s and 5xx. */
export function countBigCommerceResponse(info: ResponseInfo): void {
  const name = responseMetric(info.status);
  if (name !== undefined) metrics.addMetric(name, MetricUnit.Count, 1);
}
