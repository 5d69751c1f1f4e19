/**
 * Deps for running the real operations off AWS: BigCommerce is whatever server `apiUrl` names (a real store
 * or the sandbox), and secrets, registry, events, run artifacts and profiles come from local adapters.
 */
import { createCheckoutClient } from '../../lambdas/bigcommerce/checkout-client.ts';
import {
  createShippingClient,
  SHIPPING_CLIENT_DEFAULTS,
  type ShippingClientOptions,
} from '../../lambdas/bigcommerce/client.ts';
import type {
  Deps,
  EventsPort,
  JournalPort,
  LeasePort,
  ProfileSource,
  RunArtifactsPort,
  SecretsPort,
  StoreRegistryPort,
} from '../../lambdas/platform/ports.ts';
import { directoryProfiles } from '../../lib/directory-profiles.ts';
import { JsonRunArtifacts } from './json-run-artifacts.ts';
import { MemoryEvents } from './memory-events.ts';

export const DEFAULT_API_URL = SHIPPING_CLIENT_DEFAULTS.baseUrl;

export interface LocalDepsOptions {
  /** Base URL up to and including `/v2`; `{storeHash}` is replaced per store. */
  apiUrl?: string;
  secrets: SecretsPort;
  stores: StoreRegistryPort;
  leases: LeasePort;
  journal: JournalPort;
  events?: EventsPort;
  /** Where runs keep their documents; in memory when absent. */
  artifacts?: RunArtifactsPort;
  profiles?: ProfileSource;
  /** Folder of deployable profiles, used when `profiles` is not given. */
  profilesDir?: string;
  /** Client tuning, e.g. shorter timeouts in tests. */
  client?: Partial<Omit<ShippingClientOptions, 'storeHash' | 'accessToken' | 'baseUrl'>>;
}

export function localDeps(options: LocalDepsOptions): Deps {
  const profiles = options.profiles ?? directoryProfiles(options.profilesDir ?? 'profiles');
  const clientOptions = async (storeHash: string): Promise<ShippingClientOptions> => ({
    ...options.client,
    storeHash,
    accessToken: await options.secrets.getStoreToken(storeHash),
    baseUrl: options.apiUrl ?? DEFAULT_API_URL,
  });
  return {
    secrets: options.secrets,
    stores: options.stores,
    leases: options.leases,
    journal: options.journal,
    events: options.events ?? new MemoryEvents(),
    profiles,
    artifacts: options.artifacts ?? new JsonRunArtifacts(),
    bigcommerce: async (storeHash) => createShippingClient(await clientOptions(storeHash)),
    checkout: async (storeHash) => createCheckoutClient(await clientOptions(storeHash)),
  };
}
