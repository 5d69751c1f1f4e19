/**
 * Profiles for fleets, composed: a profile may `extends` a base profile and override it by method identity, and
 * may declare `vars` that its values reference as `${name}`; a store's own file (`stores/<hash>.yaml`, which
 * `extends` the profile) sets that store's values. Layers are plain documents merged here, base first; the
 * result is validated as any profile, so plan, verify and the deployed stack see one resolved profile.
 */
import { InvalidProfile } from './errors.ts';
import { isRecord } from './values.ts';

/** One file of a composition: where it came from, and its document as parsed (YAML or JSON). */
export interface ProfileLayer {
  source: string;
  document: Record<string, unknown>;
}

type Document = Record<string, unknown>;

/** Objects merged key by key (the override's values win); lists and scalars replaced. */
const deepMerge = (base: unknown, over: unknown): unknown => {
  if (!isRecord(base) || !isRecord(over)) return over;
  const merged: Document = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(base[key], value);
  return merged;
};

const zoneKey = (entry: Document): string | undefined => {
  if (entry.match !== undefined) return `match:${JSON.stringify(entry.match).toLowerCase()}`;
  if (isRecord(entry.zone) && typeof entry.zone.name === 'string')
    return `zone:${entry.zone.name.toLowerCase()}`;
  return undefined;
};

/** Type and name, and channels when given: the identity plan and verify match methods by. */
const methodKey = (method: Document): string | undefined =>
  typeof method.type === 'string' && typeof method.name === 'string'
    ? `${method.type}\u0000${method.name.trim()}\u0000${JSON.stringify(method.channel_ids ?? null)}`
    : undefined;

/** Entries of `over` replace (merged into) the entry of `base` with the same key; new ones are appended. */
const mergeByKey = (
  base: unknown[],
  over: unknown,
  keyOf: (entry: Document) => string | undefined,
  mergeEntry: (base: Document, over: Document, path: string) => Document,
  { path, source, needs }: { path: string; source: string; needs: string },
): unknown[] => {
  if (!Array.isArray(over)) throw new InvalidProfile([{ path, message: 'must be a list' }], source);
  const merged = [...base];
  over.forEach((entry, index) => {
    const key = isRecord(entry) ? keyOf(entry) : undefined;
    if (key === undefined) {
      throw new InvalidProfile(
        [{ path: `${path}[${index}]`, message: `must have ${needs} to be merged` }],
        source,
      );
    }
    const at = merged.findIndex((candidate) => isRecord(candidate) && keyOf(candidate) === key);
    if (at < 0) merged.push(entry);
    else merged[at] = mergeEntry(merged[at] as Document, entry as Document, `${path}[${index}]`);
  });
  return merged;
};

const mergeZones = (base: unknown, over: unknown, source: string): unknown[] =>
  mergeByKey(
    Array.isArray(base) ? base : [],
    over,
    zoneKey,
    (baseZone, overZone, path) => ({
      ...(deepMerge(baseZone, { ...overZone, methods: undefined }) as Document),
      methods: mergeByKey(
        Array.isArray(baseZone.methods) ? baseZone.methods : [],
        overZone.methods ?? [],
        methodKey,
        (baseMethod, overMethod) => deepMerge(baseMethod, overMethod) as Document,
        { path: `${path}.methods`, source, needs: 'a type and a name' },
      ),
    }),
    { path: 'zones', source, needs: 'a match or a zone with a name' },
  );

const carrierId = (carrier: Document): string | undefined =>
  typeof carrier.id === 'string' ? carrier.id : undefined;

/** `over` merged over `base`: zones and their methods by identity, carriers by id, vars key by key. */
const mergeLayer = (base: Document, { document, source }: ProfileLayer): Document => {
  const merged: Document = { ...base };
  for (const [key, value] of Object.entries(document)) {
    if (key === 'extends') continue;
    if (key === 'zones') merged.zones = mergeZones(base.zones, value, source);
    else if (key === 'carriers') {
      merged.carriers = mergeByKey(
        Array.isArray(base.carriers) ? base.carriers : [],
        value,
        carrierId,
        (_, o) => o,
        {
          path: 'carriers',
          source,
          needs: 'an id',
        },
      );
    } else if (key === 'vars' || key === 'units') merged[key] = deepMerge(base[key], value);
    else merged[key] = value;
  }
  return merged;
};

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `${name}` replaced by the var's value: a string that is only a reference takes the value as it is (a number). */
const substitute = (value: unknown, vars: Document, path: string, sources: string): unknown => {
  if (Array.isArray(value))
    return value.map((item, index) => substitute(item, vars, `${path}[${index}]`, sources));
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        substitute(item, vars, path ? `${path}.${key}` : key, sources),
      ]),
    );
  }
  if (typeof value !== 'string') return value;
  const read = (name: string) => {
    if (!Object.hasOwn(vars, name)) {
      const known = Object.keys(vars).sort().join(', ') || 'none';
      throw new InvalidProfile(
        [{ path, message: `refers to \${${name}}, which no vars block sets (vars: ${known})` }],
        sources,
      );
    }
    return vars[name];
  };
  const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
  if (whole) return read(whole[1]!);
  return value.replace(REFERENCE, (_, name: string) => String(read(name)));
};

/** The profile document the layers make, base first: merged, then its vars substituted (and removed). */
export const composeProfile = (layers: readonly ProfileLayer[]): Document => {
  const [base, ...overrides] = layers;
  if (!base) throw new Error('composeProfile needs at least one layer');
  const merged = overrides.reduce(mergeLayer, mergeLayer({}, base));
  const { vars, ...profile } = merged;
  const sources = layers.map((layer) => layer.source).join(' + ');
  return substitute(profile, isRecord(vars) ? vars : {}, '', sources) as Document;
};
