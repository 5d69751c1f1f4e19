/**
 * The store registry without DynamoDB: one JSON document, kept in memory and, when a path is given, on disk.
 * Without a path it is the in-memory registry tests use. It keeps the DynamoDB registry's rules: a store is
 * listed only while registered, carriers connected for an unregistered store are remembered for when it is
 * registered, a run of an unregistered store is kept without registering it, and a lease is decided by its
 * expiry time.
 *
 * With a path, every operation starts from the file as it is now and every change is written back before the
 * operation returns (read, modify, write, with nothing awaited in between), so two CLI processes sharing the
 * file see each other's leases and changes instead of overwriting them with what they read at start.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RegistryPort, RunRecord, StoreEntry, UndoEntry } from '../../lambdas/platform/ports.ts';

/** A store's entry: `profileName` is present while the store is registered. */
export type StoredStore = Omit<StoreEntry, 'profileName'> & { profileName?: string | undefined };

export interface StoreLease {
  executionId: string;
  /** ISO time after which the lease no longer holds. */
  expiresAt: string;
}

export interface RegistryDocument {
  stores: Record<string, StoredStore>;
  runs: RunRecord[];
  journals: Record<string, UndoEntry[]>;
  leases: Record<string, StoreLease>;
}

export interface JsonRegistryOptions {
  /** The clock leases are taken and checked against (default: the system clock). */
  now?: () => Date;
}

/** How many runs the file keeps; older ones are dropped, as the DynamoDB registry expires them by TTL. */
const KEPT_RUNS = 200;

const journalKey = (storeHash: string, executionId: string) => `${storeHash}/${executionId}`;

const isRegistered = (entry: StoredStore | undefined): entry is StoreEntry =>
  entry?.profileName !== undefined;

const emptyDocument = (): RegistryDocument => ({ stores: {}, runs: [], journals: {}, leases: {} });

export class JsonRegistry implements RegistryPort {
  private doc: RegistryDocument;
  private readonly path: string | undefined;
  private readonly now: () => Date;

  constructor(path?: string, options: JsonRegistryOptions = {}) {
    this.path = path;
    this.now = options.now ?? (() => new Date());
    this.doc = emptyDocument();
    this.refresh();
  }

  async getStore(storeHash: string): Promise<StoreEntry | undefined> {
    this.refresh();
    const entry = this.doc.stores[storeHash];
    return isRegistered(entry) ? structuredClone(entry) : undefined;
  }

  async listStores(): Promise<StoreEntry[]> {
    this.refresh();
    return structuredClone(Object.values(this.doc.stores).filter(isRegistered));
  }

  async registerStore(storeHash: string, profileName: string): Promise<void> {
    this.refresh();
    const existing = this.doc.stores[storeHash];
    this.doc.stores[storeHash] = { connectedCarriers: [], ...existing, storeHash, profileName };
    this.save();
  }

  async deregisterStore(storeHash: string): Promise<void> {
    this.refresh();
    const entry = this.doc.stores[storeHash];
    if (!isRegistered(entry)) return;
    const { profileName: _profileName, ...rest } = entry;
    this.doc.stores[storeHash] = rest;
    this.save();
  }

  async markCarriersConnected(storeHash: string, carrierIds: string[]): Promise<void> {
    this.refresh();
    const entry = this.doc.stores[storeHash] ?? { storeHash, connectedCarriers: [] };
    entry.connectedCarriers = [...new Set([...entry.connectedCarriers, ...carrierIds])].sort();
    this.doc.stores[storeHash] = entry;
    this.save();
  }

  async connectedCarriers(storeHash: string): Promise<string[]> {
    this.refresh();
    return [...(this.doc.stores[storeHash]?.connectedCarriers ?? [])];
  }

  async markCarriersDisconnected(storeHash: string, carrierIds: string[]): Promise<void> {
    this.refresh();
    const entry = this.doc.stores[storeHash];
    if (!entry) return;
    entry.connectedCarriers = entry.connectedCarriers.filter((id) => !carrierIds.includes(id));
    this.save();
  }

  async recordRun(run: RunRecord): Promise<void> {
    this.refresh();
    this.doc.runs = [...this.doc.runs, structuredClone(run)].slice(-KEPT_RUNS);
    const entry = this.doc.stores[run.storeHash];
    if (isRegistered(entry)) entry.lastRun = structuredClone(run);
    this.save();
  }

  /** Runs of one store, newest first. */
  runsOf(storeHash: string): RunRecord[] {
    this.refresh();
    return structuredClone(this.doc.runs.filter((r) => r.storeHash === storeHash).reverse());
  }

  async appendUndo(storeHash: string, executionId: string, entries: UndoEntry[]): Promise<void> {
    this.refresh();
    const key = journalKey(storeHash, executionId);
    this.doc.journals[key] = [...(this.doc.journals[key] ?? []), ...structuredClone(entries)];
    this.save();
  }

  async readUndo(storeHash: string, executionId: string): Promise<UndoEntry[]> {
    this.refresh();
    return structuredClone(this.doc.journals[journalKey(storeHash, executionId)] ?? []);
  }

  async acquireLease(storeHash: string, executionId: string, ttlSeconds: number): Promise<boolean> {
    this.refresh();
    const now = this.now();
    const lease = this.doc.leases[storeHash];
    const held =
      lease !== undefined && lease.executionId !== executionId && Date.parse(lease.expiresAt) > +now;
    if (held) return false;
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
    this.doc.leases[storeHash] = { executionId, expiresAt };
    this.save();
    return true;
  }

  async releaseLease(storeHash: string, executionId: string): Promise<void> {
    this.refresh();
    if (this.doc.leases[storeHash]?.executionId !== executionId) return;
    delete this.doc.leases[storeHash];
    this.save();
  }

  async leaseHolder(storeHash: string): Promise<string | undefined> {
    this.refresh();
    const lease = this.doc.leases[storeHash];
    return lease !== undefined && Date.parse(lease.expiresAt) > +this.now() ? lease.executionId : undefined;
  }

  /** Everything the registry holds, as it would be written to its file. */
  contents(): RegistryDocument {
    this.refresh();
    return structuredClone(this.doc);
  }

  /** Starts from the file as another process may have left it; a registry without a file is its memory. */
  private refresh(): void {
    if (this.path && existsSync(this.path)) this.doc = readDocument(this.path);
  }

  private save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    // Write-then-rename so an interrupted run never leaves half a registry behind.
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.doc, null, 2)}\n`);
    renameSync(tmp, this.path);
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
  // Files written before leases existed have none; their list of webhook deliveries is no longer used.
  const { stores = {}, runs = [], journals = {}, leases = {} } = doc as Partial<RegistryDocument>;
  return { stores, runs, journals, leases };
}
