/** The registry ports over one JSON registry file: what a local run uses in place of the table. */
import { JsonJournal } from './json-journal.ts';
import { JsonLease, type JsonLeaseOptions } from './json-lease.ts';
import { JsonPendingRuns } from './json-pending-runs.ts';
import { JsonRegistryFile } from './json-registry-file.ts';
import { JsonStoreRegistry } from './json-store-registry.ts';

export interface JsonRegistry {
  file: JsonRegistryFile;
  stores: JsonStoreRegistry;
  leases: JsonLease;
  journal: JsonJournal;
  pendingRuns: JsonPendingRuns;
}

/** The registry kept in the file at `path` (created on the first change), or in memory without one. */
export function openJsonRegistry(path?: string, options: JsonLeaseOptions = {}): JsonRegistry {
  const file = new JsonRegistryFile(path);
  return {
    file,
    stores: new JsonStoreRegistry(file),
    leases: new JsonLease(file, options),
    journal: new JsonJournal(file),
    pendingRuns: new JsonPendingRuns(file, options),
  };
}
