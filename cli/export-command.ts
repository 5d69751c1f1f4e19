/** `bcship export`: one store's profile to stdout or a file. */
import { exportStore, profileText, writeProfile } from './export.ts';
import { localCliDeps } from './local-cli-deps.ts';
import type { CliIO } from './report.ts';
import { EXIT, UsageError } from './run.ts';

export interface ExportCommandOptions {
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
  const storeHash = (options.store ?? io.env.BC_STORE_HASH ?? '').toLowerCase();
  if (!storeHash) throw new UsageError('--store is required (or set BC_STORE_HASH)');
  const profile = await exportStore(storeHash, options, localCliDeps(options, io, storeHash));
  writeProfile(options.output, profileText(profile, options.json), io.out);
  if (options.output !== undefined && !options.json)
    io.err(`wrote ${options.output} (profile ${profile.name})`);
  return EXIT.ok;
}
