/**
 * The domain's vocabulary. Observed* types are what a store has, after normalization of BigCommerce's
 * response quirks; Desired* types are what a profile asks for. Both share one canonical shape so that
 * diffing is structural equality on the managed fields.
 */

/** A static type, a built-in carrier type or an app's `carrier_{id}`: the lists are in `carriers.ts`. */
type MethodType = string;

export type HandlingFees = { fixed_surcharge: number } | { percentage_surcharge: number };

export interface Range {
  lower_limit: number;
  upper_limit: number;
  shipping_cost: number;
}

/**
 * Settings in canonical form:
 * - perorder / peritem: `{ rate }`
 * - weight / total: `{ default_cost, default_cost_type, range }`
 * - carriers: `{ carrier_options: {...} }` with `delivery_services` always a sorted string array, flags as
 *   booleans, and the `packaging` echo removed.
 * - freeshipping: `{}`
 */
export type MethodSettings = Record<string, unknown>;

/** A method's type and name, as messages and the verification table name it. */
export interface MethodKey {
  type: MethodType;
  name: string;
}

/**
 * A method's identity inside a zone: type and name, and its channels when the profile lists them (a store
 * method then matches only with exactly those channels). See `identityOf` and `matchMethods` in `plan.ts`.
 */
export interface MethodIdentity extends MethodKey {
  channel_ids?: readonly number[];
}

/** A method as a profile declares it, canonical. Optional fields are unmanaged: never diffed, never sent. */
export interface DesiredMethod extends MethodKey {
  enabled: boolean;
  settings: MethodSettings;
  handling_fees?: HandlingFees;
  is_fallback?: boolean;
  channel_ids?: number[];
}

/** A method as the store has it, canonical. */
export interface ObservedMethod extends MethodKey {
  id: number;
  enabled: boolean;
  /** `undefined` when BigCommerce returned no settings for it (carrier methods in list responses can come
   * back as `settings: {}`): the caller must GET the single method before diffing settings. */
  settings: MethodSettings | undefined;
  handling_fees?: HandlingFees;
  is_fallback: boolean;
  channel_ids?: number[];
}

export interface ZoneLocation {
  country_iso2?: string;
  state_iso2?: string;
  zip?: string;
}

export type ZoneType = 'zip' | 'country' | 'state' | 'global';

/** A zone-level handling fee: one of the amounts, and whether checkout shows it apart from the rate. */
export type ZoneHandlingFees = ({ fixed_surcharge: number } | { percentage_surcharge: number }) & {
  display_separately?: boolean;
};

export interface ZoneFreeShipping {
  enabled: boolean;
  /** The order subtotal from which shipping is free, in the store's currency. */
  minimum_sub_total: number;
  exclude_fixed_shipping_products: boolean;
}

/** The zone-level fields bcship can manage, shared by what a store has and what a profile declares. */
interface ZoneFields {
  name: string;
  type: ZoneType;
  locations: ZoneLocation[];
  enabled: boolean;
  handling_fees?: ZoneHandlingFees;
  free_shipping?: ZoneFreeShipping;
}

export interface ObservedZone extends ZoneFields {
  id: number;
}

/**
 * A zone as a profile declares it (`zones[].zone`), canonical: locations sorted. `handling_fees` and
 * `free_shipping` are managed only when declared.
 */
export type DesiredZone = ZoneFields;

/** A profile zone selector: exactly one of these shapes. */
export type ZoneSelector = { id: number } | { name: string } | { country: string; state?: string };

/** A profile zone entry turned into a store zone. */
export interface ResolvedZone {
  zoneId: number;
  zoneName: string;
  /** The selector as written, for messages (`{ country: US }`). */
  selector: string;
  methods: DesiredMethod[];
  /** The zone itself, when the profile declares it: created or updated before its methods, and verified. */
  declared?: DesiredZone;
  /** A declared zone the store does not have yet (plan and verify runs): `zoneId` is 0 and it has no methods. */
  planned?: boolean;
}

export interface FieldChange {
  /** Dotted path inside the method: `enabled`, `settings.rate`, `settings.range`, `handling_fees`. */
  path: string;
  desired: unknown;
  actual: unknown;
}

export type PlanAction =
  | { kind: 'connect-carrier'; carrierId: string }
  | { kind: 'create-method'; zoneId: number; zoneName: string; method: DesiredMethod }
  | {
      kind: 'update-method';
      zoneId: number;
      zoneName: string;
      methodId: number;
      method: DesiredMethod;
      /** The method as it was, for rollback. */
      previous: ObservedMethod;
      changes: FieldChange[];
    }
  | { kind: 'delete-method'; zoneId: number; zoneName: string; methodId: number; previous: ObservedMethod }
  | ZoneAction;

/** What zones as code change: a declared zone created or updated, an undeclared one deleted (`pruneZones`). */
export type ZoneAction =
  | { kind: 'create-zone'; zoneName: string; zone: DesiredZone }
  | {
      kind: 'update-zone';
      zoneId: number;
      zoneName: string;
      zone: DesiredZone;
      previous: ObservedZone;
      changes: FieldChange[];
    }
  | {
      kind: 'delete-zone';
      zoneId: number;
      zoneName: string;
      previous: ObservedZone;
      /** Deleting a zone deletes its methods: these, as they were, for the plan and a rollback. */
      methods: ObservedMethod[];
    };

/** The method changes of one zone (an ApplyZones iteration's). */
export type MethodAction = Extract<PlanAction, { kind: 'create-method' | 'update-method' | 'delete-method' }>;

type MismatchKind = 'missing' | 'duplicated' | 'different' | 'unexpected';

export interface Mismatch {
  zoneId: number;
  zoneName: string;
  kind: MismatchKind;
  type: MethodType;
  name: string;
  /** Method ids involved (duplicates list every copy). */
  methodIds: number[];
  /** For `different`: one entry per differing field. */
  changes?: FieldChange[];
}
