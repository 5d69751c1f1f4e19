/** Profiles in a `profiles/` folder, for local runs: the same names and validation as the deployed ones. */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ProfileSource } from '../../lambdas/platform/ports.ts';
import { unknownProfile } from '../../lambdas/platform/profiles.ts';
import { parseProfileText } from '../../lambdas/shipping/profile-text.ts';

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
