/**
 * An in-process BigCommerce sandbox and in-memory ports wired together, plus the steps of a run, so an
 * operation test states only what it is about.
 */
import { applyZoneMethods } from '../../lambdas/operations/apply-zone-methods.ts';
import { connectCarriers } from '../../lambdas/operations/connect-carriers.ts';
import { resolveZones } from '../../lambdas/operations/resolve-zones.ts';
import { verifyZones } from '../../lambdas/operations/verify-zones.ts';
import { MissingArtifact } from '../../lambdas/platform/ports.ts';
import {
  type ExecutionInput,
  type ResolvedRun,
  RUN_ARTIFACT,
  type RunState,
  type ZoneResult,
} from '../../lambdas/workflow-contract.ts';
import { type Sandbox, type SandboxOptions, type SandboxSeed, startSandbox } from '../../sandbox/index.ts';
import { type MemoryDeps, memoryDeps } from './memory-deps.ts';

export const STORE = 'sandbox';
const TOKEN = 'sandbox-token';

/** US (zone 1): a live-rate carrier and a flat rate; Canada (zone 2): a flat rate. */
export const testProfile = {
  name: 'test-profile',
  units: { currency: 'USD' },
  carriers: [{ id: 'endicia' }],
  zones: [
    {
      match: { country: 'US' },
      methods: [
        {
          name: 'USPS',
          type: 'endicia',
          settings: { carrier_options: { delivery_services: ['Priority', 'MediaMail'] } },
        },
        { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } },
      ],
    },
    {
      match: { name: 'Canada' },
      methods: [{ name: 'Canada Flat', type: 'perorder', settings: { rate: 12 } }],
    },
  ],
  prune: false,
};

/** The same without carriers: nothing to connect, so a run touches methods only. */
export const staticProfile = {
  name: 'static-profile',
  units: { currency: 'USD' },
  zones: [
    {
      match: { country: 'US' },
      methods: [
        { name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } },
        { name: 'Per Item', type: 'peritem', settings: { rate: 2 } },
      ],
    },
    {
      match: { name: 'Canada' },
      methods: [{ name: 'Canada Flat', type: 'perorder', settings: { rate: 12 } }],
    },
  ],
  prune: true,
};

export const ENDICIA_CONNECTION = { account_id: 'acct-4417', pass_phrase: 'endicia-pass-phrase-91' };
/** Where the fixture keeps endicia's connection fields: the shared carrier secret. */
export const ENDICIA_SECRET = 'bcship/carriers/endicia';

export interface Fixture {
  sandbox: Sandbox;
  deps: MemoryDeps;
  close(): Promise<void>;
}

export interface FixtureOptions {
  seed?: SandboxSeed;
  faults?: SandboxOptions['faults'];
  token?: string;
  profiles?: Record<string, unknown>;
}

export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const sandbox = await startSandbox({
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const deps = memoryDeps({
    apiUrl: `${sandbox.url}/stores/{storeHash}/v2`,
    storeTokens: { [STORE]: options.token ?? TOKEN },
    profiles: options.profiles ?? { [testProfile.name]: testProfile, [staticProfile.name]: staticProfile },
  });
  deps.secrets.byName.set(ENDICIA_SECRET, ENDICIA_CONNECTION);
  return { sandbox, deps, close: () => sandbox.close() };
}

/** A store seeded with these methods in the default zones (1 United States, 2 Canada, 3 Rest of World). */
export function seedWithMethods(
  methodsByZone: Record<1 | 2 | 3, Array<Record<string, unknown>>>,
  extra: {
    token?: string;
    connections?: Array<{ carrier_id: string; connection?: Record<string, unknown> }>;
  } = {},
): SandboxSeed {
  return {
    stores: [
      {
        hash: STORE,
        token: extra.token ?? TOKEN,
        zones: [
          {
            id: 1,
            name: 'United States',
            type: 'country',
            locations: [{ country_iso2: 'US' }],
            methods: methodsByZone[1],
          },
          {
            id: 2,
            name: 'Canada',
            type: 'country',
            locations: [{ country_iso2: 'CA' }],
            methods: methodsByZone[2],
          },
          { id: 3, name: 'Rest of World', type: 'global', methods: methodsByZone[3] },
        ],
        ...(extra.connections ? { connections: extra.connections } : {}),
      } as NonNullable<SandboxSeed['stores']>[number],
    ],
  };
}

/** ResolveZones' state for a run; these runs carry no `notBefore` ahead, so none is handed back to wait. */
export async function resolve(
  deps: MemoryDeps,
  input: Partial<ExecutionInput> = {},
  executionId = 'run-1',
): Promise<RunState> {
  const state = await resolveZones.run(
    { state: { storeHash: STORE, profile: testProfile.name, ...input }, executionId },
    deps,
  );
  if (!('zones' in state))
    throw new Error(`ResolveZones handed the run back to wait until ${state.notBefore}`);
  return state;
}

/** ConnectCarriers, the ApplyZones map and Verify, as the state machine sequences them. */
export async function runSteps(
  deps: MemoryDeps,
  resolved: RunState,
  executionId = 'run-1',
): Promise<RunState> {
  const state = structuredClone(resolved);
  state.connected = await connectCarriers.run({ state, executionId }, deps);
  for (const [index, zone] of state.zones.entries()) {
    state.applied.push(
      await applyZoneMethods.run(
        { storeHash: state.storeHash, executionId, mode: state.mode, prune: state.prune, index, zone },
        deps,
      ),
    );
  }
  state.verification = await verifyZones.run({ state, executionId }, deps);
  return state;
}

/** What ResolveZones kept of the profile for the run (its `resolved` artifact). */
export const resolvedRunOf = (deps: MemoryDeps, executionId = 'run-1') =>
  deps.artifacts.get<ResolvedRun>(executionId, RUN_ARTIFACT.resolved);

/** The changes and warnings the zone at `index` had (its artifact; none when it had neither). */
export async function zoneResultOf(
  deps: MemoryDeps,
  index: number,
  executionId = 'run-1',
): Promise<ZoneResult> {
  try {
    return await deps.artifacts.get<ZoneResult>(executionId, RUN_ARTIFACT.zone(index));
  } catch (error) {
    if (!(error instanceof MissingArtifact)) throw error;
    return { zoneId: -1, zoneName: '(no artifact)', actions: [], warnings: [] };
  }
}

/** Writes in the sandbox's request log. */
export const writesIn = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method !== 'GET');

/** A store's methods without ids, which a recreated method cannot keep. */
export function methodsWithoutIds(sandbox: Sandbox) {
  const { methodsByZone } = sandbox.state(STORE);
  return Object.fromEntries(
    Object.entries(methodsByZone).map(([zoneId, methods]) => [
      zoneId,
      methods
        .map(({ id: _id, ...rest }) => rest)
        .sort((a, b) => `${a.type}/${a.name}`.localeCompare(`${b.type}/${b.name}`)),
    ]),
  );
}
