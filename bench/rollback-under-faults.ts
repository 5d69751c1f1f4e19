/**
 * A forced failure rolled back under faults: a store with methods, a profile that connects a carrier, creates
 * a zone, updates another, creates, updates and prunes methods in every zone, and a terminal refusal of the
 * last zone's first write, so the run fails and rolls back. About 12 % of every request fails (5xx, reset
 * connections, timeouts, writes whose answer is lost) during the apply and the rollback alike.
 *
 * The store is restored exactly when its zones, methods and carrier connections deep-equal what they were
 * before the run; only ids BigCommerce assigns anew (a pruned method recreated, a location re-added) are left
 * out of the comparison. Shared by `npm run bench:faults` (50 runs) and test/local/rollback-under-faults.test.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Deps, UndoEntry } from '../lambdas/platform/ports.ts';
import { DEFAULT_SECRET_PREFIXES, sharedCarrierSecretName } from '../lambdas/platform/secret-names.ts';
import type { OnboardAsl } from '../lib/asl.ts';
import { runOnboardLocally } from '../local/runner.ts';
import { type FaultSpec, type SandboxSeed, startSandbox } from '../sandbox/index.ts';
import { BENCH_STORE, BENCH_TOKEN, profileMethods } from './fixtures.ts';
import { benchDeps } from './onboard.ts';

const COUNTRIES = ['US', 'CA', 'GB', 'DE'] as const;
/** The zone whose first method write is refused: the Map's last. */
const FAILING_ZONE_ID = COUNTRIES.length;
const REQUEST_TIMEOUT_MS = 500;
const ENDICIA = { account_id: 'bench-account', pass_phrase: 'bench-phrase' };

/** ~12 % of requests fail; first, the terminal refusal that forces the rollback. */
const faultsFor = (seed: number): FaultSpec => ({
  seed,
  rules: [
    {
      kind: '422',
      times: 1,
      methods: ['POST', 'PUT', 'DELETE'],
      path: new RegExp(`/shipping/zones/${FAILING_ZONE_ID}/methods`),
    },
    { kind: 'lost', probability: 0.03 },
    { kind: '503', probability: 0.03 },
    { kind: '500', probability: 0.02 },
    { kind: '502', probability: 0.01 },
    { kind: 'reset', probability: 0.02 },
    { kind: 'timeout', probability: 0.01 },
  ],
});

/** Each zone holds `Method 01` at another rate (updated by the run) and `Legacy` (pruned by the run). */
function seed(): SandboxSeed {
  return {
    stores: [
      {
        hash: BENCH_STORE,
        token: BENCH_TOKEN,
        zones: COUNTRIES.map((country, index) => ({
          id: index + 1,
          name: `Zone ${country}`,
          type: 'country' as const,
          locations: [{ country_iso2: country }],
          // As BigCommerce shows a zone without a fee (REFERENCE.md §1).
          handling_fees: { fixed_surcharge: '0' },
          methods: [
            { name: 'Method 01', type: 'perorder', settings: { rate: 40 + index } },
            { name: 'Legacy', type: 'peritem', settings: { rate: 3 }, enabled: false },
          ],
        })),
      },
    ],
  };
}

const usps = {
  name: 'USPS',
  type: 'endicia',
  settings: { carrier_options: { delivery_services: ['Priority', 'MediaMail'] } },
};

function profile(): Record<string, unknown> {
  const [first, second, ...others] = COUNTRIES;
  return {
    name: 'bench-rollback',
    units: { currency: 'USD', weight: 'oz' },
    carriers: [{ id: 'endicia' }],
    prune: true,
    zones: [
      { match: { country: first }, methods: [...profileMethods(3), usps] },
      {
        zone: {
          name: `Zone ${second}`,
          type: 'country',
          locations: [{ country_iso2: second }],
          handling_fees: { fixed_surcharge: 2 },
        },
        methods: profileMethods(3),
      },
      {
        zone: { name: 'Zone FR', type: 'country', locations: [{ country_iso2: 'FR' }] },
        methods: profileMethods(2),
      },
      ...others.map((country) => ({ match: { country }, methods: profileMethods(3) })),
    ],
  };
}

type Snapshot = ReturnType<Awaited<ReturnType<typeof startSandbox>>['state']>;

const withoutId = <T extends object>(value: T): Omit<T, 'id'> => {
  const { id: _assigned, ...rest } = value as T & { id?: unknown };
  return rest;
};

/** The store as compared: zones by id, locations and methods without the ids BigCommerce assigns anew. */
function comparable(snapshot: Snapshot) {
  const zones = snapshot.zones.map((zone) => ({ ...zone, locations: zone.locations.map(withoutId) }));
  const methods = Object.entries(snapshot.methodsByZone).map(([zoneId, list]) => [
    zoneId,
    list.map(withoutId).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  ]);
  return { zones, methods, connections: snapshot.connections };
}

/** A change's identity, read from the entry itself: two entries with one identity are a duplicate. */
function changeIdentity(entry: UndoEntry): string {
  switch (entry.kind) {
    case 'delete-created':
      return `${entry.kind} ${entry.zoneId} ${entry.type} ${entry.name}`;
    case 'restore-updated':
    case 'recreate-deleted':
      return `${entry.kind} ${entry.zoneId} ${entry.methodId}`;
    case 'delete-created-zone':
      return `${entry.kind} ${entry.name} ${entry.type}`;
    case 'restore-updated-zone':
    case 'recreate-deleted-zone':
      return `${entry.kind} ${entry.zoneId}`;
    case 'disconnect-connected':
      return `${entry.kind} ${entry.carrierId}`;
    case 'delete-cart':
    case 'cart-deleted':
      return `${entry.kind} ${entry.cartId}`;
  }
}

async function journalCounts(deps: Deps, executionId: string) {
  const entries = (await deps.journal.read(BENCH_STORE, executionId)).map((record) => record.entry);
  return { entries: entries.length, duplicates: entries.length - new Set(entries.map(changeIdentity)).size };
}

export interface RollbackUnderFaults {
  restored: boolean;
  /** Journal entries for changes the journal already held. */
  duplicates: number;
  entries: number;
  /** Attempts of the Rollback task beyond the first. */
  rollbackRetries: number;
  /** How the run ended (`Failed: …`), and where the store differs when it was not restored. */
  detail: string;
}

export async function rollbackUnderFaults(seedNumber: number, asl: OnboardAsl): Promise<RollbackUnderFaults> {
  const sandbox = await startSandbox({ seed: seed(), faults: faultsFor(seedNumber) });
  try {
    const before = comparable(sandbox.state(BENCH_STORE));
    const deps = benchDeps(
      sandbox.url,
      { timeoutMs: REQUEST_TIMEOUT_MS },
      { [sharedCarrierSecretName(DEFAULT_SECRET_PREFIXES.carrierPrefix, 'endicia')]: ENDICIA },
    );
    const executionName = `rollback-faults-${seedNumber}`;
    let rollbackRetries = 0;
    const execution = await runOnboardLocally(
      { storeHash: BENCH_STORE, profile: profile(), mode: 'apply', rollback: true },
      {
        deps,
        asl,
        executionName,
        retryDelayMs: 0,
        onEvent: (event) => {
          if (event.type === 'StateRetried' && event.state.name === 'Rollback') rollbackRetries += 1;
        },
      },
    );
    const after = comparable(sandbox.state(BENCH_STORE));
    const restored = execution.status !== 'SUCCEEDED' && isDeepStrictEqual(after, before);
    const detail = `${execution.status} ${execution.error ?? ''}: ${execution.cause ?? ''}`;
    return { restored, rollbackRetries, detail, ...(await journalCounts(deps, executionName)) };
  } finally {
    await sandbox.close();
  }
}
