/**
 * Which shipping zone serves a shopper's address. BigCommerce uses the most specific zone that covers the
 * address; the sandbox's rule is: among enabled zones, a `zip` zone first, then a `state` zone, then a
 * `country` zone, then a `global` zone; zones of equal rank go by lowest id.
 */
import type { Zone, ZoneLocation, ZoneType } from './store-state.ts';

export interface Destination {
  /** ISO 3166-1 alpha-2, as `address.country_code`. */
  countryCode: string;
  /** As `address.state_or_province_code` (e.g. TX); state zones match on this code. */
  stateCode?: string;
  postalCode?: string;
}

const specificity: readonly ZoneType[] = ['zip', 'state', 'country', 'global'];

export function matchZone(zones: readonly Zone[], destination: Destination): Zone | undefined {
  const covering = zones
    .filter((zone) => zone.enabled && covers(zone, destination))
    .sort((a, b) => specificity.indexOf(a.type) - specificity.indexOf(b.type) || a.id - b.id);
  return covering[0];
}

function covers(zone: Zone, destination: Destination): boolean {
  if (zone.type === 'global') return true;
  return zone.locations.some((location) => locationCovers(zone.type, location, destination));
}

function locationCovers(type: ZoneType, location: ZoneLocation, destination: Destination): boolean {
  const sameCountry =
    location.country_iso2 === undefined || sameCode(location.country_iso2, destination.countryCode);
  switch (type) {
    case 'country':
      return location.country_iso2 !== undefined && sameCountry;
    case 'state':
      return (
        sameCountry &&
        location.state_iso2 !== undefined &&
        destination.stateCode !== undefined &&
        sameCode(location.state_iso2, destination.stateCode)
      );
    case 'zip':
      return (
        sameCountry &&
        location.zip !== undefined &&
        destination.postalCode !== undefined &&
        zipMatches(location.zip, destination.postalCode)
      );
    default:
      return false;
  }
}

const sameCode = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

const normalizedZip = (zip: string) => zip.replace(/\s+/g, '').toUpperCase();

/** A zone's zip is exact, or ends in `*` to cover every postal code that starts with what precedes it. */
function zipMatches(pattern: string, postalCode: string): boolean {
  const wanted = normalizedZip(pattern);
  const given = normalizedZip(postalCode);
  return wanted.endsWith('*') ? given.startsWith(wanted.slice(0, -1)) : given === wanted;
}
