/**
 * StoreRegistryPort on the JSON registry file. It keeps the DynamoDB adapter's rules: a store is listed only
 * while registered, carriers connected for an unregistered store are remembered for when it is registered,
 * and a run of an unregistered store is kept without registering it.
 */
import type {
  RegisteredStore,
  RunRecord,
  StoreEntry,
  StorePage,
  StoreRegistryPort,
} from '../../lambdas/platform/ports.ts';
import type { JsonRegistryFile, StoredStore } from './json-registry-file.ts';

/** Stores per listed page: small, so that local runs exercise paging as the fleet does. */
const PAGE_SIZE = 100;

/** How many runs the file keeps; older ones are dropped, as the DynamoDB registry expires them by TTL. */
const KEPT_RUNS = 200;

const isRegistered = (entry: StoredStore | undefined): entry is StoreEntry =>
  entry?.profileName !== undefined;

export class JsonStoreRegistry implements StoreRegistryPort {
  private readonly file: JsonRegistryFile;

  constructor(file: JsonRegistryFile) {
    this.file = file;
  }

  async getStore(storeHash: string): Promise<StoreEntry | undefined> {
    const entry = this.file.load().stores[storeHash];
    return isRegistered(entry) ? structuredClone(entry) : undefined;
  }

  async listStores(): Promise<StoreEntry[]> {
    return structuredClone(Object.values(this.file.load().stores).filter(isRegistered));
  }

  /** Pages of PAGE_SIZE stores in store-hash order; the cursor is the last hash of the page. */
  async listStorePage(cursor?: string): Promise<StorePage> {
    const registered = Object.values(this.file.load().stores)
      .filter(isRegistered)
      .map(({ storeHash, profileName }) => ({ storeHash, profileName }))
      .sort((a, b) => (a.storeHash < b.storeHash ? -1 : a.storeHash > b.storeHash ? 1 : 0))
      .filter((store) => cursor === undefined || store.storeHash > cursor);
    const stores = registered.slice(0, PAGE_SIZE);
    return registered.length > PAGE_SIZE ? { stores, cursor: stores.at(-1)?.storeHash } : { stores };
  }

  async registerStore(storeHash: string, profileName: string): Promise<void> {
    const { stores } = this.file.load();
    stores[storeHash] = { connectedCarriers: [], ...stores[storeHash], storeHash, profileName };
    this.file.save();
  }

  /** Read, change and save with nothing awaited in between: concurrent calls end the registration once. */
  async deregisterStore(storeHash: string): Promise<RegisteredStore | undefined> {
    const { stores } = this.file.load();
    const entry = stores[storeHash];
    if (!isRegistered(entry)) return undefined;
    const { profileName, ...rest } = entry;
    stores[storeHash] = rest;
    this.file.save();
    return { storeHash, profileName };
  }

  async markCarriersConnected(storeHash: string, carrierIds: string[]): Promise<void> {
    const { stores } = this.file.load();
    const entry = stores[storeHash] ?? { storeHash, connectedCarriers: [] };
    entry.connectedCarriers = [...new Set([...entry.connectedCarriers, ...carrierIds])].sort();
    stores[storeHash] = entry;
    this.file.save();
  }

  async connectedCarriers(storeHash: string): Promise<string[]> {
    return [...(this.file.load().stores[storeHash]?.connectedCarriers ?? [])];
  }

  async markCarriersDisconnected(storeHash: string, carrierIds: string[]): Promise<void> {
    const entry = this.file.load().stores[storeHash];
    if (!entry) return;
    entry.connectedCarriers = entry.connectedCarriers.filter((id) => !carrierIds.includes(id));
    this.file.save();
  }

  async recordRun(run: RunRecord): Promise<void> {
    const doc = this.file.load();
    doc.runs = [...doc.runs, structuredClone(run)].slice(-KEPT_RUNS);
    const entry = doc.stores[run.storeHash];
    if (isRegistered(entry)) entry.lastRun = structuredClone(run);
    this.file.save();
  }

  async runRecorded(storeHash: string, executionId: string, since = ''): Promise<boolean> {
    return this.file
      .load()
      .runs.some((r) => r.storeHash === storeHash && r.executionId === executionId && r.finishedAt >= since);
  }

  /** Runs of one store, newest first. */
  runsOf(storeHash: string): RunRecord[] {
    return structuredClone(
      this.file
        .load()
        .runs.filter((r) => r.storeHash === storeHash)
        .reverse(),
    );
  }
}
