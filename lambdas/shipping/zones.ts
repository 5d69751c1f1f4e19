/**
 * Zone resolution: each profile zone selector must name exactly one of the store's zones, and no two selectors
 * may name the same one. Raised before anything is written, so a wrong selector never half-applies a profile.
 */
import { InvalidProfile, UnknownZone } from './errors.ts';
import { describeSelector, desiredMethod, type Profile } from './profile.ts';
import type { ObservedZone, ResolvedZone, ZoneSelector } from './types.ts';

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

export const resolveZones = (profile: Profile, zones: readonly ObservedZone[]): ResolvedZone[] => {
  const claimedBy = new Map<number, number>();
  return profile.zones.map((entry, index) => {
    const selector = describeSelector(entry.match);
    const candidates = zones.filter((zone) => matches(entry.match, zone));
    const [zone] = candidates;
    if (!zone) {
      const available = zones.map((candidate) => `"${candidate.name}"`).join(', ');
      throw new UnknownZone(selector, `matches no zone of the store (zones: ${available || 'none'})`);
    }
    if (candidates.length > 1) {
      throw new UnknownZone(
        selector,
        `matches ${candidates.length} zones (${candidates.map(describeZone).join(', ')}); select one by id`,
      );
    }
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
    return { zoneId: zone.id, zoneName: zone.name, selector, methods: entry.methods.map(desiredMethod) };
  });
};
