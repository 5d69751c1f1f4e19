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

export interface ObservedZone {
  id: number;
  name: string;
  type: 'zip' | 'country' | 'state' | 'global';
  locations: ZoneLocation[];
  enabled: boolean;
}

/** A profile zone selector: exactly one of these shapes. */
export type ZoneSelector = { id: number } | { name: string } | { country: string; state?: string };

/** A profile zone entry turned into a store zone. */
export interface ResolvedZone {
  zoneId: number;
  zoneName: string;
  /** The selector as written, for messages (`{ country: US }`). */
  selector: string;
  methods: DesiredMethod[];
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
  | { kind: 'delete-method'; zoneId: number; zoneName: string; methodId: number; previous: ObservedMethod };

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
