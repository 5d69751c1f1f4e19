/**
 * ResolveZones: validates the execution input and its profile, reads the store's zones and turns every zone
 * selector into a zone id. Everything that can make a run fail for a reason the operator must fix (bad input,
 * bad profile, unknown zone, missing token) fails here, before anything is written.
 */
import type { Deps } from '../platform/ports.ts';
import { normalizeZone, type Profile, parseProfile, resolveZones } from '../shipping/index.ts';
import { ExecutionInputSchema, type RunState, type TaskInput } from '../workflow-contract.ts';
import { ExecutionTaskInputSchema, parseInput } from './input.ts';

export async function resolveZonesOperation(input: TaskInput<unknown>, deps: Deps): Promise<RunState> {
  const execution = parseInput(ExecutionInputSchema, input.state);
  const profile: Profile =
    typeof execution.profile === 'string'
      ? deps.profiles.get(execution.profile)
      : parseProfile(execution.profile, '(inline)');

  const client = await deps.bigcommerce(execution.storeHash);
  const zones = (await client.listZones()).map((raw: unknown) => normalizeZone(raw));
  const resolved = resolveZones(profile, zones);

  const store = await deps.registry.getStore(execution.storeHash);
  const profileCarriers = profile.carriers.map((carrier) => carrier.id);
  // BigCommerce cannot report connections, so the registry remembers which carriers this tool connected.
  const alreadyConnected = new Set(store?.connectedCarriers ?? []);
  const carriers =
    execution.mode === 'verify'
      ? []
      : execution.reconnect
        ? profileCarriers
        : profileCarriers.filter((id) => !alreadyConnected.has(id));

  if (execution.mode === 'apply' && store === undefined) {
    await deps.registry.registerStore(execution.storeHash, profile.name);
  }

  return {
    storeHash: execution.storeHash,
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
