/**
 * Named profiles deployed with the stack: bundled into the Lambda at build time. (Locally they come from a
 * `profiles/` folder: lib/directory-profiles.ts.) Validated lazily with the domain's schema, so one
 * broken profile does not take the others down.
 */
import { InvalidProfile } from '../shipping/errors.ts';
import { type Profile, parseProfile } from '../shipping/index.ts';
import type { ProfileSource } from './ports.ts';

declare global {
  /** `{ [name]: profile }` as a JSON string, substituted by esbuild `define` when the stack bundles profiles. */
  var BCSHIP_PROFILES: string | undefined;
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

/** Profiles deployed with the stack. `json` defaults to the bundled `globalThis.BCSHIP_PROFILES`. */
export function bundledProfiles(json: string | undefined = globalThis.BCSHIP_PROFILES): ProfileSource {
  let raw: Record<string, unknown> | undefined;
  const rawProfiles = (): Record<string, unknown> => {
    if (raw === undefined) {
      const parsed: unknown = json === undefined ? {} : JSON.parse(json);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('The bundled profiles are not a JSON object of profiles by name');
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
