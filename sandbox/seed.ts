/**
 * The sandbox's starting state: any number of stores, each with its token, store information, zones, methods and
 * carrier connections. Seeds come from YAML or JSON files or from objects in tests, and are validated with zod so
 * a bad field is reported by its path.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CartStore } from './carts.ts';
import { Catalog, defaultProducts, productsSchema } from './catalog.ts';
import { defaultStoreInformation, type StoreInformation } from './store-information.ts';
import { type StoreSnapshot, StoreState } from './store-state.ts';
import { V2Error } from './v2-errors.ts';

const idSchema = z.number().int().positive();

const locationSchema = z.strictObject({
  zip: z.string().min(1).optional(),
  country_iso2: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter upper-case ISO code')
    .optional(),
  state_iso2: z.string().min(1).optional(),
});

const methodSchema = z.strictObject({
  id: idSchema.optional(),
  name: z.string().min(1),
  type: z.string().min(1),
  settings: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
  handling_fees: z
    .union([
      z.strictObject({ fixed_surcharge: z.number().nonnegative() }),
      z.strictObject({ percentage_surcharge: z.number().nonnegative() }),
    ])
    .optional(),
  is_fallback: z.boolean().optional(),
  channel_ids: z.array(idSchema).optional(),
});

const zoneSchema = z.strictObject({
  id: idSchema.optional(),
  name: z.string().min(1),
  type: z.enum(['zip', 'country', 'state', 'global']),
  locations: z.array(locationSchema).optional(),
  enabled: z.boolean().optional(),
  free_shipping: z
    .strictObject({
      enabled: z.boolean().optional(),
      minimum_sub_total: z.string().optional(),
      exclude_fixed_shipping_products: z.boolean().optional(),
    })
    .optional(),
  handling_fees: z.record(z.string(), z.unknown()).optional(),
  methods: z.array(methodSchema).optional(),
});

const connectionSchema = z.strictObject({
  carrier_id: z.string().min(1),
  connection: z.record(z.string(), z.unknown()).optional(),
});

/** Any field of GET /v2/store may be set; the ones bcship reads are checked. */
const storeInformationSchema = z.looseObject({
  name: z.string().min(1).optional(),
  weight_units: z.string().min(1).optional(),
  dimension_units: z.string().min(1).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code')
    .optional(),
  decimal_places: z.number().int().nonnegative().optional(),
  country_code: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter upper-case ISO code')
    .optional(),
  store_id: idSchema.optional(),
});

const storeSchema = z.strictObject({
  hash: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"'),
  token: z.string().min(1),
  info: storeInformationSchema.optional(),
  /** Channel ids a new method joins by default. */
  channels: z.array(idSchema).min(1).optional(),
  /** Omitted: the three default zones. `[]`: no zones. */
  zones: z.array(zoneSchema).optional(),
  connections: z.array(connectionSchema).optional(),
  /** Catalog products carts can hold. Omitted: the two default products. */
  products: productsSchema.optional(),
});

const seedSchema = z.strictObject({ stores: z.array(storeSchema).min(1) }).superRefine((seed, context) => {
  const seen = new Set<string>();
  seed.stores.forEach((store, index) => {
    if (seen.has(store.hash)) {
      context.addIssue({
        code: 'custom',
        path: ['stores', index, 'hash'],
        message: 'duplicates another store',
      });
    }
    seen.add(store.hash);
  });
});

export type SandboxSeed = z.input<typeof seedSchema>;
type ZoneSeed = z.input<typeof zoneSchema>;

export const defaultStoreHash = 'sandbox';
export const defaultStoreToken = 'sandbox-token';

const defaultZones: ZoneSeed[] = [
  { id: 1, name: 'United States', type: 'country', locations: [{ country_iso2: 'US' }] },
  { id: 2, name: 'Canada', type: 'country', locations: [{ country_iso2: 'CA' }] },
  { id: 3, name: 'Rest of World', type: 'global', locations: [] },
];

export const defaultSeed: SandboxSeed = { stores: [{ hash: defaultStoreHash, token: defaultStoreToken }] };

class InvalidSeed extends Error {
  override readonly name = 'InvalidSeed';
}

export function parseSeed(value: unknown, source = 'seed'): z.output<typeof seedSchema> {
  const result = seedSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  ${formatPath(issue.path) || '(root)'}: ${issue.message}`,
  );
  throw new InvalidSeed(`Invalid sandbox ${source}:\n${lines.join('\n')}`);
}

/** Reads a YAML or JSON seed file (YAML is a superset of JSON). */
export function loadSeedFile(path: string): z.output<typeof seedSchema> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidSeed(`Cannot read sandbox seed ${path}: ${(error as Error).message}`);
  }
  return parseSeed(parsed, `seed ${path}`);
}

export interface SeededStore {
  hash: string;
  token: string;
  information: StoreInformation;
  state: StoreState;
  /** The products carts can hold, and `GET /v3/catalog/variants` lists. */
  catalog: Catalog;
  /** Carts and their checkouts (V3), holding products of the store's catalog. */
  carts: CartStore;
}

/**
 * Builds the stores through the same operations the API performs, so a seed obeys the API's rules (a carrier
 * method needs its carrier connected, connections need their carrier's fields).
 */
export function materializeSeed(seed: SandboxSeed, source = 'seed'): Map<string, SeededStore> {
  const parsed = parseSeed(seed, source);
  const stores = new Map<string, SeededStore>();
  parsed.stores.forEach((store, storeIndex) => {
    const at = (...path: (string | number)[]) => formatPath(['stores', storeIndex, ...path]);
    const state = new StoreState(store.channels ?? [1]);
    const apply = (path: string, operation: () => unknown) => {
      try {
        operation();
      } catch (error) {
        const message = error instanceof V2Error ? error.messages.join('; ') : (error as Error).message;
        throw new InvalidSeed(`Invalid sandbox ${source}:\n  ${path}: ${message}`);
      }
    };
    (store.connections ?? []).forEach((connection, index) => {
      apply(at('connections', index), () => state.connectCarrier(connection));
    });
    (store.zones ?? defaultZones).forEach((zoneSeed, zoneIndex) => {
      const { id, methods, ...zone } = zoneSeed;
      let zoneId = 0;
      apply(at('zones', zoneIndex), () => {
        zoneId = state.createZone(zone, id).id;
      });
      (methods ?? []).forEach((methodSeed, methodIndex) => {
        const { id: methodId, ...method } = methodSeed;
        apply(at('zones', zoneIndex, 'methods', methodIndex), () =>
          state.createMethod(zoneId, method, methodId),
        );
      });
    });
    const storeId = storeIndex + 1_000_001;
    const information = { ...defaultStoreInformation(store.hash, storeId), ...store.info };
    const catalog = new Catalog(store.products ?? defaultProducts);
    stores.set(store.hash, {
      hash: store.hash,
      token: store.token,
      information,
      state,
      catalog,
      carts: new CartStore({
        catalog,
        channelIds: store.channels ?? [1],
        currencyCode: String(information.currency),
      }),
    });
  });
  return stores;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, segment) =>
      typeof segment === 'number'
        ? `${text}[${segment}]`
        : text === ''
          ? String(segment)
          : `${text}.${String(segment)}`,
    '',
  );
}

/**
 * The sandbox's current state as a seed, so a later run can start where this one stopped (the demo keeps
 * its store across runs this way). Carrier connections are included: keep the file out of version control.
 */
export function seedFromSnapshots(
  stores: ReadonlyArray<{ hash: string; token: string; snapshot: StoreSnapshot }>,
): SandboxSeed {
  return {
    stores: stores.map(({ hash, token, snapshot }) => ({
      hash,
      token,
      zones: snapshot.zones.map((zone) => ({
        id: zone.id,
        name: zone.name,
        type: zone.type,
        locations: zone.locations.map(({ id: _id, ...location }) => location),
        enabled: zone.enabled,
        free_shipping: zone.free_shipping,
        ...(zone.handling_fees ? { handling_fees: zone.handling_fees } : {}),
        methods: (snapshot.methodsByZone[zone.id] ?? []).map((method) => ({ ...method })),
      })),
      connections: Object.entries(snapshot.connections).map(([carrier_id, connection]) => ({
        carrier_id,
        connection,
      })),
    })),
  };
}
