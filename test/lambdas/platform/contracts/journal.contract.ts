/**
 * What every JournalPort does: an execution's undo entries are read back in the order they were first
 * appended, one per logical change however often a retried task appends it (the first pre-image kept), none
 * lost when Map iterations append at the same time, no other execution's or store's among them, and each
 * marked undone once a rollback has undone it.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { JournalPort, JournalRecord, UndoEntry } from '../../../../lambdas/platform/ports.ts';
import { undoEntryKey } from '../../../../lambdas/platform/undo-entry-key.ts';

/** A journal port over an empty journal. */
export type JournalFactory = () => Promise<JournalPort>;

const created = (name: string): UndoEntry => ({
  kind: 'delete-created',
  zoneId: 1,
  zoneName: 'United States',
  type: 'perorder',
  name,
});
const restore = (rate: number): UndoEntry => ({
  kind: 'restore-updated',
  zoneId: 2,
  zoneName: 'Canada',
  methodId: 7,
  body: { name: 'Flat Rate', type: 'perorder', enabled: true, settings: { rate } },
});
const entriesOf = (records: JournalRecord[]) => records.map((record) => record.entry);
const names = (records: JournalRecord[]) =>
  entriesOf(records).map((e) => (e.kind === 'delete-created' ? e.name : e.kind));

export function describeJournalContract(adapterName: string, factory: JournalFactory): void {
  describe(`${adapterName} (JournalPort contract)`, () => {
    let journal: JournalPort;
    beforeEach(async () => {
      journal = await factory();
    });

    test('reads an execution’s entries back in the order they were appended, none undone', async () => {
      const entries: UndoEntry[] = [
        created('A'),
        restore(5),
        {
          kind: 'recreate-deleted',
          zoneId: 3,
          zoneName: 'Mexico',
          methodId: 9,
          body: { type: 'freeshipping' },
        },
        { kind: 'disconnect-connected', carrierId: 'endicia' },
      ];
      await journal.append('abc123', 'exec-1', entries.slice(0, 2));
      await journal.append('abc123', 'exec-1', []);
      for (const entry of entries.slice(2)) await journal.append('abc123', 'exec-1', [entry]);
      const records = await journal.read('abc123', 'exec-1');
      expect(entriesOf(records)).toEqual(entries);
      expect(records.map((record) => record.key)).toEqual(entries.map(undoEntryKey));
      expect(records.every((record) => !record.undone)).toBe(true);
    });

    test('a change appended again by a retry stays one entry, with its first pre-image, in its first place', async () => {
      await journal.append('abc123', 'exec-1', [restore(5)]);
      await journal.append('abc123', 'exec-1', [created('A')]);
      // The retried task read the store after its first attempt's update had landed.
      await journal.append('abc123', 'exec-1', [restore(9)]);
      await journal.append('abc123', 'exec-1', [created('A'), created('B')]);
      expect(entriesOf(await journal.read('abc123', 'exec-1'))).toEqual([
        restore(5),
        created('A'),
        created('B'),
      ]);
    });

    test('marks entries undone one by one, and a later append of the same change leaves the mark', async () => {
      await journal.append('abc123', 'exec-1', [created('A'), created('B'), restore(5)]);
      await journal.markUndone('abc123', 'exec-1', undoEntryKey(restore(5)));
      await journal.markUndone('abc123', 'exec-1', undoEntryKey(created('B')));
      await journal.append('abc123', 'exec-1', [created('B')]);
      const records = await journal.read('abc123', 'exec-1');
      expect(records.map((record) => [names([record])[0], record.undone])).toEqual([
        ['A', false],
        ['B', true],
        ['restore-updated', true],
      ]);
    });

    test('marking a key the journal does not hold adds nothing', async () => {
      await journal.append('abc123', 'exec-1', [created('A')]);
      await journal.markUndone('abc123', 'exec-1', undoEntryKey(created('never journalled')));
      await journal.markUndone('abc123', 'exec-2', undoEntryKey(created('A')));
      expect(names(await journal.read('abc123', 'exec-1'))).toEqual(['A']);
      expect(await journal.read('abc123', 'exec-2')).toEqual([]);
    });

    test('20 appends at once all survive, each one’s entries together and in order', async () => {
      const calls = Array.from({ length: 20 }, (_, i) => [
        created(`${i}.a`),
        created(`${i}.b`),
        created(`${i}.c`),
      ]);
      await Promise.all(calls.map((entries) => journal.append('abc123', 'exec-1', entries)));
      const read = names(await journal.read('abc123', 'exec-1'));
      expect([...read].sort()).toEqual(
        calls
          .flat()
          .map((e) => (e.kind === 'delete-created' ? e.name : ''))
          .sort(),
      );
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
