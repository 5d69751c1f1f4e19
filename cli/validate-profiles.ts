/** `bcship profiles validate`: each file parsed and validated as a run would, one line per file. */
import { resolveProfileFile } from '../lib/directory-profiles.ts';
import type { CliIO } from './report.ts';
import { EXIT, profilesDirectory } from './run.ts';

interface Validation {
  file: string;
  ok: boolean;
  profile?: string;
  zones?: number;
  error?: string;
}

export function validateProfiles(files: string[], io: CliIO, json = false): number {
  const results = files.map(validateFile);
  if (json) io.out(JSON.stringify(results, null, 2));
  else {
    for (const result of results) {
      if (result.ok) io.out(`ok  ${result.file} (${result.profile}: ${result.zones} zone(s))`);
      else io.err(result.error!);
    }
  }
  return results.some((result) => !result.ok) ? EXIT.badInput : EXIT.ok;
}

function validateFile(file: string): Validation {
  try {
    const profile = resolveProfileFile(file, { profilesDir: profilesDirectory() });
    return { file, ok: true, profile: profile.name, zones: profile.zones.length };
  } catch (error) {
    const message =
      error instanceof Error && error.name !== 'Error' ? error.message : `${file}: ${String(error)}`;
    return { file, ok: false, error: message };
  }
}
