/**
 * The shipping profiles deployed with the stack. They are validated at synthesis time with the same parser
 * the Lambda uses, so an invalid profile stops `cdk synth` (naming the file and the field) instead of failing
 * executions after a deployment.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEPLOYED_ASSIGNMENTS_FILE,
  DEPLOYED_PROFILES_FILE,
  storeVariantName,
} from '../lambdas/platform/profiles.ts';
import type { AssignmentRules } from '../lambdas/shipping/assignment.ts';
import type { Profile } from '../lambdas/shipping/profile.ts';
import { directoryAssignments, directoryProfiles, storeOverrides } from './directory-profiles.ts';
import { PROJECT_ROOT } from './settings.ts';

/** Where synthesis writes the files to ship; regenerated on every synthesis, ignored by git and the linters. */
const DEPLOYED_PROFILES_DIR = path.join(PROJECT_ROOT, '.build', 'deployed-profiles');

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
  // Deployed profiles ship resolved: bases merged in, and each store's own values as its own variant.
  const variants = storeOverrides(dir).map(({ storeHash, profile }) => [
    storeVariantName(profile, storeHash),
    source.get(profile, storeHash),
  ]);
  return Object.fromEntries([...source.names().map((name) => [name, source.get(name)]), ...variants]);
};

/** The assignment rules of the profiles folder, validated against its profiles (an unknown one fails synthesis). */
export const loadAssignments = (
  dir: string,
  profiles: Record<string, Profile>,
): AssignmentRules | undefined => directoryAssignments(dir, Object.keys(profiles).sort());

/**
 * Writes the profiles and the assignment rules as the JSON files the functions that use them find beside their
 * bundle (lambdas/platform/profiles.ts): data, not code, so a bundle stays the same size however many profiles
 * and store variants a fleet deploys. The folder is named after the content, so apps synthesized side by side
 * with other profiles never overwrite each other's. Returns the files to ship.
 */
export function writeDeployedProfiles(
  profiles: Record<string, Profile>,
  assignments?: AssignmentRules,
): string[] {
  const files: [string, string][] = [[DEPLOYED_PROFILES_FILE, JSON.stringify(profiles)]];
  if (assignments) files.push([DEPLOYED_ASSIGNMENTS_FILE, JSON.stringify(assignments)]);
  const digest = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
  const dir = path.join(DEPLOYED_PROFILES_DIR, digest);
  fs.mkdirSync(dir, { recursive: true });
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  });
}
