/**
 * The real-time carrier catalogue: which delivery services and options each built-in carrier documents, and
 * which connection fields it needs. Values are copied from the createShippingMethod description and the
 * carrierConnection model of the Shipping V2 spec, so that a profile can be rejected before BigCommerce would
 * silently ignore a service it does not know.
 */

/** Method types whose settings are plain numbers and that need no carrier connection. */
export const STATIC_METHOD_TYPES = ['perorder', 'peritem', 'weight', 'total', 'freeshipping'] as const;

/** Real-time carrier method types BigCommerce ships with (`usps` is in the spec's enum but undocumented). */
export const BUILT_IN_CARRIER_TYPES = [
  'endicia',
  'fedex',
  'upsready',
  'canadapost',
  'auspost',
  'royalmail',
  'zoom2u',
  'usps',
] as const;
export type BuiltInCarrierType = (typeof BUILT_IN_CARRIER_TYPES)[number];

/**
 * Shipping Provider apps connect under ids BigCommerce hands out: the shipping-provider guide's `carrier_33`, the
 * real-time carrier guide's `example_carrier`. Their options are the app's own codes. Accepted as an app carrier:
 * - `carrier_` followed by lowercase letters, digits and underscores, 100 characters in all (`carrier_33`,
 *   `carrier_acme_freight`);
 * - any other lowercase identifier (a letter, then lowercase letters, digits and underscores, ending in a letter
 *   or digit, at most 100 characters) that is not a native type and not a near miss of one: within edit distance 2 of a built-in
 *   carrier or a static method type (`fedx`, `endica`, `usp`, `perordr` are typos, not apps). An app whose id
 *   is that close to a native one is not known to exist; the `carrier_` form is never taken for a typo.
 */
const PREFIXED_APP_CARRIER = /^carrier_[a-z0-9_]{1,92}$/;
const IDENTIFIER = /^[a-z](?:[a-z0-9_]{0,98}[a-z0-9])?$/;
const NEAR_MISS_DISTANCE = 2;
const NATIVE_TYPES: readonly string[] = [...BUILT_IN_CARRIER_TYPES, ...STATIC_METHOD_TYPES];

type CarrierOptionSpec = { kind: 'enum'; values: readonly string[] } | { kind: 'boolean' };

export interface CarrierModel {
  /** The `carrier_id` used to connect it. */
  carrierId: string;
  deliveryServices: readonly string[];
  /** Every documented `carrier_options` key other than `delivery_services`. */
  options: Readonly<Record<string, CarrierOptionSpec>>;
  /** Fields of the `connection` object; `[]` when the carrier needs none, `undefined` when undocumented. */
  connectionFields: readonly string[] | undefined;
}

const oneOf = (...values: string[]): CarrierOptionSpec => ({ kind: 'enum', values });
const flag: CarrierOptionSpec = { kind: 'boolean' };
const destinationType = oneOf('residential', 'business');

const CATALOGUE: Readonly<Record<Exclude<BuiltInCarrierType, 'usps'>, CarrierModel>> = {
  endicia: {
    carrierId: 'endicia',
    deliveryServices: [
      'PriorityExpress',
      'PriorityMailExpressInternational',
      'FirstClassPackageInternationalService',
      'Priority',
      'PriorityMailInternational',
      'First',
      'ParcelSelect',
      'MediaMail',
    ],
    options: {
      // The spec's table says "array" but its example (and every response) carries a single string.
      packaging_type: oneOf(
        'FlatRateLegalEnvelope',
        'FlatRatePaddedEnvelope',
        'Parcel',
        'SmallFlatRateBox',
        'MediumFlatRateBox',
        'LargeFlatRateBox',
        'FlatRateEnvelope',
        'RegionalRateBoxA',
        'RegionalRateBoxB',
      ),
      show_transit_time: flag,
    },
    // The spec's example says `pass_phrase`, its property table `passphrase`; the example is what is sent.
    connectionFields: ['account_id', 'pass_phrase'],
  },
  fedex: {
    carrierId: 'fedex',
    deliveryServices: [
      'PRIORITY_OVERNIGHT',
      'STANDARD_OVERNIGHT',
      'FIRST_OVERNIGHT',
      'FEDEX_2_DAY',
      'FEDEX_EXPRESS_SAVER',
      'INTERNATIONAL_PRIORITY',
      'INTERNATIONAL_ECONOMY',
      'INTERNATIONAL_FIRST',
      'FEDEX_1_DAY_FREIGHT',
      'FEDEX_2_DAY_FREIGHT',
      'FEDEX_3_DAY_FREIGHT',
      'FEDEX_GROUND',
      'GROUND_HOME_DELIVERY',
      'INTERNATIONAL_PRIORITY_FREIGHT',
      'INTERNATIONAL_ECONOMY_FREIGHT',
      'EUROPE_FIRST_INTERNATIONAL_PRIORITY',
    ],
    options: {
      dropoff_type: oneOf(
        'REGULAR_PICKUP',
        'REQUEST_COURIER',
        'DROP_BOX',
        'BUSINESS_SERVICE_CENTER',
        'STATION',
      ),
      packaging_type: oneOf(
        'FEDEX_ENVELOPE',
        'FEDEX_PAK',
        'FEDEX_BOX',
        'FEDEX_TUBE',
        'FEDEX_10KG_BOX',
        'FEDEX_25KG_BOX',
        'YOUR_PACKAGING',
      ),
      packing_method: oneOf('SEPARATE', 'COMBINED'),
      rate_type: oneOf('NONE', 'LIST'),
      include_package_value: flag,
      destination_type: destinationType,
    },
    connectionFields: ['key', 'password', 'account_number', 'meter_number'],
  },
  upsready: {
    carrierId: 'upsready',
    deliveryServices: [
      '2nd_Day_Air',
      '2nd_Day_Air_AM',
      '3_Day_Select',
      'Expedited',
      'Express',
      'Express_Plus',
      'Express_Saver',
      'Express_Early_AM',
      'Ground',
      'Next_Day_Air',
      'Next_Day_Air_Early_AM',
      'Next_Day_Air_Saver',
      'Saver',
      'Standard',
      'Today_Dedicated_Courier',
      'Today_Express',
      'Today_Express_Saver',
      'Today_Intercity',
      'Today_Standard',
      'Worldwide_Expedited',
      'Worldwide_Express',
      'Worldwide_Express_Plus',
      'Worldwide_Express_Saver',
      'Worldwide_Saver',
    ],
    options: {
      destination_type: destinationType,
      // Lowercase here, uppercase for FedEx: BigCommerce documents them differently and matches exactly.
      packing_method: oneOf('separate', 'combined'),
      // UPS takes package codes only (21 = Express Box, 02 = Customer Supplied Package, ...).
      packaging_type: oneOf('21', '24', '25', '30', '01', '02', '03', '04', '2a', '2b', '2c'),
      include_package_value: flag,
      show_transit_time: flag,
    },
    connectionFields: undefined,
  },
  canadapost: {
    carrierId: 'canadapost',
    deliveryServices: [
      'DOM.RP',
      'DOM.EP',
      'DOM.XP',
      'DOM.XP.CERT',
      'DOM.PC',
      'DOM.LIB',
      'USA.EP',
      'USA.PW.ENV',
      'USA.PW.PAK',
      'USA.PW.PARCEL',
      'USA.SP.AIR',
      'USA.TP',
      'USA.TP.LVM',
      'USA.XP',
      'INT.XP',
      'INT.IP.AIR',
      'INT.IP.SURF',
      'INT.PW.ENV',
      'INT.PW.PAK',
      'INT.PW.PARCEL',
      'INT.SP.AIR',
      'INT.SP.SURF',
      'INT.TP',
    ],
    options: {},
    connectionFields: undefined,
  },
  auspost: {
    carrierId: 'auspost',
    deliveryServices: [
      'AUS_LETTER_REGULAR_SMALL',
      // Mixed case as documented; BigCommerce matches service codes exactly.
      'AUS_LETTER_REGULAR_Large',
      'AUS_LETTER_EXPRESS_SMALL',
      'AUS_LETTER_EXPRESS_MEDIUM',
      'AUS_LETTER_EXPRESS_LARGE',
      'AUS_PARCEL_REGULAR',
      'AUS_PARCEL_REGULAR_SATCHEL_500G',
      'AUS_PARCEL_REGULAR_SATCHEL_3KG',
      'AUS_PARCEL_REGULAR_SATCHEL_5KG',
      'AUS_PARCEL_EXPRESS',
      'AUS_PARCEL_EXPRESS_SATCHEL_500G',
      'AUS_PARCEL_EXPRESS_SATCHEL_3KG',
      'AUS_PARCEL_EXPRESS_SATCHEL_5KG',
      'AUS_PARCEL_COURIER',
      'AUS_PARCEL_COURIER_SATCHEL_MEDIUM',
      'INT_PARCEL_COR_OWN_PACKAGING',
      'INT_PARCEL_EXP_OWN_PACKAGING',
      'INT_PARCEL_STD_OWN_PACKAGING',
      'INT_PARCEL_AIR_OWN_PACKAGING',
      'INT_PARCEL_SEA_OWN_PACKAGING',
    ],
    options: {},
    connectionFields: ['auth_key', 'test_mode'],
  },
  royalmail: {
    carrierId: 'royalmail',
    deliveryServices: [
      'SpecialDelivery1pm',
      'SpecialDelivery9am',
      'SpecialDelivery1pmSaturday',
      'SpecialDelivery9amSaturday',
      'SignedForFirstClass',
      'SignedForSecondClass',
      'Express9',
      'Express10',
      'ExpressAM',
      'Express24',
      'Express48',
      'StandardFirstClass',
      'StandardSecondClass',
      'InternationalStandard',
      'InternationalTracked',
      'InternationalEconomy',
    ],
    options: {},
    connectionFields: [],
  },
  zoom2u: {
    carrierId: 'zoom2u',
    deliveryServices: ['3_hour', 'Same_day', 'VIP'],
    options: {},
    connectionFields: ['auth_key', 'test_mode'],
  },
};

export const isBuiltInCarrierType = (type: string): type is BuiltInCarrierType =>
  (BUILT_IN_CARRIER_TYPES as readonly string[]).includes(type);

/** Levenshtein distance, giving up (returning `limit + 1`) once every alignment exceeds `limit`. */
const editDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
};

/**
 * The native type (built-in carrier or static method type) that `id` is a near miss of, closest first; undefined
 * when `id` is native itself, `carrier_`-prefixed, or not within edit distance 2 of any.
 */
export const nativeTypeNearMiss = (id: string): string | undefined => {
  if (NATIVE_TYPES.includes(id) || PREFIXED_APP_CARRIER.test(id)) return undefined;
  let nearest: { type: string; distance: number } | undefined;
  for (const type of NATIVE_TYPES) {
    const distance = editDistance(id, type, NEAR_MISS_DISTANCE);
    if (distance <= NEAR_MISS_DISTANCE && (!nearest || distance < nearest.distance))
      nearest = { type, distance };
  }
  return nearest?.type;
};

const isAppCarrierType = (type: string): boolean => {
  if (PREFIXED_APP_CARRIER.test(type)) return true;
  return IDENTIFIER.test(type) && !NATIVE_TYPES.includes(type) && nativeTypeNearMiss(type) === undefined;
};

/** True for every method type that quotes through a connected carrier (built-in or an app's). */
export const isCarrierType = (type: string): boolean => isBuiltInCarrierType(type) || isAppCarrierType(type);

/** The `carrier_id` a carrier method type needs connected; `undefined` for static types. */
export const carrierIdOfType = (type: string): string | undefined => {
  if (isBuiltInCarrierType(type)) return type === 'usps' ? 'usps' : CATALOGUE[type].carrierId;
  return isAppCarrierType(type) ? type : undefined;
};

/** The documented model of a carrier method type; `undefined` for `usps`, app carriers and static types. */
export const carrierModel = (type: string): CarrierModel | undefined =>
  isBuiltInCarrierType(type) && type !== 'usps' ? CATALOGUE[type] : undefined;

/**
 * Connection fields a carrier requires. `undefined` means BigCommerce documents no model for it (the secret is
 * sent as stored); `[]` means the connection object is empty.
 */
export const requiredConnectionFields = (carrierId: string): string[] | undefined => {
  const fields = carrierModel(carrierId)?.connectionFields;
  return fields ? [...fields] : undefined;
};
