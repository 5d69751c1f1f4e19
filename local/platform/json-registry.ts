/**
 * The store registry without DynamoDB: one JSON document, kept in memory and, when a path is given, written
 * through to disk after every change so a later CLI run sees the same stores, runs and journals. Without a
 * path it is the in-memory registry tests use. It keeps the DynamoDB registry's rules: connected carriers are
 * recorded only for a registered store, and a run of an unregistered store is kept without registering it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RegistryPort, RunRecord, StoreEntry, UndoEntry } from '../../lambdas/platform/ports.ts';

export interface RegistryDocument {
  stores: Record<string, StoreEntry>;
  runs: RunRecord[];
  journals: Record<string, UndoEntry[]>;
  /** Payload hashes of the webhook deliveries claimed, oldest first. */
  webhookDeliveries: string[];
}

/** How many runs the file keeps; older ones are dropped, as the DynamoDB registry expires them by TTL. */
const KEPT_RUNS = 200;
/** How many webhook deliveries the file remembers, as the DynamoDB registry forgets them by TTL. */
const KEPT_WEBHOOK_DELIVERIES = 1000;

const journalKey = (storeHash: string, executionId: string) => `${storeHash}/${executionId}`;

export class JsonRegistry implements RegistryPort {
  private readonly doc: RegistryDocument;
  private readonly path: string | undefined;

  constructor(path?: string) {
    this.path = path;
    this.doc =
      path && existsSync(path)
        ? readDocument(path)
        : { stores: {}, runs: [], journals: {}, webhookDeliveries: [] };
  }

  async getStore(storeHash: string): Promise<StoreEntry | undefined> {
    return structuredClone(this.doc.stores[storeHash]);
  }

  async listStores(): Promise<StoreEntry[]> {
    return structuredClone(Object.values(this.doc.stores));
  }

  async registerStore(storeHash: string, profileName: string): Promise<void> {
    const existing = this.doc.stores[storeHash];
    this.doc.stores[storeHash] = { connectedCarriers: [], ...existing, storeHash, profileName };
    this.save();
  }

  async markCarriersConnected(storeHash: string, carrierIds: string[]): Promise<void> {
    const entry = this.doc.stores[storeHash];
    if (!entry) {
      throw new Error(
        `Store ${storeHash} is not registered; register it before recording connected carriers`,
      );
    }
    entry.connectedCarriers = [...new Set([...entry.connectedCarriers, ...carrierIds])].sort();
    this.save();
  }

  async markCarriersDisconnected(storeHash: string, carrierIds: string[]): Promise<void> {
    const entry = this.doc.stores[storeHash];
    if (!entry) return;
    entry.connectedCarriers = entry.connectedCarriers.filter((id) => !carrierIds.includes(id));
    this.save();
  }

  async recordRun(run: RunRecord): Promise<void> {
    this.doc.runs = [...this.doc.runs, structuredClone(run)].slice(-KEPT_RUNS);
    const entry = this.doc.stores[run.storeHash];
    if (entry) entry.lastRun = structuredClone(run);
    this.save();
  }

  /** Runs of one store, newest first. */
  runsOf(storeHash: string): RunRecord[] {
    return structuredClone(this.doc.runs.filter((r) => r.storeHash === storeHash).reverse());
  }

  async appendUndo(storeHash: string, executionId: string, entries: UndoEntry[]): Promise<void> {
    const key = journalKey(storeHash, executionId);
    this.doc.journals[key] = [...(this.doc.journals[key] ?? []), ...structuredClone(entries)];
    this.save();
  }

  async readUndo(storeHash: string, executionId: string): Promise<UndoEntry[]> {
    return structuredClone(this.doc.journals[journalKey(storeHash, executionId)] ?? []);
  }

  async recordWebhookDelivery(hash: string): Promise<boolean> {
    if (this.doc.webhookDeliveries.includes(hash)) return false;
    this.doc.webhookDeliveries = [...this.doc.webhookDeliveries, hash].slice(-KEPT_WEBHOOK_DELIVERIES);
    this.save();
    return true;
  }

  async releaseWebhookDelivery(hash: string): Promise<void> {
    this.doc.webhookDeliveries = this.doc.webhookDeliveries.filter((claimed) => claimed !== hash);
    this.save();
  }

  /** Everything the registry holds, as it would be written to its file. */
  contents(): RegistryDocument {
    return structuredClone(this.doc);
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
  // Files written before webhook deliveries were remembered have no such list.
  const { stores = {}, runs = [], journals = {}, webhookDeliveries = [] } = doc as Partial<RegistryDocument>;
  return { stores, runs, journals, webhookDeliveries };
}
