/**
 * Where named profiles come from: bundled into the Lambda at build time, or a `profiles/` folder when running
 * locally. Both validate with the domain's schema, lazily, so one broken profile does not take the others down.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { InvalidProfile } from '../shipping/errors.ts';
import { type Profile, parseProfile, parseProfileText } from '../shipping/index.ts';
import type { ProfileSource } from './ports.ts';

declare global {
  /** `{ [name]: profile }` as a JSON string, substituted by esbuild `define` when the stack bundles profiles. */
  var BCSHIP_PROFILES: string | undefined;
}

const unknownProfile = (name: string, known: string[]) =>
  new InvalidProfile([
    {
      path: 'profile',
      message: `no profile named "${name}"; known profiles: ${known.length > 0 ? known.join(', ') : '(none)'}`,
    },
  ]);

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
    names: () => Object.keys(rawProfiles()).sort(),
    get(name) {
      const cached = parsed.get(name);
      if (cached) return cached;
      const profiles = rawProfiles();
      if (!Object.hasOwn(profiles, name)) throw unknownProfile(name, Object.keys(profiles).sort());
      const profile = parseProfile(profiles[name], `"${name}" (deployed)`);
      parsed.set(name, profile);
      return profile;
    },
  };
}

const PROFILE_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Profiles in a folder, one file per profile, named by the file name without its extension. */
export function directoryProfiles(dir: string): ProfileSource {
  const files = (): Map<string, string> => {
    const byName = new Map<string, string>();
    for (const file of readdirSync(dir).sort()) {
      const extension = extname(file);
      if (PROFILE_EXTENSIONS.includes(extension))
        byName.set(file.slice(0, -extension.length), join(dir, file));
    }
    return byName;
  };

  return {
    names: () => [...files().keys()].sort(),
    get(name) {
      const available = files();
      const path = available.get(name);
      if (path === undefined) throw unknownProfile(name, [...available.keys()].sort());
      return parseProfileText(readFileSync(path, 'utf8'), path);
    },
  };
}
