/** `bcship export`: one store's profile to stdout or a file; with --stores/--all, one file per store. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportStore, profileText, writeProfile } from './export.ts';
import {
  concurrencyOf,
  type FleetOptions,
  fleetTargets,
  isFleetRun,
  reportFleet,
  runEachStore,
} from './fleet.ts';
import { localCliDeps } from './local-cli-deps.ts';
import type { CliIO } from './report.ts';
import { EXIT, UsageError } from './run.ts';

export interface ExportCommandOptions extends FleetOptions {
  store?: string;
  zones?: string;
  output?: string;
  name?: string;
  apiUrl?: string;
  secrets?: string;
  home: string;
  json?: boolean;
}

export async function exportCommand(options: ExportCommandOptions, io: CliIO): Promise<number> {
  if (isFleetRun(options)) return exportFleet(options, io);
  const storeHash = (options.store ?? io.env.BC_STORE_HASH ?? '').toLowerCase();
  if (!storeHash) throw new UsageError('--store is required (or set BC_STORE_HASH)');
  const profile = await exportStore(storeHash, options, localCliDeps(options, io, storeHash));
  writeProfile(options.output, profileText(profile, options.json), io.out);
  if (options.output !== undefined && !options.json)
    io.err(`wrote ${options.output} (profile ${profile.name})`);
  return EXIT.ok;
}

/** Every store's profile into the folder `-o` names, `<store>.yaml` each, then the summary table. */
async function exportFleet(options: ExportCommandOptions, io: CliIO): Promise<number> {
  const folder = options.output;
  if (folder === undefined)
    throw new UsageError('-o FOLDER is required with --stores/--all: one file per store');
  if (options.name !== undefined)
    throw new UsageError('--name names one profile: leave it out with --stores/--all');
  const targets = await fleetTargets(options, false);
  mkdirSync(folder, { recursive: true });
  const progress = !options.json && io.progress !== false;
  const runs = await runEachStore(targets, concurrencyOf(options.concurrency), progress, async (target) => {
    const secrets = target.secrets ?? options.secrets;
    const deps = localCliDeps({ ...options, ...(secrets ? { secrets } : {}) }, io, target.storeHash);
    const base = {
      storeHash: target.storeHash,
      profile: `store-${target.storeHash}`,
      changes: [],
      mismatches: [],
    };
    try {
      const profile = await exportStore(target.storeHash, options, deps);
      writeProfile(join(folder, `${target.storeHash}.yaml`), profileText(profile), io.out);
      return { ...base, outcome: 'exported' };
    } catch (error) {
      return { ...base, outcome: 'failed', error: `${(error as Error).name}: ${(error as Error).message}` };
    }
  });
  return reportFleet(runs, io, options);
}
