/**
 * Profiles in a folder, one file per profile: synthesis (profiles.ts) reads the profiles it deploys through
 * it, and local runs read `profiles/` through it, so both follow the same rules. It is synthesis-time and
 * local code, never Lambda code: nothing under lambdas/ imports it, so no bundle carries the YAML parser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ProfileSource } from '../lambdas/platform/ports.ts';
import { unknownProfile } from '../lambdas/platform/profiles.ts';
import {
  ASSIGNMENTS_FILE,
  type AssignmentRules,
  InvalidAssignments,
  parseAssignmentRules,
} from '../lambdas/shipping/assignment.ts';
import { composeProfile, type ProfileLayer } from '../lambdas/shipping/compose.ts';
import { InvalidProfile } from '../lambdas/shipping/errors.ts';
import { type Profile, parseProfile } from '../lambdas/shipping/profile.ts';
import { parseProfileDocument } from '../lambdas/shipping/profile-text.ts';

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
    get(name, storeHash) {
      const available = files();
      const path = available.get(name);
      if (path === undefined) throw unknownProfile(name, [...available.keys()].sort());
      const profile = resolveProfileFile(path, { profilesDir: dir, ...(storeHash ? { storeHash } : {}) });
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

/** A profile file's parsed document, its syntax errors named with the file. */
function readLayer(file: string): ProfileLayer {
  const document = parseProfileDocument(readFileSync(file, 'utf8'), file);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InvalidProfile([{ path: '', message: 'must be a profile object' }], file);
  }
  return { source: file, document: document as Record<string, unknown> };
}

/** Where `extends: name` looks: beside the file, the profile folder a `stores/` file sits in, `profilesDir`. */
const baseFolders = (file: string, profilesDir: string): string[] => {
  const folder = dirname(file);
  return basename(folder) === 'stores' ? [folder, dirname(folder), profilesDir] : [folder, profilesDir];
};

/** `extends: base` names a profile beside the file (or in `profilesDir`); `extends: ../base.yaml` a file. */
function baseFileOf(layer: ProfileLayer, profilesDir: string): string | undefined {
  const base = layer.document.extends;
  if (base === undefined) return undefined;
  if (typeof base !== 'string' || base.trim() === '') {
    throw new InvalidProfile([{ path: 'extends', message: 'must be a profile name or file' }], layer.source);
  }
  const candidates = /[/\\]|\.(ya?ml|json)$/i.test(base)
    ? [resolve(dirname(layer.source), base)]
    : baseFolders(layer.source, profilesDir).flatMap((dir) =>
        PROFILE_EXTENSIONS.map((ext) => join(dir, `${base}${ext}`)),
      );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new InvalidProfile(
      [{ path: 'extends', message: `no profile "${base}" (looked for ${candidates.join(', ')})` }],
      layer.source,
    );
  }
  return found;
}

/**
 * A store's own values for a profile: `stores/<hash>.yaml` beside the profile, when it `extends` that profile.
 * Its `name` is not the profile's: runs, the registry and reconciliation go by the profile's name.
 */
function storeLayerOf(file: string, storeHash: string, profilesDir: string): ProfileLayer | undefined {
  const storeFile = PROFILE_EXTENSIONS.map((ext) =>
    join(dirname(file), 'stores', `${storeHash.toLowerCase()}${ext}`),
  ).find((candidate) => existsSync(candidate));
  if (storeFile === undefined) return undefined;
  const layer = readLayer(storeFile);
  if (baseFileOf(layer, profilesDir) !== resolve(file)) return undefined;
  const { name: _name, ...document } = layer.document;
  return { source: storeFile, document };
}

/** The layers a profile file resolves through, base first: its `extends` chain, itself, the store's file. */
function profileLayers(file: string, options: { profilesDir: string; storeHash?: string }): ProfileLayer[] {
  const layers: ProfileLayer[] = [];
  for (let current: string | undefined = resolve(file); current !== undefined; ) {
    if (layers.some((layer) => layer.source === current)) {
      throw new InvalidProfile(
        [{ path: 'extends', message: `extends itself through ${layers.map((l) => l.source).join(' → ')}` }],
        current,
      );
    }
    const layer = readLayer(current);
    layers.unshift(layer);
    current = baseFileOf(layer, options.profilesDir);
  }
  const store =
    options.storeHash === undefined ? undefined : storeLayerOf(file, options.storeHash, options.profilesDir);
  return store ? [...layers, store] : layers;
}

/** A profile file resolved (bases, the store's own values) and validated; errors name the files composed. */
export function resolveProfileFile(
  file: string,
  options: { profilesDir: string; storeHash?: string },
): Profile {
  const layers = profileLayers(file, options);
  return parseProfile(composeProfile(layers), layers.map((layer) => layer.source).join(' + '));
}

/** Store hashes with their own values in a profiles folder (`stores/<hash>.yaml`), and the profile each extends. */
export function storeOverrides(dir: string): Array<{ storeHash: string; profile: string }> {
  const storesDir = join(dir, 'stores');
  if (!existsSync(storesDir)) return [];
  return readdirSync(storesDir)
    .filter((file) => PROFILE_EXTENSIONS.includes(extname(file).toLowerCase()))
    .flatMap((file) => {
      const layer = readLayer(join(storesDir, file));
      const base = baseFileOf(layer, dir);
      if (base === undefined) return [];
      return [
        {
          storeHash: file.slice(0, -extname(file).length).toLowerCase(),
          profile: base.slice(dirname(base).length + 1, -extname(base).length),
        },
      ];
    });
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
