/**
 * In-memory implementations of the ports, for tests: everything a handler stores or publishes stays
 * inspectable, and BigCommerce is whatever base URL the test points at (usually an in-process sandbox).
 */
import { createShippingClient } from '../../lambdas/bigcommerce/client.ts';
import {
  type Deps,
  type EventsPort,
  MissingSecret,
  type ProfileSource,
  type RegistryPort,
  type RunRecord,
  type SecretsPort,
  type StoreEntry,
  type UndoEntry,
} from '../../lambdas/platform/ports.ts';
import { InvalidProfile, type Profile, parseProfile } from '../../lambdas/shipping/index.ts';

export class MemorySecrets implements SecretsPort {
  /** storeHash → access token */
  readonly storeTokens = new Map<string, string>();
  /** `{storeHash}/{carrierId}` → store-specific connection fields */
  readonly storeCarriers = new Map<string, Record<string, unknown>>();
  /** carrierId → shared connection fields */
  readonly sharedCarriers = new Map<string, Record<string, unknown>>();

  async getStoreToken(storeHash: string): Promise<string> {
    const token = this.storeTokens.get(storeHash);
    if (token === undefined) throw new MissingSecret(`Secret stores/${storeHash} does not exist`);
    return token;
  }

  async getCarrierConnection(storeHash: string, carrierId: string): Promise<Record<string, unknown>> {
    const fields = this.storeCarriers.get(`${storeHash}/${carrierId}`) ?? this.sharedCarriers.get(carrierId);
    if (fields === undefined) throw new MissingSecret(`No connection secret for carrier ${carrierId}`);
    return structuredClone(fields);
  }
}

export class MemoryRegistry implements RegistryPort {
  readonly stores = new Map<string, StoreEntry>();
  readonly runs: RunRecord[] = [];
  /** `{storeHash}/{executionId}` → journal */
  readonly journals = new Map<string, UndoEntry[]>();

  async getStore(storeHash: string): Promise<StoreEntry | undefined> {
    const entry = this.stores.get(storeHash);
    return entry && structuredClone(entry);
  }

  async listStores(): Promise<StoreEntry[]> {
    return structuredClone([...this.stores.values()]);
  }

  async registerStore(storeHash: string, profileName: string): Promise<void> {
    const entry = this.stores.get(storeHash);
    if (entry) entry.profileName = profileName;
    else this.stores.set(storeHash, { storeHash, profileName, connectedCarriers: [] });
  }

  async markCarriersConnected(storeHash: string, carrierIds: string[]): Promise<void> {
    const entry = this.stores.get(storeHash);
    if (!entry) throw new Error(`Store ${storeHash} is not registered`);
    entry.connectedCarriers = [...new Set([...entry.connectedCarriers, ...carrierIds])].sort();
  }

  async recordRun(run: RunRecord): Promise<void> {
    this.runs.push(structuredClone(run));
    const entry = this.stores.get(run.storeHash);
    if (entry) entry.lastRun = structuredClone(run);
  }

  async appendUndo(storeHash: string, executionId: string, entries: UndoEntry[]): Promise<void> {
    const key = `${storeHash}/${executionId}`;
    this.journals.set(key, [...(this.journals.get(key) ?? []), ...structuredClone(entries)]);
  }

  async readUndo(storeHash: string, executionId: string): Promise<UndoEntry[]> {
    return structuredClone(this.journals.get(`${storeHash}/${executionId}`) ?? []);
  }
}

export interface PublishedEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

export class MemoryEvents implements EventsPort {
  readonly published: PublishedEvent[] = [];
  async publish(detailType: string, detail: Record<string, unknown>): Promise<void> {
    this.published.push({ detailType, detail: structuredClone(detail) });
  }
}

/** Profiles given as objects, validated on lookup like the deployed ones. */
export function memoryProfiles(profiles: Record<string, unknown> = {}): ProfileSource {
  return {
    names: () => Object.keys(profiles).sort(),
    get(name: string): Profile {
      if (!Object.hasOwn(profiles, name)) {
        throw new InvalidProfile([{ path: 'profile', message: `no profile named "${name}"` }]);
      }
      return parseProfile(profiles[name], name);
    },
  };
}

export interface MemoryDeps extends Deps {
  secrets: MemorySecrets;
  registry: MemoryRegistry;
  events: MemoryEvents;
}

export interface MemoryDepsOptions {
  /** The Shipping V2 base URL for a store, e.g. `sandbox.baseUrl`. */
  baseUrl: (storeHash: string) => string;
  profiles?: Record<string, unknown>;
  /** storeHash → access token */
  storeTokens?: Record<string, string>;
}

export function memoryDeps(options: MemoryDepsOptions): MemoryDeps {
  const secrets = new MemorySecrets();
  for (const [hash, token] of Object.entries(options.storeTokens ?? {})) secrets.storeTokens.set(hash, token);
  return {
    secrets,
    registry: new MemoryRegistry(),
    events: new MemoryEvents(),
    profiles: memoryProfiles(options.profiles),
    async bigcommerce(storeHash) {
      return createShippingClient({
        storeHash,
        accessToken: await secrets.getStoreToken(storeHash),
        baseUrl: options.baseUrl(storeHash),
        // Tests do not wait out rate-limit pauses.
        sleep: async () => {},
        timeoutMs: 5_000,
      });
    },
  };
}
