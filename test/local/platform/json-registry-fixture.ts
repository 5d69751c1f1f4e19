/** Runs and journal entries for the JSON registry tests. */
import type { RunRecord, UndoEntry } from '../../../lambdas/platform/ports.ts';

export const run = (overrides: Partial<RunRecord> = {}): RunRecord => ({
  storeHash: 'abc123',
  profileName: 'us-standard',
  mode: 'apply',
  outcome: 'succeeded',
  executionId: 'exec-1',
  trigger: { kind: 'manual' },
  finishedAt: '2026-11-22T10:00:00.000Z',
  changes: [],
  mismatches: [],
  ...overrides,
});

export const created = (name: string): UndoEntry => ({
  kind: 'delete-created',
  zoneId: 1,
  zoneName: 'United States',
  type: 'perorder',
  name,
});
