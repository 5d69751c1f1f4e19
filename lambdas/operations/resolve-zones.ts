/**
 * ResolveZones: validates the execution input and its profile, takes the store's lease (mode apply), reads
 * the store's zones and turns every zone selector into a zone id. Everything that can make a run fail for a
 * reason the operator must fix (bad input, bad profile, units other than the store's, unknown zone, missing
 * token) fails here, before anything is written to the store.
 *
 * A verify run does not take the lease, but waits while another execution holds it: an apply in progress
 * leaves the store half changed, and verifying it then would report drift that is about to be gone. A plan
 * neither takes nor waits for it: it writes nothing and only says what an apply would do.
 *
 * The resolved zones, declared zone changes and checkout expectations are the run's `resolved` artifact; the
 * state carries each zone's id and name only, so it stays small whatever the profile.
 *
 * A webhook run whose `notBefore` is still ahead is handed back as it came, before anything is read or taken:
 * the state machine waits until then and calls ResolveZones again (OnboardStateMachine.waitForTheBurst).
 *
 * Nothing is registered here: a run whose apply then fails or is rolled back must not register a profile that
 * never took effect. Record registers the store once an apply of a deployed profile has ended well
 * (`profileDeployed`).
 */

import * as z from 'zod/mini';
import type { ShippingClient } from '../bigcommerce/client.ts';
import type { Deps } from '../platform/ports.ts';
import { InvalidInput, UnitsMismatch } from '../shipping/errors.ts';
import {
  normalizeZone,
  type Profile,
  parseProfile,
  planCarrierConnections,
  resolveZones as resolveProfileZones,
} from '../shipping/index.ts';
import { unitMismatches } from '../shipping/units.ts';
import {
  type ExecutionInput,
  ExecutionInputSchema,
  type ResolvedRun,
  RUN_ARTIFACT,
  type RunState,
  STORE_LEASE_SECONDS,
  StoredProfileSchema,
  storedProfileDigest,
  type TaskInput,
} from '../workflow-contract.ts';
import { applyDeclaredZones } from './declared-zones.ts';
import { StoreBusy } from './errors.ts';
import { ExecutionTaskInputSchema, parseInput } from './input.ts';
import { defineOperation, type OperationReport } from './operation.ts';
import { waitForNoApply } from './store-busy.ts';

/**
 * Step Functions' clock (the Wait) and Lambda's may differ a little: a run woken at `notBefore` must not be sent
 * back to wait again for the difference.
 */
const CLOCK_TOLERANCE_MS = 1_000;

/** The execution input of a run whose burst window is still open, handed back for the state machine to wait. */
type BurstWindowOpen = ExecutionInput & { notBefore: string };

async function runAfterBurstWindow(
  input: TaskInput<unknown>,
  deps: Deps,
): Promise<RunState | BurstWindowOpen> {
  const execution = parseInput(ExecutionInputSchema, input.state);
  const { notBefore } = execution;
  const windowOpen = notBefore !== undefined && Date.parse(notBefore) - Date.now() > CLOCK_TOLERANCE_MS;
  return windowOpen
    ? { ...(input.state as ExecutionInput), notBefore }
    : resolveRun(execution, input.executionId, deps);
}

async function resolveRun(
  execution: z.output<typeof ExecutionInputSchema>,
  executionId: string,
  deps: Deps,
): Promise<RunState> {
  /** The name reconciliation can run the profile by, when it is deployed. */
  const deployedName = typeof execution.profile === 'string' ? execution.profile : undefined;
  const profile = await profileOf(execution, executionId, deps);
  const { storeHash } = execution;

  if (execution.mode === 'apply') {
    // Taken again when this task is retried: the lease is re-entrant for its execution.
    if (!(await deps.leases.acquire(storeHash, executionId, STORE_LEASE_SECONDS))) {
      throw new StoreBusy(storeHash, await deps.leases.holder(storeHash));
    }
  } else if (execution.mode === 'verify') {
    await waitForNoApply(deps, storeHash, executionId);
  }

  const client = await deps.bigcommerce(storeHash);
  await checkUnits(client, profile);
  const listed = (await client.listZones()).map((raw: unknown) => normalizeZone(raw));
  // Declared zones are created or updated (pruned ones deleted) before any method is planned in them.
  const zoneRun = { client, deps, storeHash, executionId: executionId, mode: execution.mode };
  const { actions: zoneActions, zones } = await applyDeclaredZones(zoneRun, profile, listed);
  const resolved = resolveProfileZones(profile, zones);
  // BigCommerce cannot report connections, so the registry remembers which carriers this tool connected,
  // for a store not registered (yet) too.
  const carriers =
    execution.mode === 'verify'
      ? []
      : planCarrierConnections(profile, await deps.stores.connectedCarriers(storeHash), {
          reconnect: execution.reconnect,
        }).map((action) => action.carrierId);
  // A plan writes nothing, so there is nothing a shopper could be offered differently.
  const checkout = execution.mode === 'plan' ? [] : profile.checkout;
  const resolvedRun: ResolvedRun = { zones: resolved, zoneActions, checkout };
  await deps.artifacts.put(executionId, RUN_ARTIFACT.resolved, resolvedRun);
  return {
    storeHash,
    mode: execution.mode,
    rollback: execution.rollback,
    trigger: execution.trigger,
    // A deployed profile goes by the name it was asked for, which is the one reconciliation runs it by (the
    // stack holds every deployed profile's own name to its file name).
    profileName: deployedName ?? profile.name,
    profileDeployed: deployedName !== undefined,
    prune: profile.prune,
    pruneZones: profile.pruneZones,
    zoneChanges: zoneActions.length,
    carriers,
    zones: resolved.map(({ zoneId, zoneName }) => ({ zoneId, zoneName })),
    connected: { actions: [] },
    applied: [],
    verification: null,
    checkoutExpectations: checkout.length,
    probe: null,
  };
}

/** The deployed profile by name, the inline one, or the one stored beside the run, checked against its digest. */
async function profileOf(
  execution: Pick<ExecutionInput, 'profile' | 'storeHash'>,
  executionId: string,
  deps: Deps,
): Promise<Profile> {
  const requested = execution.profile;
  if (typeof requested === 'string') return deps.profiles.get(requested, execution.storeHash);
  const stored = z.safeParse(StoredProfileSchema, requested);
  if (!stored.success) return parseProfile(requested, '(inline)');
  const document = await deps.artifacts.get<unknown>(executionId, RUN_ARTIFACT.profile);
  if (storedProfileDigest(document) !== stored.data.stored) {
    throw new InvalidInput([
      { path: 'profile.stored', message: `does not match the profile stored for execution ${executionId}` },
    ]);
  }
  return parseProfile(document, '(stored)');
}

/**
 * Weight ranges are in the store's weight unit and amounts in its currency, whatever the profile meant: a
 * profile written for other units would misprice every order silently, so it is refused before any write.
 */
async function checkUnits(client: ShippingClient, profile: Profile): Promise<void> {
  const store = await client.getStore();
  const mismatches = unitMismatches(profile.units, {
    currency: String(store.currency ?? ''),
    weightUnits: String(store.weight_units ?? ''),
  });
  if (mismatches.length > 0) throw new UnitsMismatch(mismatches);
}

export const resolveZones = defineOperation({
  name: 'resolve-zones',
  input: ExecutionTaskInputSchema,
  timeoutSeconds: 60,
  // Takes the store's lease (a conditional put) or, verifying, reads who holds it; reads connected carriers.
  // Reads the store's units (GET /v2/store, the store_v2_information scope the token already needs).
  uses: {
    storeSecrets: true,
    bigcommerce: true,
    registry: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    deployedProfiles: true,
    artifacts: 'read-write',
  },
  run: runAfterBurstWindow,
  report: (state): OperationReport =>
    'zones' in state
      ? {
          counts: {
            ZonesResolved: state.zones.length,
            ZonesChanged: state.zoneChanges,
            CarriersToConnect: state.carriers.length,
          },
          summary: { storeHash: state.storeHash, profileName: state.profileName, mode: state.mode },
        }
      : { counts: {}, summary: { storeHash: state.storeHash, waitsUntil: state.notBefore } },
});
