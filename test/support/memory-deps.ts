/**
 * The ports in memory, for tests: the local adapters without files (a JSON registry without a path, the
 * in-process MemoryEvents) plus secrets held in a map, so everything a handler stores or publishes stays
 * inspectable. BigCommerce is whatever server the test points at (usually an in-process sandbox).
 */
import type {
  Deps,
  ExecutionStarterPort,
  ProfileSource,
  SecretsPort,
  TriggerDeps,
} from '../../lambdas/platform/ports.ts';
import {
  DEFAULT_SECRET_PREFIXES,
  secretsPort,
  storeSecretName,
} from '../../lambdas/platform/secret-names.ts';
import { InvalidProfile, type Profile, parseProfile } from '../../lambdas/shipping/index.ts';
import type { ExecutionInput } from '../../lambdas/workflow-contract.ts';
import type { JsonJournal } from '../../local/platform/json-journal.ts';
import type { JsonLease } from '../../local/platform/json-lease.ts';
import type { JsonPendingRuns } from '../../local/platform/json-pending-runs.ts';
import { openJsonRegistry } from '../../local/platform/json-registry.ts';
import type { JsonRegistryFile } from '../../local/platform/json-registry-file.ts';
import type { JsonStoreRegistry } from '../../local/platform/json-store-registry.ts';
import { localDeps } from '../../local/platform/local-deps.ts';
import { MemoryEvents } from '../../local/platform/memory-events.ts';

/** Secrets by their deployed names (`bcship/stores/{storeHash}`, `bcship/carriers/{carrierId}`, …). */
class MemorySecrets implements SecretsPort {
  readonly byName = new Map<string, unknown>();
  private readonly port = secretsPort(async (name) => this.byName.get(name), DEFAULT_SECRET_PREFIXES);

  getStoreToken(storeHash: string): Promise<string> {
    return this.port.getStoreToken(storeHash);
  }

  getCarrierConnection(storeHash: string, carrierId: string): Promise<Record<string, unknown>> {
    return this.port.getCarrierConnection(storeHash, carrierId);
  }
}

interface StartedExecution {
  name: string;
  input: ExecutionInput;
}

/**
 * Step Functions' StartExecution as the trigger operations see it: a name is used once, and a second start
 * under it starts nothing. A store listed in `failing` cannot be started (the error is thrown instead).
 */
export class MemoryExecutions implements ExecutionStarterPort {
  readonly started: StartedExecution[] = [];
  readonly failing = new Map<string, Error>();

  async start(input: ExecutionInput, name: string): Promise<{ started: boolean }> {
    const failure = this.failing.get(input.storeHash);
    if (failure) throw failure;
    if (this.started.some((execution) => execution.name === name)) return { started: false };
    this.started.push({ name, input: structuredClone(input) });
    return { started: true };
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

export interface MemoryDeps extends Deps, TriggerDeps {
  secrets: MemorySecrets;
  stores: JsonStoreRegistry;
  leases: JsonLease;
  journal: JsonJournal;
  /** The document the three registry ports share, to inspect. */
  registryFile: JsonRegistryFile;
  events: MemoryEvents;
  pendingRuns: JsonPendingRuns;
  executions: MemoryExecutions;
}

export interface MemoryDepsOptions {
  /** The Shipping V2 base URL, `{storeHash}` replaced per store, e.g. `${sandbox.url}/stores/{storeHash}/v2`. */
  apiUrl: string;
  profiles?: Record<string, unknown>;
  /** storeHash → access token */
  storeTokens?: Record<string, string>;
  /** The clock of the registry's leases and pending runs (default: the system clock). */
  registryNow?: () => Date;
}

export function memoryDeps(options: MemoryDepsOptions): MemoryDeps {
  const secrets = new MemorySecrets();
  for (const [storeHash, accessToken] of Object.entries(options.storeTokens ?? {})) {
    secrets.byName.set(storeSecretName(DEFAULT_SECRET_PREFIXES, storeHash), { accessToken });
  }
  const registry = openJsonRegistry(undefined, options.registryNow ? { now: options.registryNow } : {});
  const { file: registryFile, stores, leases, journal, pendingRuns } = registry;
  const events = new MemoryEvents();
  const deps = localDeps({
    apiUrl: options.apiUrl,
    secrets,
    stores,
    leases,
    journal,
    events,
    profiles: memoryProfiles(options.profiles),
    // Tests do not wait out rate-limit pauses.
    client: { sleep: async () => {}, timeoutMs: 5_000 },
  });
  return {
    ...deps,
    secrets,
    stores,
    leases,
    journal,
    registryFile,
    events,
    pendingRuns,
    executions: new MemoryExecutions(),
  };
}
