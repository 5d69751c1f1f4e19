import { describe, expect, test } from 'vitest';
import { openJsonRegistry } from '../../../local/platform/json-registry.ts';
import { describeJournalContract } from '../../lambdas/platform/contracts/journal.contract.ts';
import { created } from './json-registry-fixture.ts';

describe('JsonJournal', () => {
  test('reads back an execution’s journal in the order it was appended', async () => {
    const registry = openJsonRegistry();
    await registry.journal.append('abc123', 'exec-1', [created('A'), created('B')]);
    await registry.journal.append('abc123', 'exec-1', [
      { kind: 'disconnect-connected', carrierId: 'endicia' },
    ]);
    expect(await registry.journal.read('abc123', 'exec-1')).toEqual([
      created('A'),
      created('B'),
      { kind: 'disconnect-connected', carrierId: 'endicia' },
    ]);
  });

  test('keeps each execution’s journal apart', async () => {
    const registry = openJsonRegistry();
    await registry.journal.append('abc123', 'exec-1', [created('A')]);
    await registry.journal.append('abc123', 'exec-2', [created('B')]);
    await registry.journal.append('def456', 'exec-1', [created('C')]);
    expect(await registry.journal.read('abc123', 'exec-1')).toEqual([created('A')]);
    expect(await registry.journal.read('abc123', 'exec-3')).toEqual([]);
  });
});

describeJournalContract('JsonJournal', async () => openJsonRegistry().journal);
