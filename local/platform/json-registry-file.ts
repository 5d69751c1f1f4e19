/**
 * The store registry without DynamoDB: one JSON document, kept in memory and, when a path is given, on disk.
 * Without a path it is the in-memory registry tests use. The three registry ports (json-store-registry.ts,
 * json-lease.ts, json-journal.ts) share one such file, as the DynamoDB adapters share one table.
 *
 * With a path, every operation starts from the file as it is now and every change is written back before the
 * operation returns (read, modify, write, with nothing awaited in between), so two CLI processes sharing the
 * file see each other's leases and changes instead of overwriting them with what they read at start.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JournalRecord, RunRecord, StoreEntry, UndoEntry } from '../../lambdas/platform/ports.ts';
import { undoEntryKey } from '../../lambdas/platform/undo-entry-key.ts';

/** A store's entry: `profileName` is present while the store is registered. */
export type StoredStore = Omit<StoreEntry, 'profileName'> & { profileName?: string | undefined };

interface StoreLease {
  executionId: string;
  /** ISO time after which the lease no longer holds. */
  expiresAt: string;
  /** When it was taken (absent from leases written before it was kept). */
  takenAt?: string;
}

/** A store's pending webhook run (see PendingRunPort); times in epoch seconds, as the table keeps them. */
export interface PendingRun {
  owner: string;
  status: 'starting' | 'started' | 'released';
  readsAt: number;
  heldUntil: number;
}

export interface RegistryDocument {
  stores: Record<string, StoredStore>;
  runs: RunRecord[];
  journals: Record<string, JournalRecord[]>;
  leases: Record<string, StoreLease>;
  pendingRuns: Record<string, PendingRun>;
}

const emptyDocument = (): RegistryDocument => ({
  stores: {},
  runs: [],
  journals: {},
  leases: {},
  pendingRuns: {},
});

export class JsonRegistryFile {
  private doc: RegistryDocument;
  private readonly path: string | undefined;

  constructor(path?: string) {
    this.path = path;
    this.doc = emptyDocument();
    this.load();
  }

  /**
   * The document as the file holds it now (a registry without a file is its memory), for an adapter to read
   * and change; changes are kept by `save`, called before anything is awaited.
   */
  load(): RegistryDocument {
    if (this.path && existsSync(this.path)) this.doc = readDocument(this.path);
    return this.doc;
  }

  save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    // Write-then-rename so an interrupted run never leaves half a registry behind.
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.doc, null, 2)}\n`);
    renameSync(tmp, this.path);
  }

  /** Everything the registry holds, as it would be written to its file. */
  contents(): RegistryDocument {
    return structuredClone(this.load());
  }
}

function readDocument(path: string): RegistryDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Registry file ${path} is not valid JSON (${(error as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`Registry file ${path} must hold a JSON object`);
  }
  // Files written before leases or pending runs existed have none; their list of webhook deliveries is no longer used.
  const {
    stores = {},
    runs = [],
    journals = {},
    leases = {},
    pendingRuns = {},
  } = doc as Partial<RegistryDocument>;
  return { stores, runs, journals: keyedJournals(journals), leases, pendingRuns };
}

/**
 * Files written before journal entries were keyed hold bare entries (a store's probe carts among them, read
 * by every probe): each becomes a record under its key, not undone.
 */
function keyedJournals(
  journals: Record<string, Array<JournalRecord | UndoEntry>>,
): RegistryDocument['journals'] {
  const isRecord = (item: JournalRecord | UndoEntry): item is JournalRecord => 'entry' in item;
  return Object.fromEntries(
    Object.entries(journals).map(([key, items]) => [
      key,
      items.map((item) => (isRecord(item) ? item : { key: undoEntryKey(item), entry: item, undone: false })),
    ]),
  );
}
