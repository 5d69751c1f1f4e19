import { describe, expect, it } from 'vitest';
import { redact, redactWithin, secretStrings } from '../../../lambdas/bigcommerce/redact.ts';

describe('redact', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redact('a s3cret b s3cret', ['s3cret'])).toBe('a [redacted] b [redacted]');
  });

  it('masks every string value of the secret, however deep', () => {
    const secret = { key: 'k-123456', nested: { password: 'p@ss-word' }, list: ['meter-77'] };
    expect(redact('k-123456 / p@ss-word / meter-77 rejected', secret)).toBe(
      '[redacted] / [redacted] / [redacted] rejected',
    );
  });

  it('masks a longer secret whole when it contains a shorter one', () => {
    expect(redact('value abcd-efgh', { a: 'abcd', b: 'abcd-efgh' })).toBe('value [redacted]');
  });

  it('masks numbers', () => {
    expect(redact('meter 12345678 refused', { meter_number: 12345678 })).toBe('meter [redacted] refused');
  });

  it('leaves values too short to be secrets and booleans alone', () => {
    expect(redact('test_mode true for US', { test_mode: true, region: 'US' })).toBe('test_mode true for US');
    expect(redact('test mode 1', ['1'])).toBe('test mode 1');
  });
});

describe('secretStrings', () => {
  it('collects the strings and numbers nested in a connection', () => {
    expect(secretStrings({ key: 'key-1', nested: { list: ['abcd', 20_250, true, 'ab'] } })).toEqual([
      'key-1',
      'abcd',
      '20250',
    ]);
  });
});

describe('redactWithin', () => {
  it('masks the strings of a body and keeps its shape', () => {
    expect(redactWithin([{ status: 400, message: 'bad key-1' }], ['key-1'])).toEqual([
      { status: 400, message: 'bad [redacted]' },
    ]);
  });
});
