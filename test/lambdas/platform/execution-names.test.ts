import { describe, expect, it } from 'vitest';
import { executionNameFor } from '../../../lambdas/platform/execution-names.ts';
import type { ExecutionInput } from '../../../lambdas/workflow-contract.ts';

const input: ExecutionInput = { storeHash: 'abc123', profile: 'flat-rate', mode: 'apply' };

describe('executionNameFor', () => {
  it('is the same for the same input and run id, and differs when either changes', () => {
    expect(executionNameFor(input, '2026112216')).toBe(executionNameFor({ ...input }, '2026112216'));
    expect(executionNameFor(input, '2026112217')).not.toBe(executionNameFor(input, '2026112216'));
    expect(executionNameFor({ ...input, mode: 'plan' }, '1')).not.toBe(executionNameFor(input, '1'));
  });

  it('differs for inputs that differ only in their trigger id, even when the run id is cut short', () => {
    const longHash = 'a'.repeat(32);
    const slot = (id: string): ExecutionInput => ({
      ...input,
      storeHash: longHash,
      trigger: { kind: 'schedule', id },
    });
    expect(executionNameFor(slot('2026-11-22T00:00:00Z'), '2026-11-22T00:00:00Z')).not.toBe(
      executionNameFor(slot('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z'),
    );
  });

  it('fits Step Functions names: at most 80 characters of letters, digits, - and _', () => {
    const name = executionNameFor(
      { ...input, storeHash: 'a'.repeat(32) },
      'run id with spaces/and:colons'.repeat(3),
    );
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
