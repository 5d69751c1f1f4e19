import { describe, expect, it } from 'vitest';
import { printResult } from '../../cli/report.ts';
import type { RunSummary } from '../../lambdas/workflow-contract.ts';

const summary: RunSummary = {
  storeHash: 'abc123',
  profileName: 'per-channel',
  mode: 'apply',
  outcome: 'in-sync',
  changes: [],
  mismatches: [],
  zones: [],
  probe: null,
};

const printed = (result: RunSummary): string => {
  const lines: string[] = [];
  printResult(
    { executionName: 'run-1', summary: result, exitCode: 0 },
    { out: (text) => lines.push(text), err: (text) => lines.push(text), env: {} },
  );
  return lines.join('\n');
};

describe('printResult', () => {
  it('prints the warnings of a run', () => {
    const warning =
      'duplicate: zone United States has 2 methods "Standard" (perorder) on channels [1]; bcship manages id 5 and leaves id 9';

    expect(printed({ ...summary, warnings: [warning] })).toContain(`Warnings:\n  ! ${warning}`);
  });

  it('prints no warnings section when there are none', () => {
    expect(printed({ ...summary, warnings: [] })).not.toContain('Warnings');
    expect(printed(summary)).not.toContain('Warnings');
  });
});
