/**
 * ResolveZones: validates the execution input and its profile, takes the store's lease (mode apply), reads
 * the store's zones and turns every zone selector into a zone id. Everything that can make a run fail for a
 * reason the operator must fix (bad input, bad profile, unknown zone, missing token) fails here, before
 * anything is written to the store.
 *
 * An apply with a deployed profile registers the store with that profile (or moves it to it), so scheduled
 * reconciliation runs what was last applied. An inline profile is not deployed, so reconciliation could not
 * run it: it never registers a store nor changes a registration.
 */
import type { Deps } from '../platform/ports.ts';
import {
  normalizeZone,
  type Profile,
  parseProfile,
  planCarrierConnections,
  resolveZones,
} from '../shipping/index.ts';
import {
  ExecutionInputSchema,
  type RunState,
  STORE_LEASE_SECONDS,
  type TaskInput,
} from '../workflow-contract.ts';
import { StoreBusy } from './errors.ts';
import { ExecutionTaskInputSchema, parseInput } from './input.ts';

export async function resolveZonesOperation(input: TaskInput<unknown>, deps: Deps): Promise<RunState> {
  const execution = parseInput(ExecutionInputSchema, input.state);
  /** The name reconciliation can run the profile by, when it is deployed. */
  const deployedName = typeof execution.profile === 'string' ? execution.profile : undefined;
  const profile: Profile =
    deployedName !== undefined
      ? deps.profiles.get(deployedName)
      : parseProfile(execution.profile, '(inline)');
  const { storeHash } = execution;

  // Taken again when this task is retried: the lease is re-entrant for its execution.
  if (
    execution.mode === 'apply' &&
    !(await deps.registry.acquireLease(storeHash, input.executionId, STORE_LEASE_SECONDS))
  ) {
    throw new StoreBusy(storeHash);
  }

  const client = await deps.bigcommerce(storeHash);
  const zones = (await client.listZones()).map((raw: unknown) => normalizeZone(raw));
  const resolved = resolveZones(profile, zones);
  const store = await deps.registry.getStore(storeHash);
  // BigCommerce cannot report connections, so the registry remembers which carriers this tool connected.
  const carriers =
    execution.mode === 'verify'
      ? []
      : planCarrierConnections(profile, store?.connectedCarriers ?? [], {
          reconnect: execution.reconnect,
        }).map((action) => action.carrierId);
  if (execution.mode === 'apply' && deployedName !== undefined && store?.profileName !== deployedName) {
    await deps.registry.registerStore(storeHash, deployedName);
  }
  return {
    storeHash,
    mode: execution.mode,
    rollback: execution.rollback,
    trigger: execution.trigger,
    profileName: profile.name,
    prune: profile.prune,
    carriers,
    zones: resolved,
    connected: { actions: [] },
    applied: [],
    verification: null,
  };
}

export const resolveZonesTask = async (event: unknown, deps: Deps): Promise<RunState> =>
  resolveZonesOperation(parseInput(ExecutionTaskInputSchema, event), deps);
