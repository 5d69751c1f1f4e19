/**
 * Profiles in a folder, one file per profile: synthesis (profiles.ts) reads the profiles it deploys through
 * it, and local runs read `profiles/` through it, so both follow the same rules. It is synthesis-time and
 * local code, never Lambda code: nothing under lambdas/ imports it, so no bundle carries the YAML parser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'yaml';
import type { ProfileSource } from '../lambdas/platform/ports.ts';
import { unknownProfile } from '../lambdas/platform/profiles.ts';
import {
  ASSIGNMENTS_FILE,
  type AssignmentRules,
  InvalidAssignments,
  parseAssignmentRules,
} from '../lambdas/shipping/assignment.ts';
import { InvalidProfile } from '../lambdas/shipping/errors.ts';
import { parseProfileText } from '../lambdas/shipping/profile-text.ts';

const PROFILE_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Every profile file but the assignment rules (`assignments.yaml`, see directoryAssignments). Named by the file name without its extension; the profile's own `name` must be the same, since runs, the
 * registry and the console all refer to a profile by that one name.
 */
export function directoryProfiles(dir: string): ProfileSource {
  const files = (): Map<string, string> => {
    const byName = new Map<string, string>();
    for (const file of readdirSync(dir).sort()) {
      const extension = extname(file);
      if (!PROFILE_EXTENSIONS.includes(extension.toLowerCase()) || file === ASSIGNMENTS_FILE) continue;
      const name = file.slice(0, -extension.length);
      const path = join(dir, file);
      const other = byName.get(name);
      if (other !== undefined) {
        throw new InvalidProfile([{ path: 'name', message: `"${name}" is also the name of ${other}` }], path);
      }
      byName.set(name, path);
    }
    return byName;
  };

  return {
    names: () => [...files().keys()].sort(),
    get(name) {
      const available = files();
      const path = available.get(name);
      if (path === undefined) throw unknownProfile(name, [...available.keys()].sort());
      const profile = parseProfileText(readFileSync(path, 'utf8'), path);
      if (profile.name !== name) {
        throw new InvalidProfile(
          [{ path: 'name', message: `must equal the file name "${name}" (found "${profile.name}")` }],
          path,
        );
      }
      return profile;
    },
  };
}

/**
 * The assignment rules of a profiles folder (`assignments.yaml`), checked against the folder's profiles: a rule
 * naming a profile that is not there fails, naming it. Undefined when the folder has none: stores must then
 * be onboarded with a profile named (an install cannot be).
 */
export function directoryAssignments(
  dir: string,
  profileNames: readonly string[],
): AssignmentRules | undefined {
  const path = join(dir, ASSIGNMENTS_FILE);
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidAssignments(
      [{ path: '', message: `syntax error: ${(error as Error).message.split('\n')[0]}` }],
      path,
    );
  }
  return parseAssignmentRules(value, profileNames, path);
}
