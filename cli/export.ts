/**
 * `bcship export`: a store's current shipping setup as a profile, read straight from the store (zones, their
 * methods in full, the store's units). The profile is validated before it is written, and holds no secret.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { observeZoneMethods } from '../lambdas/operations/zone-methods.ts';
import type { Deps } from '../lambdas/platform/ports.ts';
import { exportProfile, type StoreSetup } from '../lambdas/shipping/export.ts';
import { normalizeZone, parseProfile } from '../lambdas/shipping/index.ts';
import type { ObservedZone } from '../lambdas/shipping/types.ts';
import { weightUnitOf } from '../lambdas/shipping/units.ts';
import { UsageError } from './run.ts';

export interface ExportOptions {
  /** Zone names or ids, comma-separated: only these (default every zone). */
  zones?: string;
  /** The profile's name (default `store-<hash>`). */
  name?: string;
}

/** The store's setup as a validated profile object. */
export async function exportStore(
  storeHash: string,
  options: ExportOptions,
  deps: Deps,
): Promise<Record<string, unknown>> {
  const client = await deps.bigcommerce(storeHash);
  const store = await client.getStore();
  const zones = selectZones(
    (await client.listZones()).map((raw: unknown) => normalizeZone(raw)),
    options.zones,
  );
  const setup: StoreSetup = {
    currency: String(store.currency ?? '').toUpperCase(),
    weight: weightUnitOf(String(store.weight_units ?? '')),
    zones: [],
  };
  for (const zone of zones) {
    // In full (prune reads every method's settings): a list can leave a carrier's settings out.
    const methods = await observeZoneMethods(
      client,
      { zoneId: zone.id, zoneName: zone.name, selector: '', methods: [] },
      { prune: true },
    );
    setup.zones.push({ zone, methods });
  }
  const profile = exportProfile(options.name ?? `store-${storeHash.toLowerCase()}`, setup);
  parseProfile(profile, `export of store ${storeHash}`);
  return profile;
}

function selectZones(zones: ObservedZone[], wanted: string | undefined): ObservedZone[] {
  if (wanted === undefined) return zones;
  const names = wanted
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter(
    (name) => !zones.some((zone) => String(zone.id) === name || zone.name.toLowerCase() === name),
  );
  if (unknown.length > 0) {
    throw new UsageError(
      `--zones: no zone ${unknown.join(', ')} in the store (zones: ${zones.map((zone) => `${zone.id} "${zone.name}"`).join(', ')})`,
    );
  }
  return zones.filter((zone) => names.includes(String(zone.id)) || names.includes(zone.name.toLowerCase()));
}

/** YAML with a header saying where it came from; JSON with --json. */
export function profileText(profile: Record<string, unknown>, json = false): string {
  if (json) return `${JSON.stringify(profile, null, 2)}\n`;
  return `# Exported by bcship export. Carrier connection fields come from secrets, never from this file.\n${stringify(profile)}`;
}

export function writeProfile(file: string | undefined, text: string, out: (text: string) => void): void {
  if (file === undefined) out(text.trimEnd());
  else writeFileSync(file, text);
}
