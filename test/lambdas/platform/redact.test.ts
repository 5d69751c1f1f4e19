import { describe, expect, test } from 'vitest';
import { redact } from '../../../lambdas/platform/redact.ts';

describe('redact', () => {
  test('masks every string value of the secret, however deep', () => {
    const secret = { key: 'k-123456', nested: { password: 'p@ss-word' }, list: ['meter-77'] };
    expect(redact('k-123456 / p@ss-word / meter-77 rejected', secret)).toBe(
      '[redacted] / [redacted] / [redacted] rejected',
    );
  });

  test('masks a longer secret whole when it contains a shorter one', () => {
    expect(redact('value abcd-efgh', { a: 'abcd', b: 'abcd-efgh' })).toBe('value [redacted]');
  });

  test('leaves values too short to be secrets and booleans alone', () => {
    expect(redact('test_mode true for US', { test_mode: true, region: 'US' })).toBe('test_mode true for US');
  });
});
