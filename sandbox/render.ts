/**
 * Turns records into response bodies. With quirks on (the default), methods come back the way BigCommerce
 * really returns them (REFERENCE.md §1.5); with quirks off (strict mode), bodies match the spec's types.
 */
import { carriersWithEmptyListSettings } from './carriers.ts';
import type { Method, Zone } from './store-state.ts';

/** Which response a method appears in: the quirks differ between them. */
export type MethodView = 'list' | 'single' | 'create';

export function renderZone(zone: Zone): Record<string, unknown> {
  return structuredClone(zone) as unknown as Record<string, unknown>;
}

export function renderMethod(method: Method, view: MethodView, quirks: boolean): Record<string, unknown> {
  if (!quirks) return structuredClone(method) as unknown as Record<string, unknown>;
  const body: Record<string, unknown> = {
    id: String(method.id),
    name: method.name,
    type: method.type,
    settings:
      view === 'list' && carriersWithEmptyListSettings.has(method.type)
        ? {}
        : quirkySettings(method.settings),
    enabled: String(method.enabled),
    handling_fees: Object.fromEntries(
      Object.entries(method.handling_fees).map(([kind, amount]) => [kind, String(amount)]),
    ),
    channel_ids: [...method.channel_ids],
  };
  // The create response carries no is_fallback (createShippingMethod, Example 1).
  if (view !== 'create') body.is_fallback = String(method.is_fallback);
  return body;
}

function quirkySettings(settings: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(settings);
  const options = copy.carrier_options;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return copy;
  const carrierOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
    // Carrier flags come back as "1"/"0".
    carrierOptions[key] = typeof value === 'boolean' ? (value ? '1' : '0') : value;
  }
  const services = carrierOptions.delivery_services;
  // A single selected service comes back as `{ "value": "MediaMail" }`.
  if (Array.isArray(services) && services.length === 1)
    carrierOptions.delivery_services = { value: services[0] };
  // `packaging` echoes `packaging_type`.
  if (carrierOptions.packaging_type !== undefined) carrierOptions.packaging = carrierOptions.packaging_type;
  copy.carrier_options = carrierOptions;
  return copy;
}
