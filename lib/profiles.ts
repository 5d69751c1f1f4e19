/**
 * The shipping profiles deployed with the stack. They are validated at synthesis time with the same parser
 * the Lambda uses, so an invalid profile stops `cdk synth` (naming the file and the field) instead of failing
 * executions after a deployment.
 */
import * as fs from 'node:fs';
import type { AssignmentRules } from '../lambdas/shipping/assignment.ts';
import type { Profile } from '../lambdas/shipping/profile.ts';
import { directoryAssignments, directoryProfiles } from './directory-profiles.ts';

/** Name of the global the resolve-zones bundle reads its profiles from: a JSON string of `Record<name, Profile>`. */
export const PROFILES_GLOBAL = 'globalThis.BCSHIP_PROFILES';
/** And the assignment rules, a JSON string of AssignmentRules. */
const ASSIGNMENTS_GLOBAL = 'globalThis.BCSHIP_ASSIGNMENTS';

class ProfileLoadError extends Error {
  override readonly name = 'ProfileLoadError';
}

/**
 * Reads every `*.yaml`, `*.yml` and `*.json` file in `dir`, validates it and returns the profiles by name,
 * with the same rules as local runs (directory-profiles.ts): a profile's `name` is its file name.
 */
export const loadProfiles = (dir: string): Record<string, Profile> => {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ProfileLoadError(`Profiles directory ${dir} does not exist (context bcship:profilesDir)`);
  }
  const source = directoryProfiles(dir);
  return Object.fromEntries(source.names().map((name) => [name, source.get(name)]));
};

/** The assignment rules of the profiles folder, validated against its profiles (an unknown one fails synthesis). */
export const loadAssignments = (
  dir: string,
  profiles: Record<string, Profile>,
): AssignmentRules | undefined => directoryAssignments(dir, Object.keys(profiles).sort());

/**
 * The esbuild `define` that embeds the profiles and the assignment rules into a bundle as JSON strings (parsed
 * once at cold start).
 */
export const profilesDefine = (
  profiles: Record<string, Profile>,
  assignments?: AssignmentRules,
): Record<string, string> => ({
  [PROFILES_GLOBAL]: JSON.stringify(JSON.stringify(profiles)),
  ...(assignments ? { [ASSIGNMENTS_GLOBAL]: JSON.stringify(JSON.stringify(assignments)) } : {}),
});
