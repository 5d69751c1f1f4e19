/**
 * Many stores per command: `plan | onboard | verify | export` with `--stores a,b,c`, `--all` (the local
 * registry's stores, or every store of a fleet file) or `--fleet FILE`. Stores run at once up to
 * `--concurrency` (each store's own API quota is paced by its own client: stores share none), each with a live
 * line of progress, and the command ends with one summary table: store, profile, outcome, changes, drift.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Listr } from 'listr2';
import { parse } from 'yaml';
import { mapConcurrently } from '../lambdas/operations/concurrency.ts';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import { renderStoreRuns, type StoreRun } from './fleet-report.ts';
import type { CliIO } from './report.ts';
import { DETAILED_EXIT, EXIT, UsageError } from './run.ts';

/** One store of a many-store command: the profile it runs, and its own secrets file when the fleet gives one. */
export interface FleetTarget {
  storeHash: string;
  profile: string;
  secrets?: string;
}

export interface FleetOptions {
  stores?: string;
  all?: boolean;
  fleet?: string;
  concurrency?: string;
  profile?: string;
  home: string;
}

/** Whether the options ask for many stores. */
export const isFleetRun = (options: FleetOptions): boolean =>
  options.stores !== undefined || options.all === true || options.fleet !== undefined;

/** A fleet file: `stores: [{ store, profile, secrets? }]`, secrets files relative to the fleet file. */
function readFleetFile(file: string): FleetTarget[] {
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--fleet ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const stores = (document as { stores?: unknown } | null)?.stores;
  if (!Array.isArray(stores)) throw new UsageError(`--fleet ${file}: stores: must be a list`);
  return stores.map((entry: Record<string, unknown>, index) => {
    const field = (key: string, required: boolean) => {
      const value = entry?.[key];
      if (value === undefined && !required) return undefined;
      if (typeof value !== 'string' || value.trim() === '') {
        throw new UsageError(`--fleet ${file}: stores[${index}].${key}: must be a non-empty string`);
      }
      return value.trim();
    };
    const secrets = field('secrets', false);
    return {
      storeHash: field('store', true)!.toLowerCase(),
      profile: field('profile', true)!,
      ...(secrets ? { secrets: resolve(dirname(file), secrets) } : {}),
    };
  });
}

/**
 * The stores to run and the profile of each: --profile wins, then the fleet file's, then the registry's.
 * `export` needs no profile (it writes one): `needsProfile: false`.
 */
export async function fleetTargets(options: FleetOptions, needsProfile = true): Promise<FleetTarget[]> {
  const fleet = options.fleet ? readFleetFile(options.fleet) : [];
  const registry = openJsonRegistry(join(options.home, 'registry.json')).stores;
  let hashes: string[];
  if (options.stores !== undefined) {
    hashes = options.stores
      .split(',')
      .map((hash) => hash.trim().toLowerCase())
      .filter(Boolean);
    if (hashes.length === 0) throw new UsageError('--stores: name at least one store hash');
  } else if (options.fleet) hashes = fleet.map((target) => target.storeHash);
  else hashes = (await registry.listStores()).map((store) => store.storeHash);
  if (hashes.length === 0) throw new UsageError('--all: no store is registered yet (or give --fleet FILE)');
  const targets: FleetTarget[] = [];
  for (const storeHash of [...new Set(hashes)]) {
    const inFleet = fleet.find((target) => target.storeHash === storeHash);
    const profile = options.profile ?? inFleet?.profile ?? (await registry.getStore(storeHash))?.profileName;
    if (!profile && needsProfile) {
      throw new UsageError(`store ${storeHash} has no profile: give --profile, or list it in a --fleet file`);
    }
    targets.push({
      storeHash,
      profile: profile ?? '',
      ...(inFleet?.secrets ? { secrets: inFleet.secrets } : {}),
    });
  }
  return targets;
}

export const concurrencyOf = (value: string | undefined): number => {
  const limit = Number(value ?? '4');
  if (!Number.isInteger(limit) || limit < 1 || limit > 32) {
    throw new UsageError(`--concurrency must be an integer from 1 to 32, got '${value}'`);
  }
  return limit;
};

/**
 * Runs `work` for every target, `limit` at once, with a live line per store (a listr2 list) unless `progress`
 * is off; each line ends with the store's outcome.
 */
export async function runEachStore(
  targets: readonly FleetTarget[],
  limit: number,
  progress: boolean,
  work: (target: FleetTarget) => Promise<StoreRun>,
): Promise<StoreRun[]> {
  if (!progress) return mapConcurrently(targets, limit, work);
  const runs = new Array<StoreRun>(targets.length);
  const list = new Listr(
    targets.map((target, index) => ({
      title: `${target.storeHash} (${target.profile})`,
      task: async (_: unknown, task: { title: string }) => {
        task.title = `${target.storeHash} (${target.profile}): running`;
        runs[index] = await work(target);
        const run = runs[index]!;
        task.title = `${target.storeHash} (${target.profile}): ${run.outcome}, ${run.changes.length} change(s), ${run.mismatches.length} drift`;
      },
    })),
    { concurrent: limit, exitOnError: false, rendererOptions: { collapseErrors: false } },
  );
  await list.run();
  return runs;
}

/** The summary, as a table or JSON, and the command's exit code: the worst store's. */
export function reportFleet(
  runs: StoreRun[],
  io: CliIO,
  options: { json?: boolean; detailedExitcode?: boolean },
): number {
  runs.sort((a, b) => a.storeHash.localeCompare(b.storeHash));
  io.out(options.json ? JSON.stringify(runs, null, 2) : `\n${renderStoreRuns(runs)}`);
  const failed = runs.some((run) => run.outcome === 'failed');
  const drifted = runs.some((run) => run.outcome === 'drifted');
  if (options.detailedExitcode) {
    if (failed) return DETAILED_EXIT.error;
    return drifted || runs.some((run) => run.changes.length > 0)
      ? DETAILED_EXIT.changes
      : DETAILED_EXIT.noChanges;
  }
  return failed || drifted ? EXIT.failed : EXIT.ok;
}
