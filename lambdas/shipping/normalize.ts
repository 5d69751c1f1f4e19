/**
 * Turns BigCommerce's loosely typed shipping responses into the canonical shapes of `types.ts`, so that a store
 * that matches its profile compares equal and the reconciler never "fixes" the same method forever.
 *
 * Quirks absorbed (REFERENCE.md §1.2, §1.5):
 * - ids as strings (`"29"`); flags as `"true"`/`"false"`/`"1"`/`"0"`/`1`/`0`, and `""` for false;
 * - `delivery_services` as an array, `{ "value": … }` or a plain string → a sorted array;
 * - the `packaging` key that echoes `packaging_type` on built-in carriers → dropped;
 * - `settings: {}` (or `[]`, or absent) on a list response → `undefined`: unknown, GET the single method;
 * - numbers as strings (`"7.0000"`) → numbers; weight/total ranges → sorted by `lower_limit`;
 * - a weight/total `default_cost` omitted, `null`, `""` or `"0.0000"` → 0: BigCommerce renders one stored value
 *   each of these ways (issue: "Correct on a real store"), so a client cannot tell "none" from a free default;
 * - handling fees as strings or numbers; a zero fee of either kind is the same as no fee, so both normalize
 *   to an absent `handling_fees` (a method cannot tell "no fee" from "fee of 0" at checkout);
 * - an omitted `is_fallback` → `false`; an omitted `enabled` → `true`, BigCommerce's default on create;
 * - `channel_ids`, or the legacy `channels`, → sorted unique integers.
 */
import { carrierModel, isBuiltInCarrierType, isCarrierType } from './carriers.ts';
import { BigCommerceUnexpectedResponse } from './errors.ts';
import type {
  HandlingFees,
  MethodSettings,
  ObservedMethod,
  ObservedZone,
  ZoneFreeShipping,
  ZoneHandlingFees,
  ZoneLocation,
} from './types.ts';
import { isEmptyObject, isRecord, readFlag, readNumber } from './values.ts';

const ZONE_TYPES: readonly ObservedZone['type'][] = ['zip', 'country', 'state', 'global'];

const shown = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const unusable = (
  what: string,
  field: string,
  reason: string,
  value: unknown,
): BigCommerceUnexpectedResponse =>
  new BigCommerceUnexpectedResponse(what, field, `${reason} (got ${shown(value)})`);

const readId = (what: string, raw: Record<string, unknown>): number => {
  const id = readNumber(raw.id);
  if (id === undefined || !Number.isInteger(id) || id <= 0) {
    throw unusable(what, 'id', 'is missing or not a positive integer', raw.id);
  }
  return id;
};

const readOptionalFlag = (what: string, raw: Record<string, unknown>, field: string, absent: boolean) => {
  const value = raw[field];
  if (value === undefined || value === null) return absent;
  const flag = readFlag(value);
  if (flag === undefined) throw unusable(what, field, 'is not a boolean', value);
  return flag;
};

const withNumbers = (source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> => {
  const result = { ...source };
  for (const key of keys) {
    if (key in result && result[key] !== null) result[key] = readNumber(result[key]) ?? result[key];
  }
  return result;
};

const normalizeRanges = (raw: unknown): unknown => {
  // A PHP list with holes renders as an object keyed "0", "1", …
  const items = Array.isArray(raw) ? raw : isRecord(raw) ? Object.values(raw) : undefined;
  if (!items) return raw;
  const ranges = items.map((item) =>
    isRecord(item) ? withNumbers(item, ['lower_limit', 'upper_limit', 'shipping_cost']) : item,
  );
  const lowerOf = (item: unknown) => {
    const lower = isRecord(item) ? item.lower_limit : undefined;
    return typeof lower === 'number' ? lower : Number.POSITIVE_INFINITY;
  };
  return ranges.sort((a, b) => lowerOf(a) - lowerOf(b));
};

/** Array, `{ value }`, plain string or PHP object-list → sorted unique strings. */
const normalizeDeliveryServices = (raw: unknown): unknown => {
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'string') items = [raw];
  else if (isRecord(raw)) {
    const value = 'value' in raw ? raw.value : Object.values(raw);
    items = Array.isArray(value) ? value : [value];
  } else return raw;
  const services = items.filter((item): item is string => typeof item === 'string' && item !== '');
  return [...new Set(services)].sort();
};

const normalizeCarrierOptions = (type: string, raw: unknown): Record<string, unknown> => {
  if (!isRecord(raw)) return {};
  const model = carrierModel(type);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    // Built-in carriers echo `packaging_type` as `packaging`; an app carrier may own a `packaging` option.
    if (key === 'packaging' && isBuiltInCarrierType(type)) continue;
    const spec = model?.options[key];
    if (key === 'delivery_services') options[key] = normalizeDeliveryServices(value);
    else if (spec?.kind === 'boolean') options[key] = readFlag(value) ?? value;
    else if (spec?.kind === 'enum' && Array.isArray(value) && value.length === 1) options[key] = value[0];
    else options[key] = value;
  }
  return options;
};

/**
 * Canonical settings of a method of `type`, or `undefined` when the response did not include them (a carrier
 * or range method listed with `settings: {}`): the caller must GET that method before comparing its settings.
 */
export const normalizeSettings = (type: string, settings: unknown): MethodSettings | undefined => {
  if (type === 'freeshipping') return {};
  if (!isRecord(settings) || isEmptyObject(settings)) return undefined;
  switch (type) {
    case 'perorder':
    case 'peritem':
      return withNumbers(settings, ['rate']);
    case 'weight':
    case 'total': {
      const result = withNumbers(settings, ['default_cost']);
      if (result.default_cost === undefined || result.default_cost === null || result.default_cost === '') {
        result.default_cost = 0;
      }
      if ('range' in result) result.range = normalizeRanges(result.range);
      return result;
    }
    default:
      if (!isCarrierType(type)) return { ...settings };
      if (!('carrier_options' in settings)) return undefined;
      return { ...settings, carrier_options: normalizeCarrierOptions(type, settings.carrier_options) };
  }
};

const normalizeHandlingFees = (raw: unknown): HandlingFees | undefined => {
  if (!isRecord(raw)) return undefined;
  const fixed = readNumber(raw.fixed_surcharge);
  if (fixed) return { fixed_surcharge: fixed };
  const percentage = readNumber(raw.percentage_surcharge);
  if (percentage) return { percentage_surcharge: percentage };
  return undefined;
};

const normalizeChannelIds = (raw: Record<string, unknown>): number[] | undefined => {
  // `channels` is the pre-November-2024 name of `channel_ids`.
  const list = raw.channel_ids ?? raw.channels;
  if (!Array.isArray(list)) return undefined;
  const ids = list
    .map((item) => readNumber(isRecord(item) ? item.id : item))
    .filter((id): id is number => id !== undefined && Number.isInteger(id));
  return [...new Set(ids)].sort((a, b) => a - b);
};

export const normalizeMethod = (raw: unknown): ObservedMethod => {
  if (!isRecord(raw)) throw unusable('shipping method', '(root)', 'is not an object', raw);
  const id = readId('shipping method', raw);
  const type = typeof raw.type === 'string' ? raw.type.trim() : '';
  if (type === '') throw unusable('shipping method', 'type', 'is missing', raw.type);
  const method: ObservedMethod = {
    id,
    type,
    name: typeof raw.name === 'string' ? raw.name.trim() : '',
    enabled: readOptionalFlag('shipping method', raw, 'enabled', true),
    settings: normalizeSettings(type, raw.settings),
    is_fallback: readOptionalFlag('shipping method', raw, 'is_fallback', false),
  };
  const handlingFees = normalizeHandlingFees(raw.handling_fees);
  if (handlingFees) method.handling_fees = handlingFees;
  const channelIds = normalizeChannelIds(raw);
  if (channelIds) method.channel_ids = channelIds;
  return method;
};

const normalizeLocation = (raw: unknown): ZoneLocation => {
  const location: ZoneLocation = {};
  if (!isRecord(raw)) return location;
  for (const key of ['country_iso2', 'state_iso2', 'zip'] as const) {
    const value = raw[key];
    if (typeof value === 'string' && value.trim() !== '') location[key] = value.trim();
  }
  return location;
};

export const normalizeZone = (raw: unknown): ObservedZone => {
  if (!isRecord(raw)) throw unusable('shipping zone', '(root)', 'is not an object', raw);
  const id = readId('shipping zone', raw);
  const type = ZONE_TYPES.find((candidate) => candidate === raw.type);
  if (!type) throw unusable('shipping zone', 'type', `is not one of ${ZONE_TYPES.join(', ')}`, raw.type);
  return {
    id,
    name: typeof raw.name === 'string' ? raw.name.trim() : '',
    type,
    locations: Array.isArray(raw.locations) ? raw.locations.map(normalizeLocation) : [],
    enabled: readOptionalFlag('shipping zone', raw, 'enabled', true),
    free_shipping: normalizeZoneFreeShipping(raw.free_shipping),
    ...optional('handling_fees', normalizeZoneHandlingFees(raw.handling_fees)),
  };
};

const optional = <K extends string, V>(key: K, value: V | undefined): { [key in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [key in K]?: V };

/** Absent reads as off: a zone without free shipping offers none. `minimum_sub_total` comes as "0.0000" or "0". */
const normalizeZoneFreeShipping = (raw: unknown): ZoneFreeShipping => {
  const record = isRecord(raw) ? raw : {};
  return {
    enabled: readOptionalFlag('zone free_shipping', record, 'enabled', false),
    minimum_sub_total: readNumber(record.minimum_sub_total) ?? 0,
    exclude_fixed_shipping_products: readOptionalFlag(
      'zone free_shipping',
      record,
      'exclude_fixed_shipping_products',
      false,
    ),
  };
};

/** As for methods, a zero fee of either kind is no fee: both normalize to absent. Amounts come as strings. */
const normalizeZoneHandlingFees = (raw: unknown): ZoneHandlingFees | undefined => {
  if (!isRecord(raw)) return undefined;
  const separately =
    raw.display_separately === undefined
      ? {}
      : { display_separately: readOptionalFlag('zone handling_fees', raw, 'display_separately', false) };
  const fixed = readNumber(raw.fixed_surcharge);
  if (fixed !== undefined && fixed !== 0) return { fixed_surcharge: fixed, ...separately };
  const percentage = readNumber(raw.percentage_surcharge);
  if (percentage !== undefined && percentage !== 0)
    return { percentage_surcharge: percentage, ...separately };
  return undefined;
};
