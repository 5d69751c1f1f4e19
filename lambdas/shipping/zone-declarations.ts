/**
 * Zones as code: a profile may declare a zone it needs (`zones[].zone`: name, type, locations, and the zone-level
 * handling fee and free shipping of Shipping V2's zone object). A declared zone is found on the store, created
 * when missing and updated when it differs, before its methods are applied; a zone neither declared nor
 * selected is deleted (with its methods) only with `pruneZones: true`.
 */
import * as z from 'zod/mini';
import { countryCode, stateCode } from './checkout.ts';
import { amount, label, lazily, percentage } from './limits.ts';
import type {
  DesiredZone,
  FieldChange,
  Mismatch,
  ObservedZone,
  ResolvedZone,
  ZoneAction,
  ZoneHandlingFees,
  ZoneLocation,
  ZoneType,
} from './types.ts';
import { formatValue, sameValue } from './values.ts';

/** BigCommerce's limit on a zip zone's locations (REFERENCE.md §1.2). */
const MAX_ZONE_LOCATIONS = 40_000;

const locationSchema = () =>
  z.strictObject({
    country_iso2: countryCode,
    state_iso2: z.optional(stateCode),
    zip: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(12))),
  });

/** What each zone type's locations must hold: the spec's POST examples, one shape per type. */
const LOCATION_SHAPES: Record<ZoneType, { needs: (keyof ZoneLocation)[]; describe: string }> = {
  country: { needs: ['country_iso2'], describe: '{ country_iso2 }' },
  state: { needs: ['country_iso2', 'state_iso2'], describe: '{ country_iso2, state_iso2 }' },
  zip: { needs: ['country_iso2', 'zip'], describe: '{ country_iso2, zip }' },
  global: { needs: [], describe: 'nothing' },
};

type LocatedZone = { type: ZoneType; locations: ZoneLocation[] };

const checkLocations = (zone: LocatedZone, ctx: z.core.$RefinementCtx<LocatedZone>) => {
  const shape = LOCATION_SHAPES[zone.type];
  if (zone.type === 'global') {
    if (zone.locations.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['locations'], message: 'must be empty for a global zone' });
    }
    return;
  }
  if (zone.locations.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['locations'],
      message: `must not be empty for a ${zone.type} zone`,
    });
  }
  const seen = new Set<string>();
  zone.locations.forEach((location, index) => {
    const keys = Object.keys(location).filter((key) => location[key as keyof ZoneLocation] !== undefined);
    if (keys.length !== shape.needs.length || !shape.needs.every((key) => keys.includes(key))) {
      ctx.addIssue({
        code: 'custom',
        path: ['locations', index],
        message: `must be ${shape.describe} in a ${zone.type} zone`,
      });
    }
    const key = locationKey(location);
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: ['locations', index], message: 'is listed twice' });
    seen.add(key);
  });
};

const zoneHandlingFeesSchema = () =>
  z.pipe(
    z.strictObject({
      fixed_surcharge: z.optional(amount),
      percentage_surcharge: z.optional(percentage),
      display_separately: z.optional(z.boolean()),
    }),
    z.transform((fees, ctx): ZoneHandlingFees => {
      const separately =
        fees.display_separately === undefined ? {} : { display_separately: fees.display_separately };
      if (fees.fixed_surcharge !== undefined && fees.percentage_surcharge === undefined) {
        return { fixed_surcharge: fees.fixed_surcharge, ...separately };
      }
      if (fees.percentage_surcharge !== undefined && fees.fixed_surcharge === undefined) {
        return { percentage_surcharge: fees.percentage_surcharge, ...separately };
      }
      ctx.issues.push({
        code: 'custom',
        message: 'must have exactly one of fixed_surcharge or percentage_surcharge',
        input: fees,
      });
      return z.NEVER;
    }),
  );

const zoneFreeShippingSchema = () =>
  z.strictObject({
    enabled: z.boolean(),
    minimum_sub_total: z._default(amount, 0),
    exclude_fixed_shipping_products: z._default(z.boolean(), false),
  });

/** `zones[].zone`: a zone the profile needs, as Shipping V2's zone object describes it. */
export const zoneDeclarationSchema = lazily(() =>
  z.pipe(
    z
      .strictObject({
        name: label,
        type: z.enum(['country', 'state', 'zip', 'global']),
        locations: z._default(z.array(locationSchema()).check(z.maxLength(MAX_ZONE_LOCATIONS)), []),
        enabled: z._default(z.boolean(), true),
        handling_fees: z.optional(zoneHandlingFeesSchema()),
        free_shipping: z.optional(zoneFreeShippingSchema()),
      })
      .check(z.superRefine(checkLocations)),
    z.transform((zone): DesiredZone => canonicalZone(zone as DesiredZone)),
  ),
);

const locationKey = (location: ZoneLocation): string =>
  [location.country_iso2 ?? '', location.state_iso2 ?? '', location.zip ?? ''].join('/').toUpperCase();

const canonicalLocations = (locations: readonly ZoneLocation[]): ZoneLocation[] =>
  [...locations]
    .map((location) => ({ ...location }))
    .sort((a, b) => locationKey(a).localeCompare(locationKey(b)));

const canonicalZone = (zone: DesiredZone): DesiredZone => {
  const canonical: DesiredZone = {
    name: zone.name,
    type: zone.type,
    locations: canonicalLocations(zone.locations),
    enabled: zone.enabled,
  };
  if (zone.handling_fees) canonical.handling_fees = { ...zone.handling_fees };
  if (zone.free_shipping) canonical.free_shipping = { ...zone.free_shipping };
  return canonical;
};

/** A store's zone is the declared one when it has its name, or else exactly its type and locations. */
export const findDeclaredZone = (declared: DesiredZone, zones: readonly ObservedZone[]): ObservedZone[] => {
  const byName = zones.filter(
    (zone) => zone.name.trim().toLowerCase() === declared.name.trim().toLowerCase(),
  );
  if (byName.length > 0) return byName;
  const locations = declared.locations.map(locationKey).sort();
  return zones.filter(
    (zone) => zone.type === declared.type && sameValue(zone.locations.map(locationKey).sort(), locations),
  );
};

const feeAmount = (fees: ZoneHandlingFees | undefined): number =>
  fees === undefined ? 0 : 'fixed_surcharge' in fees ? fees.fixed_surcharge : fees.percentage_surcharge;

const sameFees = (desired: ZoneHandlingFees, actual: ZoneHandlingFees | undefined): boolean => {
  if (feeAmount(desired) === 0) return feeAmount(actual) === 0;
  const kind = (fees: ZoneHandlingFees | undefined) =>
    fees && 'fixed_surcharge' in fees ? 'fixed' : 'percentage';
  return (
    actual !== undefined &&
    kind(desired) === kind(actual) &&
    sameValue(feeAmount(desired), feeAmount(actual)) &&
    (desired.display_separately === undefined ||
      desired.display_separately === (actual.display_separately ?? false))
  );
};

/** The managed fields on which a store's zone differs from its declaration. */
export const diffZone = (desired: DesiredZone, observed: ObservedZone): FieldChange[] => {
  const changes: FieldChange[] = [];
  const compare = (path: string, wanted: unknown, actual: unknown) => {
    if (!sameValue(wanted, actual)) changes.push({ path, desired: wanted, actual });
  };
  compare('name', desired.name, observed.name);
  compare('type', desired.type, observed.type);
  compare(
    'locations',
    desired.locations.map(locationKey),
    canonicalLocations(observed.locations).map(locationKey),
  );
  compare('enabled', desired.enabled, observed.enabled);
  if (desired.handling_fees && !sameFees(desired.handling_fees, observed.handling_fees)) {
    changes.push({ path: 'handling_fees', desired: desired.handling_fees, actual: observed.handling_fees });
  }
  if (desired.free_shipping) compare('free_shipping', desired.free_shipping, observed.free_shipping);
  return changes;
};

/** A declared zone to create, or an existing one to update; nothing when the store's zone matches. */
export const planDeclaredZone = (desired: DesiredZone, observed: ObservedZone | undefined): ZoneAction[] => {
  if (!observed) return [{ kind: 'create-zone', zoneName: desired.name, zone: desired }];
  const changes = diffZone(desired, observed);
  return changes.length === 0
    ? []
    : [
        {
          kind: 'update-zone',
          zoneId: observed.id,
          zoneName: observed.name,
          zone: desired,
          previous: observed,
          changes,
        },
      ];
};

/** Spec-typed bodies: the zone object types the fee and the free-shipping minimum as strings. */
const feesBody = (fees: ZoneHandlingFees): Record<string, unknown> => {
  const { display_separately, ...amountOnly } = fees;
  const [[key, value]] = Object.entries(amountOnly) as [[string, number]];
  return { [key]: String(value), ...(display_separately === undefined ? {} : { display_separately }) };
};

/** The POST/PUT body for a declared zone: everything it manages. */
export const toZoneRequestBody = (zone: DesiredZone | ObservedZone): Record<string, unknown> => {
  const body: Record<string, unknown> = {
    name: zone.name,
    type: zone.type,
    locations: zone.locations.map((location) => ({ ...location })),
    enabled: zone.enabled,
  };
  if (zone.handling_fees) body.handling_fees = feesBody(zone.handling_fees);
  if (zone.free_shipping) {
    body.free_shipping = {
      ...zone.free_shipping,
      minimum_sub_total: zone.free_shipping.minimum_sub_total.toFixed(4),
    };
  }
  return body;
};

/** The PUT body that puts a zone back as it was: a fee it had none of is cleared explicitly. */
export const toZoneRestoreBody = (previous: ObservedZone): Record<string, unknown> => ({
  ...toZoneRequestBody(previous),
  handling_fees: previous.handling_fees ? feesBody(previous.handling_fees) : { fixed_surcharge: '0' },
});

/** `US/TX`, `US/78701`, `US`: a location as an operator reads it. */
const describeLocation = (location: ZoneLocation): string =>
  [location.country_iso2, location.state_iso2, location.zip].filter(Boolean).join('/');

/** A declared zone's values, one `path = value` a line, as a plan shows a create. */
export const describeZoneValues = (zone: DesiredZone): string[] => [
  `type = ${zone.type}`,
  `locations = [${zone.locations.map(describeLocation).join(', ')}]`,
  `enabled = ${zone.enabled}`,
  ...(zone.handling_fees ? [`handling_fees = ${formatValue(zone.handling_fees)}`] : []),
  ...(zone.free_shipping ? [`free_shipping = ${formatValue(zone.free_shipping)}`] : []),
];

/** The `type` a zone-level mismatch carries, where a method's would carry its method type. */
export const ZONE_MISMATCH_TYPE = 'zone';

/**
 * Zone-level drift: a declared zone missing or different, and with `pruneZones` a zone no entry names. The
 * methods of each zone are verified apart (a missing zone's methods are all missing).
 */
export const verifyDeclaredZones = (
  resolved: readonly ResolvedZone[],
  zones: readonly ObservedZone[],
  options: { pruneZones: boolean },
): Mismatch[] => {
  const zoneMismatch = (
    zoneId: number,
    zoneName: string,
    kind: Mismatch['kind'],
    changes?: FieldChange[],
  ) => ({
    zoneId,
    zoneName,
    kind,
    type: ZONE_MISMATCH_TYPE,
    name: zoneName,
    methodIds: [],
    ...(changes ? { changes } : {}),
  });
  const mismatches: Mismatch[] = [];
  for (const zone of resolved) {
    if (!zone.declared) continue;
    const observed = zones.find((candidate) => candidate.id === zone.zoneId);
    if (zone.planned || !observed) mismatches.push(zoneMismatch(zone.zoneId, zone.zoneName, 'missing'));
    else {
      const changes = diffZone(zone.declared, observed);
      if (changes.length > 0) mismatches.push(zoneMismatch(zone.zoneId, zone.zoneName, 'different', changes));
    }
  }
  if (options.pruneZones) {
    const named = new Set(resolved.map((zone) => zone.zoneId));
    for (const zone of zones)
      if (!named.has(zone.id)) mismatches.push(zoneMismatch(zone.id, zone.name, 'unexpected'));
  }
  return mismatches;
};
