/**
 * `bcship profiles show [--store H] [--profile P]`: the profile a run of that store would apply, resolved (its
 * bases, the store's own values, vars substituted) and validated, as YAML or JSON. Without --profile, the one
 * the local registry has the store on.
 */

import { join } from 'node:path';
import { stringify } from 'yaml';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import type { CliIO } from './report.ts';
import { EXIT, profilesDirectory, resolveProfileArgument, UsageError } from './run.ts';

export interface ShowOptions {
  store?: string;
  profile?: string;
  home: string;
  json?: boolean;
}

export async function showProfile(options: ShowOptions, io: CliIO): Promise<number> {
  const storeHash = options.store?.toLowerCase();
  const name = options.profile ?? (storeHash ? await registeredProfile(storeHash, options.home) : undefined);
  if (name === undefined) throw new UsageError('--profile is required (or --store of a registered store)');
  const profile = resolveProfileArgument(name, storeHash);
  if (!profile) throw new UsageError(`no profile ${name} in ${profilesDirectory()} and no such file`);
  io.out(options.json ? JSON.stringify(profile, null, 2) : stringify(profile).trimEnd());
  return EXIT.ok;
}

async function registeredProfile(storeHash: string, home: string): Promise<string> {
  const entry = await openJsonRegistry(join(home, 'registry.json')).stores.getStore(storeHash);
  if (!entry) throw new UsageError(`store ${storeHash} is not registered: give --profile`);
  return entry.profileName;
}
