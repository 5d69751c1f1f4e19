/**
 * The shipping profiles deployed with the stack. They are validated at synthesis time with the same parser
 * the Lambda uses, so an invalid profile stops `cdk synth` (naming the file and the field) instead of failing
 * executions after a deployment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Profile } from '../lambdas/shipping/profile.ts';
import { parseProfileText } from '../lambdas/shipping/profile-text.ts';

const PROFILE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Name of the global the resolve-zones bundle reads its profiles from: a JSON string of `Record<name, Profile>`. */
export const PROFILES_GLOBAL = 'globalThis.BCSHIP_PROFILES';

export class ProfileLoadError extends Error {
  override readonly name = 'ProfileLoadError';
}

/**
 * Reads every `*.yaml`, `*.yml` and `*.json` file in `dir`, validates it and returns the profiles by name.
 * A profile's `name` must equal its file name (without extension): the CLI and the console refer to profiles
 * by name, and this keeps one obvious place to look for each.
 */
export const loadProfiles = (dir: string): Record<string, Profile> => {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ProfileLoadError(`Profiles directory ${dir} does not exist (context bcship:profilesDir)`);
  }
  const files = fs
    .readdirSync(dir)
    .filter((file) => PROFILE_EXTENSIONS.has(path.extname(file).toLowerCase()))
    .sort();
  const profiles: Record<string, Profile> = {};
  const sources: Record<string, string> = {};
  for (const file of files) {
    const source = path.join(dir, file);
    const profile = parseProfileText(fs.readFileSync(source, 'utf8'), source);
    const expectedName = path.basename(file, path.extname(file));
    if (profile.name !== expectedName) {
      throw new ProfileLoadError(
        `Invalid shipping profile ${source}: name: must equal the file name "${expectedName}" (found "${profile.name}")`,
      );
    }
    const previous = sources[profile.name];
    if (previous !== undefined) {
      throw new ProfileLoadError(
        `Profiles ${previous} and ${source} both declare the name "${profile.name}"`,
      );
    }
    profiles[profile.name] = profile;
    sources[profile.name] = source;
  }
  return profiles;
};

/** The esbuild `define` that embeds the profiles into a bundle as a JSON string (parsed once at cold start). */
export const profilesDefine = (profiles: Record<string, Profile>): Record<string, string> => ({
  [PROFILES_GLOBAL]: JSON.stringify(JSON.stringify(profiles)),
});
