/**
 * Zone resolution: each profile zone entry must name exactly one of the store's zones, and no two entries may
 * name the same one. Raised before anything is written, so a wrong selector never half-applies a profile. An
 * entry that declares its zone (`zone:`) may name none yet: it resolves as `planned` (zone id 0) until the
 * zone is created.
 */
import { InvalidProfile, UnknownZone } from './errors.ts';
import { describeZoneEntry, desiredMethod, type Profile, type ProfileZone } from './profile.ts';
import type { ObservedZone, ResolvedZone, ZoneAction, ZoneSelector } from './types.ts';
import { findDeclaredZone, planDeclaredZone } from './zone-declarations.ts';

const sameText = (a: string | undefined, b: string) =>
  a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

const matches = (selector: ZoneSelector, zone: ObservedZone): boolean => {
  if ('id' in selector) return zone.id === selector.id;
  if ('name' in selector) return sameText(zone.name, selector.name);
  const { country, state } = selector;
  if (state === undefined) {
    return (
      zone.type === 'country' && zone.locations.some((location) => sameText(location.country_iso2, country))
    );
  }
  return (
    zone.type === 'state' &&
    zone.locations.some(
      (location) => sameText(location.country_iso2, country) && sameText(location.state_iso2, state),
    )
  );
};

const describeZone = (zone: ObservedZone) => `${zone.id} "${zone.name}"`;

/** The store's zone an entry names: by its selector, or (declared only) by the declaration's name or locations. */
const storeZoneOf = (entry: ProfileZone, zones: readonly ObservedZone[]): ObservedZone | undefined => {
  const selector = describeZoneEntry(entry);
  const candidates = entry.match
    ? zones.filter((zone) => matches(entry.match!, zone))
    : findDeclaredZone(entry.zone!, zones);
  if (candidates.length > 1) {
    throw new UnknownZone(
      selector,
      `matches ${candidates.length} zones (${candidates.map(describeZone).join(', ')}); select one by id`,
    );
  }
  if (candidates.length === 0 && !entry.zone) {
    const available = zones.map((candidate) => `"${candidate.name}"`).join(', ');
    throw new UnknownZone(selector, `matches no zone of the store (zones: ${available || 'none'})`);
  }
  return candidates[0];
};

/** Each entry's store zone (undefined: declared, not created yet), no zone claimed twice. */
const storeZonesOf = (profile: Profile, zones: readonly ObservedZone[]): (ObservedZone | undefined)[] => {
  const claimedBy = new Map<number, number>();
  return profile.zones.map((entry, index) => {
    const zone = storeZoneOf(entry, zones);
    if (!zone) return undefined;
    const earlier = claimedBy.get(zone.id);
    if (earlier !== undefined) {
      throw new InvalidProfile([
        {
          path: `zones[${index}].match`,
          message: `selects zone ${describeZone(zone)}, already selected by zones[${earlier}].match`,
        },
      ]);
    }
    claimedBy.set(zone.id, index);
    return zone;
  });
};

export const resolveZones = (profile: Profile, zones: readonly ObservedZone[]): ResolvedZone[] => {
  const found = storeZonesOf(profile, zones);
  return profile.zones.map((entry, index) => {
    const zone = found[index];
    const resolved: ResolvedZone = {
      zoneId: zone?.id ?? 0,
      zoneName: zone?.name ?? entry.zone!.name,
      selector: describeZoneEntry(entry),
      methods: entry.methods.map(desiredMethod),
    };
    if (entry.zone) resolved.declared = entry.zone;
    if (!zone) resolved.planned = true;
    return resolved;
  });
};

/**
 * What the store's zones need before their methods: each declared zone created or updated, and with
 * `pruneZones` each zone no entry names deleted (listed without its methods: the caller reads them).
 */
export const planZones = (
  profile: Profile,
  zones: readonly ObservedZone[],
): { declared: ZoneAction[]; pruned: ObservedZone[] } => {
  const found = storeZonesOf(profile, zones);
  const declared = profile.zones.flatMap((entry, index) =>
    entry.zone ? planDeclaredZone(entry.zone, found[index]) : [],
  );
  const named = new Set(found.flatMap((zone) => (zone ? [zone.id] : [])));
  const pruned = profile.pruneZones ? zones.filter((zone) => !named.has(zone.id)) : [];
  return { declared, pruned };
};
