/**
 * JournalPort on the JSON registry file: each execution's entries as one list, in the order first appended,
 * each under its key (undoEntryKey) and marked once undone.
 */
import type { JournalPort, JournalRecord, UndoEntry } from '../../lambdas/platform/ports.ts';
import { undoEntryKey } from '../../lambdas/platform/undo-entry-key.ts';
import type { JsonRegistryFile } from './json-registry-file.ts';

const journalKey = (storeHash: string, executionId: string) => `${storeHash}/${executionId}`;

export class JsonJournal implements JournalPort {
  private readonly file: JsonRegistryFile;

  constructor(file: JsonRegistryFile) {
    this.file = file;
  }

  async append(storeHash: string, executionId: string, entries: UndoEntry[]): Promise<void> {
    const { journals } = this.file.load();
    const key = journalKey(storeHash, executionId);
    const records = journals[key] ?? [];
    for (const entry of entries) {
      const entryKey = undoEntryKey(entry);
      // The first entry under a key stays: a retry's entry would carry a pre-image its own attempt wrote.
      if (!records.some((record) => record.key === entryKey)) {
        records.push({ key: entryKey, entry: structuredClone(entry), undone: false });
      }
    }
    journals[key] = records;
    this.file.save();
  }

  async read(storeHash: string, executionId: string): Promise<JournalRecord[]> {
    return structuredClone(this.file.load().journals[journalKey(storeHash, executionId)] ?? []);
  }

  async markUndone(storeHash: string, executionId: string, entryKey: string): Promise<void> {
    const records = this.file.load().journals[journalKey(storeHash, executionId)] ?? [];
    const record = records.find((candidate) => candidate.key === entryKey);
    if (record === undefined) return;
    record.undone = true;
    this.file.save();
  }
}
