/**
 * A store's shipping setup as a profile (`bcship export`): every zone by its most stable selector and declared
 * with its zone-level fields, so the profile recreates it on a store that lacks it; every method with its
 * managed fields and settings; the carriers those methods use. Nothing secret: BigCommerce cannot read a carrier
 * connection back, and a profile holds only carrier ids. The result validates as any profile does, and planning
 * it against the store it came from changes nothing.
 */
import { carrierIdOfType } from './carriers.ts';
import type { ProfileMethod } from './profile.ts';
import type { ObservedMethod, ObservedZone, ZoneSelector } from './types.ts';
import type { WeightUnit } from './units.ts';

export interface StoreSetup {
  currency: string;
  weight?: WeightUnit | undefined;
  zones: Array<{ zone: ObservedZone; methods: ObservedMethod[] }>;
}

/**
 * A country or state zone of one location is selected by it (ids differ between stores, names get edited);
 * any other zone by its name.
 */
const stableSelector = (zone: ObservedZone): ZoneSelector => {
  const [location, ...others] = zone.locations;
  if (location?.country_iso2 && others.length === 0) {
    if (zone.type === 'country') return { country: location.country_iso2 };
    if (zone.type === 'state' && location.state_iso2) {
      return { country: location.country_iso2, state: location.state_iso2 };
    }
  }
  return { name: zone.name };
};

/** The store's default channel: a method on it alone needs no `channel_ids` in a profile. */
const DEFAULT_CHANNELS = [1];

const exportedMethod = (method: ObservedMethod): ProfileMethod => {
  const exported: ProfileMethod = {
    name: method.name,
    type: method.type,
    enabled: method.enabled,
    settings: method.settings ?? {},
  };
  if (method.handling_fees) exported.handling_fees = method.handling_fees;
  if (method.is_fallback) exported.is_fallback = true;
  const channels = method.channel_ids ?? DEFAULT_CHANNELS;
  const onDefaultOnly = channels.length === 1 && channels[0] === DEFAULT_CHANNELS[0];
  // Free shipping applies on every channel; BigCommerce takes no channel list for it.
  if (!onDefaultOnly && channels.length > 0 && method.type !== 'freeshipping')
    exported.channel_ids = channels;
  return exported;
};

/** The profile object (before validation) a store's setup reads as. */
export const exportProfile = (name: string, setup: StoreSetup): Record<string, unknown> => {
  const carriers = new Set<string>();
  const zones = setup.zones.map(({ zone, methods }) => {
    for (const method of methods) {
      const carrierId = carrierIdOfType(method.type);
      if (carrierId !== undefined) carriers.add(carrierId);
    }
    const { id: _id, ...declared } = zone;
    return { match: stableSelector(zone), zone: declared, methods: methods.map(exportedMethod) };
  });
  const usesWeight = setup.zones.some(({ methods }) => methods.some((method) => method.type === 'weight'));
  return {
    name,
    description: 'Exported from a store by bcship export',
    units: { currency: setup.currency, ...(usesWeight && setup.weight ? { weight: setup.weight } : {}) },
    ...(carriers.size > 0 ? { carriers: [...carriers].sort().map((id) => ({ id })) } : {}),
    zones,
  };
};
