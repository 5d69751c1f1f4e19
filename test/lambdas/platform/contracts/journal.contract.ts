/**
 * What every JournalPort does: an execution's undo entries are read back in the order they were appended,
 * none lost when Map iterations append at the same time, and no other execution's or store's among them.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { JournalPort, UndoEntry } from '../../../../lambdas/platform/ports.ts';

/** A journal port over an empty journal. */
export type JournalFactory = () => Promise<JournalPort>;

const created = (name: string): UndoEntry => ({ kind: 'delete-created', zoneId: 1, type: 'perorder', name });
const names = (entries: UndoEntry[]) => entries.map((e) => (e.kind === 'delete-created' ? e.name : e.kind));

export function describeJournalContract(adapterName: string, factory: JournalFactory): void {
  describe(`${adapterName} (JournalPort contract)`, () => {
    let journal: JournalPort;
    beforeEach(async () => {
      journal = await factory();
    });

    test('reads an execution’s entries back in the order they were appended', async () => {
      const entries: UndoEntry[] = [
        created('A'),
        { kind: 'restore-updated', zoneId: 2, methodId: 7, body: { enabled: true, settings: { rate: 5 } } },
        { kind: 'recreate-deleted', zoneId: 3, body: { type: 'freeshipping' } },
        { kind: 'disconnect-connected', carrierId: 'endicia' },
      ];
      await journal.append('abc123', 'exec-1', entries.slice(0, 2));
      await journal.append('abc123', 'exec-1', []);
      for (const entry of entries.slice(2)) await journal.append('abc123', 'exec-1', [entry]);
      expect(await journal.read('abc123', 'exec-1')).toEqual(entries);
    });

    test('20 appends at once all survive, each one’s entries together and in order', async () => {
      const calls = Array.from({ length: 20 }, (_, i) => [
        created(`${i}.a`),
        created(`${i}.b`),
        created(`${i}.c`),
      ]);
      await Promise.all(calls.map((entries) => journal.append('abc123', 'exec-1', entries)));
      const read = names(await journal.read('abc123', 'exec-1'));
      expect([...read].sort()).toEqual(calls.flatMap(names).sort());
      for (let i = 0; i < 20; i++) {
        const at = read.indexOf(`${i}.a`);
        expect(read.slice(at, at + 3)).toEqual([`${i}.a`, `${i}.b`, `${i}.c`]);
      }
    });

    test('returns none of another execution’s or another store’s entries', async () => {
      await journal.append('abc123', 'exec-1', [created('mine')]);
      await journal.append('abc123', 'exec-10', [created('another execution')]);
      await journal.append('abc123', 'exec', [created('a shorter execution id')]);
      await journal.append('def456', 'exec-1', [created('another store')]);
      expect(names(await journal.read('abc123', 'exec-1'))).toEqual(['mine']);
      expect(await journal.read('abc123', 'exec-2')).toEqual([]);
    });
  });
}
