/** `bcship profiles validate`: each file parsed and validated as a run would, one line per file. */
import { readFileSync } from 'node:fs';
import { parseProfileText } from '../lambdas/shipping/profile-text.ts';
import type { CliIO } from './report.ts';
import { EXIT } from './run.ts';

export function validateProfiles(files: string[], io: CliIO): number {
  let failed = 0;
  for (const file of files) {
    try {
      const profile = parseProfileText(readFileSync(file, 'utf8'), file);
      io.out(`ok  ${file} (${profile.name}: ${profile.zones.length} zone(s))`);
    } catch (error) {
      failed++;
      io.err(error instanceof Error && error.name !== 'Error' ? error.message : `${file}: ${String(error)}`);
    }
  }
  return failed ? EXIT.badInput : EXIT.ok;
}
