import { describe, expect, it } from 'vitest';
import {
  describeErrorBody,
  errorForStatus,
  errorForTransportFailure,
} from '../../../lambdas/bigcommerce/error-mapping.ts';

const context = { method: 'PUT', path: '/shipping/zones/1' };

describe('describeErrorBody', () => {
  it('joins the messages of a v2 error array', () => {
    const body = [
      { status: 400, message: 'Required fields missing [key]' },
      { status: 400, message: 'The field id cannot be written to.' },
    ];
    expect(describeErrorBody(body)).toBe('Required fields missing [key]; The field id cannot be written to.');
  });

  it('combines the title, detail and field errors of a v3 error object', () => {
    const body = {
      title: 'Invalid',
      detail: 'Check the body',
      errors: { name: 'missing', rate: { min: 0 } },
    };
    expect(describeErrorBody(body)).toBe('Invalid: Check the body: name: missing; rate: {"min":0}');
  });

  it('keeps plain text on one line', () => {
    expect(describeErrorBody('Service\n  temporarily unavailable')).toBe('Service temporarily unavailable');
  });

  it('leaves out an HTML page', () => {
    expect(describeErrorBody('<html><body>502 Bad Gateway</body></html>')).toBeUndefined();
  });

  it('shortens a very long message', () => {
    const described = describeErrorBody('x'.repeat(1000)) ?? '';
    expect(described.length).toBeLessThan(400);
    expect(described.endsWith('…')).toBe(true);
  });

  it('masks secrets before shortening, so that no cut leaves part of one', () => {
    const described = describeErrorBody(`${'x'.repeat(295)} key-secret-1`, ['key-secret-1']) ?? '';
    expect(described).toBe(`${'x'.repeat(295)} [red…`);
  });

  it('masks secrets in a v3 field error that is shown as JSON', () => {
    expect(describeErrorBody({ title: 'Invalid', errors: { key: { got: 'k"quoted' } } }, ['k"quoted'])).toBe(
      'Invalid: key: {"got":"[redacted]"}',
    );
  });

  it('is undefined for an empty body', () => {
    expect(describeErrorBody(undefined)).toBeUndefined();
    expect(describeErrorBody([])).toBeUndefined();
  });
});

describe('errorForStatus', () => {
  it('hints at the token and its scope on a 403', () => {
    expect(errorForStatus(403, undefined, context, []).message).toBe(
      'PUT /shipping/zones/1: status 403 (check the access token and that it has the store_v2_information scope)',
    );
  });

  it('treats an unfollowed redirect as a terminal rejection', () => {
    expect(errorForStatus(301, undefined, context, [])).toMatchObject({
      name: 'BigCommerceRejected',
    });
  });

  it('treats 507 (plan resource limit) as BigCommerce being unavailable', () => {
    expect(errorForStatus(507, undefined, context, [])).toMatchObject({ name: 'BigCommerceUnavailable' });
  });
});

describe('errorForTransportFailure', () => {
  it('reports a timeout when the request signal fired', () => {
    const error = errorForTransportFailure(new DOMException('t', 'TimeoutError'), true, 250, context);
    expect(error).toMatchObject({ name: 'BigCommerceTimeout' });
  });

  it('reports the network error code of a failed fetch', () => {
    const failed = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
    });
    expect(errorForTransportFailure(failed, false, 250, context, 'api.bigcommerce.com')?.message).toBe(
      'PUT /shipping/zones/1: connection to api.bigcommerce.com failed (ECONNRESET)',
    );
  });

  it('leaves an unrelated error to be rethrown', () => {
    expect(errorForTransportFailure(new RangeError('bug'), false, 250, context)).toBeUndefined();
  });
});
