/** JournalPort on the JSON registry file: each execution's entries as one list, in the order appended. */
import type { JournalPort, UndoEntry } from '../../lambdas/platform/ports.ts';
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
    journals[key] = [...(journals[key] ?? []), ...structuredClone(entries)];
    this.file.save();
  }

  async read(storeHash: string, executionId: string): Promise<UndoEntry[]> {
    return structuredClone(this.file.load().journals[journalKey(storeHash, executionId)] ?? []);
  }
}
