import { describe, expect, it } from 'vitest';
import { BIGCOMMERCE_RESPONSE_METRICS, responseMetric } from '../../../lambdas/platform/response-metrics.ts';

describe('BigCommerce response metrics', () => {
  it.each([
    [429, 'BigCommerceRateLimited'],
    [500, 'BigCommerceServerErrors'],
    [503, 'BigCommerceServerErrors'],
    [200, undefined],
    [404, undefined],
    [422, undefined],
  ])('counts a %i as %s', (status, metric) => {
    expect(responseMetric(status)).toBe(metric);
  });

  it('names only metrics the dashboard charts', () => {
    for (const status of [429, 500]) expect(BIGCOMMERCE_RESPONSE_METRICS).toContain(responseMetric(status));
  });
});
