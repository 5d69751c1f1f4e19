/**
 * Turns records into response bodies. Methods are rendered one of three ways (`Rendering`): with quirks (the
 * default) the way BigCommerce really returns them (REFERENCE.md §1.5), the same every time; strict, in the
 * spec's types; or with renderings, each field in one of the ways the spec's examples, the doc pages or
 * REFERENCE.md §1.5 show, drawn afresh for every response. Rendering only reads the record: stored state never
 * changes, only the response text.
 */
import { carriersWithEmptyListSettings } from './carriers.ts';
import type { Method, Zone } from './store-state.ts';

/** Which response a method appears in: the quirks and renderings differ between them. */
export type MethodView = 'list' | 'single' | 'create' | 'update';

export type Rendering =
  | { readonly kind: 'strict' }
  | { readonly kind: 'quirks' }
  /** `draw` is a seeded PRNG in [0, 1): the same seed and requests give the same bytes. */
  | { readonly kind: 'renderings'; readonly draw: () => number };

/** The store a method is rendered for: a method on all of them may come back without `channel_ids`. */
interface RenderedFor {
  storeChannelIds: readonly number[];
}

export function renderZone(zone: Zone): Record<string, unknown> {
  return structuredClone(zone) as unknown as Record<string, unknown>;
}

export function renderMethod(
  method: Method,
  view: MethodView,
  rendering: Rendering,
  store: RenderedFor,
): Record<string, unknown> {
  if (rendering.kind === 'strict') return structuredClone(method) as unknown as Record<string, unknown>;
  if (rendering.kind === 'quirks') return quirkyMethod(method, view);
  return drawnMethod(method, view, pickerOf(rendering.draw), store);
}

function quirkyMethod(method: Method, view: MethodView): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: String(method.id),
    name: method.name,
    type: method.type,
    settings:
      view === 'list' && carriersWithEmptyListSettings.has(method.type)
        ? {}
        : quirkySettings(method.settings),
    enabled: String(method.enabled),
    handling_fees: mapValues(method.handling_fees, String),
    channel_ids: [...method.channel_ids],
  };
  // The create response carries no is_fallback (createShippingMethod, Example 1).
  if (view !== 'create') body.is_fallback = String(method.is_fallback);
  return body;
}

function quirkySettings(settings: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(settings);
  const options = carrierOptionsOf(copy);
  if (!options) return copy;
  const carrierOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
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

// ---- renderings

/** A field left out of the response. */
const omitted = Symbol('omitted');

/** One of the choices, drawn. */
type Pick = <const Choices extends readonly [unknown, ...unknown[]]>(choices: Choices) => Choices[number];

const pickerOf =
  (draw: () => number): Pick =>
  (choices) =>
    choices[Math.min(choices.length - 1, Math.floor(draw() * choices.length))];

function drawnMethod(method: Method, view: MethodView, pick: Pick, store: RenderedFor) {
  const body: Record<string, unknown> = {
    id: pick([method.id, String(method.id)]),
    name: method.name,
    type: method.type,
    settings: drawnSettings(method, view, pick),
  };
  // "true"/"false" strings: the real-time carrier draft; omitted: optional fields can be (REFERENCE.md §1.5).
  setUnlessOmitted(body, 'enabled', drawnFlag(method.enabled, true, pick));
  body.handling_fees = mapValues(method.handling_fees, (amount) => drawnAmount(amount, pick));
  // Absent on stores without multi-storefront: only where the method is on every channel the store has.
  const onEveryChannel = sameIds(method.channel_ids, store.storeChannelIds);
  setUnlessOmitted(
    body,
    'channel_ids',
    onEveryChannel ? pick([[...method.channel_ids], omitted]) : [...method.channel_ids],
  );
  // Absent from the create response (Example 1) and on stores without ShipperHQ.
  setUnlessOmitted(body, 'is_fallback', drawnFlag(method.is_fallback, false, pick));
  return body;
}

/** A method flag: a boolean, "true"/"false", or left out when it has its default value. */
function drawnFlag(value: boolean, byDefault: boolean, pick: Pick): unknown {
  return value === byDefault ? pick([value, String(value), omitted]) : pick([value, String(value)]);
}

/** A boolean carrier option: true as true or "1"; false as false, "0", "" or left out (REFERENCE.md §1.5). */
function drawnCarrierFlag(value: boolean, pick: Pick): unknown {
  return value ? pick([true, '1']) : pick([false, '0', '', omitted]);
}

/** An amount as a number, its plain string ("3") or a four-decimal string ("7.0000") when that is exact. */
function drawnAmount(amount: unknown, pick: Pick): unknown {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return amount;
  const fourDecimals = amount.toFixed(4);
  return Number(fourDecimals) === amount
    ? pick([amount, String(amount), fourDecimals])
    : pick([amount, String(amount)]);
}

const rangeTypes: ReadonlySet<string> = new Set(['weight', 'total']);

function drawnSettings(method: Method, view: MethodView, pick: Pick): Record<string, unknown> {
  // getShippingMethod Example 2 returns a weight method with `settings: {}`.
  if (view === 'single' && rangeTypes.has(method.type) && pick([false, true])) return {};
  // getShippingZoneMethods Example 2 lists royalmail, canadapost and auspost methods with `settings: {}`.
  if (view === 'list' && carriersWithEmptyListSettings.has(method.type) && pick([false, true])) return {};
  const copy = structuredClone(method.settings);
  if (copy.rate !== undefined) copy.rate = drawnAmount(copy.rate, pick);
  if (Array.isArray(copy.range)) copy.range = copy.range.map((range: unknown) => drawnRange(range, pick));
  if (rangeTypes.has(method.type))
    setUnlessOmitted(copy, 'default_cost', drawnDefaultCost(copy.default_cost, pick));
  const options = carrierOptionsOf(copy);
  if (options) copy.carrier_options = drawnCarrierOptions(options, pick);
  return copy;
}

function drawnRange(range: unknown, pick: Pick): unknown {
  if (range === null || typeof range !== 'object') return range;
  const copy = { ...(range as Record<string, unknown>) };
  copy.shipping_cost = drawnAmount(copy.shipping_cost, pick);
  return copy;
}

/** No default cost (0, null or unset) as null, "0.0000", 0 or left out (REFERENCE.md §1.5). */
function drawnDefaultCost(value: unknown, pick: Pick): unknown {
  if (value === undefined || value === null || value === 0) return pick([null, '0.0000', 0, omitted]);
  return drawnAmount(value, pick);
}

function drawnCarrierOptions(options: Record<string, unknown>, pick: Pick): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    setUnlessOmitted(rendered, key, typeof value === 'boolean' ? drawnCarrierFlag(value, pick) : value);
  }
  const services = rendered.delivery_services;
  // The real-time carrier guide: `{ "value": … }` in a PUT response, an array in a GET, for the same method.
  if (Array.isArray(services) && services.length === 1)
    rendered.delivery_services = pick([services, { value: services[0] }]);
  if (rendered.packaging_type !== undefined && pick([true, false]))
    rendered.packaging = rendered.packaging_type;
  return rendered;
}

// ---- helpers

function carrierOptionsOf(settings: Record<string, unknown>): Record<string, unknown> | undefined {
  const options = settings.carrier_options;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return undefined;
  return options as Record<string, unknown>;
}

function setUnlessOmitted(body: Record<string, unknown>, key: string, value: unknown): void {
  if (value === omitted) delete body[key];
  else body[key] = value;
}

function mapValues(record: object, map: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  const sorted = (ids: readonly number[]) => [...ids].sort((x, y) => x - y).join(',');
  return sorted(a) === sorted(b);
}
