/**
 * Named profiles deployed with the stack: a JSON file synthesis puts beside the Lambda's bundle
 * (lib/profiles.ts). (Locally they come from a `profiles/` folder: lib/directory-profiles.ts.) Validated lazily
 * with the domain's schema, so one broken profile does not take the others down.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidProfile } from '../shipping/errors.ts';
import { type Profile, parseProfile } from '../shipping/index.ts';
import type { ProfileSource } from './ports.ts';

/** `{ [name]: profile }`, beside the bundle of each function that uses deployed profiles. */
export const DEPLOYED_PROFILES_FILE = 'deployed-profiles.json';
/** The assignment rules, beside the bundle of each function that assigns profiles. */
export const DEPLOYED_ASSIGNMENTS_FILE = 'deployed-assignments.json';

/**
 * A file shipped beside the bundle, as text: in the function's folder (`LAMBDA_TASK_ROOT`, set by Lambda), or
 * else beside this module's file, which is the bundle when it is run outside Lambda. Undefined when there is
 * none (run from source).
 */
export function shippedFile(name: string): string | undefined {
  const root = process.env.LAMBDA_TASK_ROOT;
  const file = root ? path.join(root, name) : new URL(name, import.meta.url);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

export const unknownProfile = (name: string, known: string[]) =>
  new InvalidProfile([
    {
      path: 'profile',
      message: `no profile named "${name}"; known profiles: ${known.length > 0 ? known.join(', ') : '(none)'}`,
    },
  ]);

/** What joins a profile's name and a store hash in the name of that store's resolved variant. */
const STORE_VARIANT = '@';

export const storeVariantName = (name: string, storeHash: string): string =>
  `${name}${STORE_VARIANT}${storeHash.toLowerCase()}`;

/** Profiles deployed with the stack. `json` defaults to the file shipped beside the bundle. */
export function shippedProfiles(
  json: string | undefined = shippedFile(DEPLOYED_PROFILES_FILE),
): ProfileSource {
  let raw: Record<string, unknown> | undefined;
  const rawProfiles = (): Record<string, unknown> => {
    if (raw === undefined) {
      const parsed: unknown = json === undefined ? {} : JSON.parse(json);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('The shipped profiles are not a JSON object of profiles by name');
      }
      raw = parsed as Record<string, unknown>;
    }
    return raw;
  };
  const parsed = new Map<string, Profile>();

  return {
    names: () =>
      Object.keys(rawProfiles())
        .filter((name) => !name.includes(STORE_VARIANT))
        .sort(),
    get(name, storeHash) {
      const profiles = rawProfiles();
      // A store with its own values runs the variant synthesis resolved for it (`name@hash`).
      const variant = storeHash === undefined ? undefined : storeVariantName(name, storeHash);
      if (variant !== undefined && Object.hasOwn(profiles, variant)) return this.get(variant);
      const cached = parsed.get(name);
      if (cached) return cached;
      if (!Object.hasOwn(profiles, name)) throw unknownProfile(name, Object.keys(profiles).sort());
      const profile = parseProfile(profiles[name], `"${name}" (deployed)`);
      parsed.set(name, profile);
      return profile;
    },
  };
}
