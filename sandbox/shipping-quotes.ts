/**
 * What a shopper is offered at checkout: the methods of the zone that serves the address (zone-matching.ts)
 * that are enabled and assigned to the cart's channel, each priced the way BigCommerce documents its method
 * types (REFERENCE.md §1.3), plus the method's handling fee.
 */
import { createHash } from 'node:crypto';
import { carrierOfMethodType } from './carriers.ts';
import type { Method, StoreState, Zone } from './store-state.ts';
import type { Variants } from './variants.ts';
import { type Destination, matchZone } from './zone-matching.ts';

/** What is being shipped: the consignment's lines, with their quantities. */
export interface ShipmentContents {
  /** Total weight, in the store's weight units (what weight ranges are in). */
  weight: number;
  /** Sum of list price × quantity, in the store's currency (what total ranges are in). */
  subtotal: number;
  /** Number of items. */
  quantity: number;
}

/** `consignments[i].available_shipping_options[]` (checkouts.v3.yml). */
export interface ShippingOption {
  id: string;
  type: string;
  description: string;
  image_url: string;
  cost: number;
  transit_time: string;
  additional_description: string;
}

export interface QuoteRequest {
  destination: Destination;
  contents: ShipmentContents;
  channelId: number;
  /** Makes option ids differ between consignments, as BigCommerce's do. */
  consignmentId: string;
  /** The choices made where the docs are silent (variants.ts). */
  variants: Variants;
}

const staticOptionTypes: Record<string, string> = {
  perorder: 'shipping_flatrate',
  peritem: 'shipping_peritem',
  weight: 'shipping_byweight',
  total: 'shipping_bytotal',
  freeshipping: 'shipping_free',
};

export function availableShippingOptions(state: StoreState, request: QuoteRequest): ShippingOption[] {
  const zone = matchZone(state.listZones(), request.destination);
  if (!zone) return [];
  const options = state
    .listMethods(zone.id)
    .filter((method) => method.enabled && method.channel_ids.includes(request.channelId))
    .flatMap((method) => quotesFor(state, method, request))
    .map((option) => ({ ...option, cost: roundToCents(withZoneHandlingFee(option.cost, zone)) }));
  return freeShippingApplies(zone, request.contents) ? zoneFreeShipping(zone, options, request) : options;
}

/**
 * The zone's handling fee, added to every option the zone offers on top of the method's own: `fixed_surcharge`
 * that amount, `percentage_surcharge` that percentage of the option's cost. The spec gives the zone's fee the
 * method's wording ("Flat-rate handling fee applied to shipping cost"). `display_separately` changes how a
 * storefront shows the fee, not what the shopper pays, so the option's cost includes it either way.
 */
function withZoneHandlingFee(cost: number, zone: Zone): number {
  const fees = zone.handling_fees ?? {};
  const percentage = amount(fees.percentage_surcharge);
  if (percentage !== undefined) return cost + (cost * percentage) / 100;
  return cost + (amount(fees.fixed_surcharge) ?? 0);
}

/** `free_shipping.enabled` and a subtotal of at least `minimum_sub_total` (both in the store's currency). */
function freeShippingApplies(zone: Zone, contents: ShipmentContents): boolean {
  return (
    zone.free_shipping.enabled && contents.subtotal >= (amount(zone.free_shipping.minimum_sub_total) ?? 0)
  );
}

/** What a zone whose free shipping applies offers: the `zone-free-shipping` variant decides. */
function zoneFreeShipping(zone: Zone, options: ShippingOption[], request: QuoteRequest): ShippingOption[] {
  if (request.variants['zone-free-shipping'] === 'zero')
    return options.map((option) => ({ ...option, cost: 0 }));
  return [
    {
      id: optionId(request.consignmentId, -zone.id, 'free'),
      type: 'shipping_free',
      description: 'Free Shipping',
      image_url: '',
      cost: 0,
      transit_time: '',
      additional_description: '',
    },
  ];
}

interface Quote {
  service?: string;
  cost: number;
  transitTime: string;
}

function quotesFor(state: StoreState, method: Method, request: QuoteRequest): ShippingOption[] {
  const carrierId = carrierOfMethodType(method.type);
  let quotes: Quote[];
  if (carrierId !== undefined) {
    quotes = state.isConnected(carrierId) ? fakeCarrierQuotes(method, request.contents) : [];
  } else {
    const cost = staticCost(method, request.contents, request.variants);
    quotes = cost === undefined ? [] : [{ cost, transitTime: '' }];
  }
  return quotes.map((quote) => ({
    id: optionId(request.consignmentId, method.id, quote.service),
    type: staticOptionTypes[method.type] ?? `shipping_${method.type}`,
    description: quote.service === undefined ? method.name : `${method.name} (${quote.service})`,
    image_url: '',
    cost: roundToCents(withHandlingFee(quote.cost, method)),
    transit_time: quote.transitTime,
    additional_description: '',
  }));
}

/** The cost of a static-rate method, or undefined when the method offers no rate for these contents. */
function staticCost(method: Method, contents: ShipmentContents, variants: Variants): number | undefined {
  const settings = method.settings;
  switch (method.type) {
    case 'perorder':
      return amount(settings.rate);
    case 'peritem': {
      const rate = amount(settings.rate);
      return rate === undefined ? undefined : rate * contents.quantity;
    }
    case 'weight':
      return rangedCost(settings, { value: contents.weight, subtotal: contents.subtotal }, variants);
    case 'total':
      return rangedCost(settings, { value: contents.subtotal, subtotal: contents.subtotal }, variants);
    case 'freeshipping':
      return 0;
    default:
      return undefined;
  }
}

/**
 * `weight` and `total` methods: the range whose [lower_limit, upper_limit] holds the value, both bounds inclusive.
 * A value on the bound two touching ranges share is held by both; the `range-boundary` variant says which prices
 * it (`lower`: the range ending there; `upper`: the range starting there). Otherwise the first holding range in
 * the order given. Outside every range, `default_cost` applies: a fixed amount, or a percentage of the cart
 * subtotal when `default_cost_type` is `percentage_of_total`. No range and no default cost: not offered.
 */
function rangedCost(
  settings: Record<string, unknown>,
  { value, subtotal }: { value: number; subtotal: number },
  variants: Variants,
): number | undefined {
  const holding = rangesOf(settings).filter((range) => range.lower <= value && value <= range.upper);
  const onSharedBound = (range: PriceRange) =>
    variants['range-boundary'] === 'lower' ? range.upper === value : range.lower === value;
  const range = holding.find(onSharedBound) ?? holding[0];
  if (range) return range.cost;
  const defaultCost = amount(settings.default_cost);
  if (defaultCost === undefined) return undefined;
  return settings.default_cost_type === 'percentage_of_total' ? (subtotal * defaultCost) / 100 : defaultCost;
}

interface PriceRange {
  lower: number;
  upper: number;
  cost: number;
}

/** The well-formed ranges of `settings.range`, in the order given; a range missing a number is skipped. */
function rangesOf(settings: Record<string, unknown>): PriceRange[] {
  const ranges = Array.isArray(settings.range) ? (settings.range as Record<string, unknown>[]) : [];
  return ranges.flatMap((range) => {
    const lower = amount(range.lower_limit);
    const upper = amount(range.upper_limit);
    const cost = amount(range.shipping_cost);
    return lower === undefined || upper === undefined || cost === undefined ? [] : [{ lower, upper, cost }];
  });
}

/**
 * The method's handling fee. The spec describes `fixed_surcharge` as a "Flat-rate handling fee applied to
 * shipping cost" and `percentage_surcharge` as a "Percentage handling fee applied to shipping cost": a
 * percentage of the method's shipping cost, added to that cost.
 */
function withHandlingFee(cost: number, method: Method): number {
  const fees = method.handling_fees;
  if ('percentage_surcharge' in fees) return cost + (cost * fees.percentage_surcharge) / 100;
  return cost + fees.fixed_surcharge;
}

/**
 * Carrier rates are FAKE: the sandbox talks to no carrier. Each delivery service the method selects gets a
 * deterministic quote: 4 + (the sum of the service name's character codes mod 10) + 1.25 per unit of weight,
 * arriving in 1 + (that sum mod 5) business days. A method that selects no service is quoted once as
 * "Standard". Real carriers are only offered once connected, and so are these.
 */
function fakeCarrierQuotes(method: Method, contents: ShipmentContents): Quote[] {
  const services = deliveryServices(method.settings);
  return (services.length > 0 ? services : ['Standard']).map((service) => {
    const checksum = [...service].reduce((sum, character) => sum + (character.codePointAt(0) ?? 0), 0);
    const days = 1 + (checksum % 5);
    return {
      service,
      cost: 4 + (checksum % 10) + 1.25 * contents.weight,
      transitTime: `${days} business ${days === 1 ? 'day' : 'days'}`,
    };
  });
}

/** Stored settings keep what was sent: an array of services, or one service as a string or `{ value }`. */
function deliveryServices(settings: Record<string, unknown>): string[] {
  const options = settings.carrier_options as Record<string, unknown> | undefined;
  const services = options?.delivery_services;
  if (Array.isArray(services)) return services.map(String);
  if (typeof services === 'string') return [services];
  if (services !== null && typeof services === 'object' && 'value' in services)
    return [String((services as { value: unknown }).value)];
  return [];
}

/** Settings are free-form: accept numbers and numeric strings (as the spec's own examples send them). */
function amount(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

export const roundToCents = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;

/** 32 hex digits, like BigCommerce's option ids, and stable for the same consignment, method and service. */
function optionId(consignmentId: string, methodId: number, service: string | undefined): string {
  return createHash('md5')
    .update(`${consignmentId}:${methodId}:${service ?? ''}`)
    .digest('hex');
}
