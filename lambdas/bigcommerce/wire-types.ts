/**
 * Wire types for the Shipping V2 client, derived from the generated OpenAPI types. Responses are widened where
 * BigCommerce is documented to stray from its spec (REFERENCE §1.5): ids, booleans and amounts arrive as strings,
 * method types outside the enum (`zoom2u`, `carrier_{id}`), settings beyond `{rate}`, undocumented extra keys,
 * omitted fields. The domain normalizer turns these into canonical form; nothing here pretends they are clean.
 */
import type { components, operations } from './generated/shipping.v2.ts';
import type { components as storeComponents } from './generated/store-information.v2.ts';

type Schemas = components['schemas'];

/**
 * A response value as BigCommerce may actually send it: every field optional and nullable, numbers and booleans
 * possibly as strings, enums possibly outside the documented values, and objects with undocumented keys.
 */
type Lenient<T> = T extends number | boolean
  ? T | string | null
  : T extends string
    ? string | null
    : T extends readonly (infer Item)[]
      ? Lenient<Item>[] | null
      : T extends object
        ? { -readonly [K in keyof T]?: Lenient<T[K]> } & { [key: string]: unknown }
        : unknown;

/** A shipping zone as returned by the zone endpoints. */
export type RawZone = Lenient<Schemas['ShippingZone']>;

/** A shipping method as returned by the method endpoints; `settings` may hold anything the method type needs. */
export type RawMethod = Lenient<Schemas['shippingMethod_Full']>;

/** The body of `POST /shipping/zones`, as the spec defines it. */
export type RawZoneInput = NonNullable<
  operations['createShippingZones']['requestBody']
>['content']['application/json'];

/** The body of `PUT /shipping/zones/{id}`; `name` is required by BigCommerce on every update. */
export type RawZoneUpdate = Omit<
  operations['updateShippingZone']['requestBody']['content']['application/json'],
  'id'
>;

type SpecMethodInput = Schemas['shippingMethod_Base'];

/**
 * The body of a method create or update. Wider than the spec's `shippingMethod_Base`, whose settings are only
 * `{rate?}` and whose type enum lacks `zoom2u` and Shipping Provider `carrier_{id}` types; the spec's own example
 * sends handling fees as strings.
 */
export type RawMethodInput = Omit<SpecMethodInput, 'type' | 'settings' | 'handling_fees'> & {
  type?: SpecMethodInput['type'] | 'zoom2u' | `carrier_${string}`;
  settings?: { rate?: number; carrier_options?: Record<string, unknown>; [key: string]: unknown };
  handling_fees?: { fixed_surcharge?: number | string } | { percentage_surcharge?: number | string };
};

/** `GET /v2/store`: the store's settings, of which shipping needs `weight_units`, `currency` and the origin. */
export type StoreInfo = storeComponents['schemas']['StoreInformation'] & { [key: string]: unknown };
