/**
 * Test support: renders canonical methods the way BigCommerce returns them (REFERENCE.md §1.5), and an
 * in-memory zone that applies plan actions the way BigCommerce would.
 */
import { isBuiltInCarrierType } from '../../../../lambdas/shipping/carriers.ts';
import { normalizeMethod } from '../../../../lambdas/shipping/normalize.ts';
import { methodsNeedingDetail, toRequestBody } from '../../../../lambdas/shipping/plan.ts';
import type {
  HandlingFees,
  MethodSettings,
  ObservedMethod,
  PlanAction,
  ResolvedZone,
} from '../../../../lambdas/shipping/types.ts';

/** `php`: `"1"` for true and `""` for false, as PHP prints booleans. */
export type FlagEncoding = 'boolean' | 'word' | 'digit' | 'number' | 'php';

/** Every way BigCommerce has been seen to render the same method. */
export interface Quirks {
  idAsString: boolean;
  flags: FlagEncoding;
  carrierFlags: FlagEncoding;
  omitFalseFallback: boolean;
  singleServiceAs: 'array' | 'value' | 'string';
  servicesReversed: boolean;
  packagingEcho: 'none' | 'copy' | 'empty-array';
  packagingTypeAsArray: boolean;
  feesAsStrings: boolean;
  noFeeAs: 'omitted' | 'zero-fixed-string' | 'zero-fixed-number' | 'zero-percentage-string';
  numbersAsStrings: boolean;
  rangesReversed: boolean;
  channelsKey: 'channel_ids' | 'channels';
  channelsReversed: boolean;
  /** How a weight or total method's `default_cost` of 0 (none) is rendered, when not as a number. */
  nullDefaultCostAs: 'null' | 'omitted' | 'empty-string';
  /** Built-in carrier flags that are false are left out (REFERENCE.md §1.5, "omitted when false"). */
  omitFalseCarrierFlags: boolean;
}

/** The quirks of the draft's real responses and of the spec's list examples, all at once. */
const bigCommerceQuirks: Quirks = {
  idAsString: true,
  flags: 'word',
  carrierFlags: 'digit',
  omitFalseFallback: true,
  singleServiceAs: 'value',
  servicesReversed: true,
  packagingEcho: 'copy',
  packagingTypeAsArray: false,
  feesAsStrings: true,
  noFeeAs: 'zero-fixed-string',
  numbersAsStrings: true,
  rangesReversed: true,
  channelsKey: 'channel_ids',
  channelsReversed: true,
  nullDefaultCostAs: 'null',
  omitFalseCarrierFlags: false,
};

const encodeFlag = (value: boolean, encoding: FlagEncoding): unknown => {
  switch (encoding) {
    case 'boolean':
      return value;
    case 'word':
      return value ? 'true' : 'false';
    case 'digit':
      return value ? '1' : '0';
    case 'number':
      return value ? 1 : 0;
    case 'php':
      return value ? '1' : '';
  }
};

const encodeNumber = (value: unknown, quirks: Quirks): unknown =>
  quirks.numbersAsStrings && typeof value === 'number' ? value.toFixed(4) : value;

const renderCarrierOptions = (type: string, options: Record<string, unknown>, quirks: Quirks) => {
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'delivery_services' && Array.isArray(value)) {
      const services = quirks.servicesReversed ? [...value].reverse() : [...value];
      const [single] = services;
      if (services.length === 1 && quirks.singleServiceAs === 'value') rendered[key] = { value: single };
      else if (services.length === 1 && quirks.singleServiceAs === 'string') rendered[key] = single;
      else rendered[key] = services;
    } else if (typeof value === 'boolean' && isBuiltInCarrierType(type)) {
      if (!value && quirks.omitFalseCarrierFlags) continue;
      rendered[key] = encodeFlag(value, quirks.carrierFlags);
    } else if (key === 'packaging_type' && type === 'endicia' && quirks.packagingTypeAsArray) {
      rendered[key] = [value];
    } else {
      rendered[key] = value;
    }
  }
  if (isBuiltInCarrierType(type) && quirks.packagingEcho !== 'none') {
    rendered.packaging =
      quirks.packagingEcho === 'copy' && 'packaging_type' in options ? options.packaging_type : [];
  }
  return rendered;
};

const renderSettings = (type: string, settings: MethodSettings, quirks: Quirks): MethodSettings => {
  const rendered: MethodSettings = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'carrier_options' && value && typeof value === 'object') {
      rendered[key] = renderCarrierOptions(type, value as Record<string, unknown>, quirks);
    } else if (key === 'range' && Array.isArray(value)) {
      const ranges = value.map((range: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(range).map(([field, limit]) => [field, encodeNumber(limit, quirks)]),
        ),
      );
      rendered[key] = quirks.rangesReversed ? ranges.reverse() : ranges;
    } else if (key === 'default_cost' && value === 0 && quirks.nullDefaultCostAs !== undefined) {
      if (quirks.nullDefaultCostAs !== 'omitted') {
        rendered[key] = quirks.nullDefaultCostAs === 'null' ? null : '';
      }
    } else {
      rendered[key] = encodeNumber(value, quirks);
    }
  }
  return rendered;
};

const renderFees = (fees: HandlingFees | undefined, quirks: Quirks): unknown => {
  if (fees) {
    const [[kind, amount]] = Object.entries(fees) as [[string, number]];
    return { [kind]: quirks.feesAsStrings ? String(amount) : amount };
  }
  switch (quirks.noFeeAs) {
    case 'omitted':
      return undefined;
    case 'zero-fixed-string':
      return { fixed_surcharge: '0' };
    case 'zero-fixed-number':
      return { fixed_surcharge: 0 };
    case 'zero-percentage-string':
      return { percentage_surcharge: '0' };
  }
};

/** A canonical method as BigCommerce might return it; `settings: {}` when the canonical settings are unknown. */
export const renderMethod = (method: ObservedMethod, quirks: Quirks): Record<string, unknown> => {
  const body: Record<string, unknown> = {
    id: quirks.idAsString ? String(method.id) : method.id,
    name: method.name,
    type: method.type,
    settings: method.settings === undefined ? {} : renderSettings(method.type, method.settings, quirks),
    enabled: encodeFlag(method.enabled, quirks.flags),
  };
  const fees = renderFees(method.handling_fees, quirks);
  if (fees !== undefined) body.handling_fees = fees;
  if (method.is_fallback || !quirks.omitFalseFallback)
    body.is_fallback = encodeFlag(method.is_fallback, quirks.flags);
  if (method.channel_ids) {
    body[quirks.channelsKey] = quirks.channelsReversed
      ? [...method.channel_ids].reverse()
      : [...method.channel_ids];
  }
  return body;
};

/** What BigCommerce keeps for a method, with the defaults it fills in on create. */
interface StoredMethod {
  id: number;
  name: string;
  type: string;
  enabled: boolean;
  settings: MethodSettings;
  handling_fees: HandlingFees;
  is_fallback: boolean;
  channel_ids: number[];
}

const ALL_CHANNELS = [1, 2];

/** Carrier methods come back from the list endpoint with `settings: {}` (List Example 2). */
const listedWithoutSettings = (type: string) => isBuiltInCarrierType(type) || type.startsWith('carrier_');

/**
 * One zone of a store, as BigCommerce holds it. Responses go through the full set of quirks, and list responses
 * hide carrier settings, so reading it back exercises the same path as the real API.
 */
export class InMemoryZone {
  private readonly methods = new Map<number, StoredMethod>();
  private nextId = 100;

  constructor(seed: readonly Omit<ObservedMethod, 'id'>[] = []) {
    for (const method of seed) this.create(toRequestBody({ ...method, settings: method.settings ?? {} }));
  }

  create(body: Record<string, unknown>): Record<string, unknown> {
    const id = this.nextId++;
    const stored: StoredMethod = {
      id,
      name: String(body.name),
      type: String(body.type),
      enabled: (body.enabled as boolean | undefined) ?? true,
      settings: structuredClone((body.settings as MethodSettings | undefined) ?? {}),
      handling_fees: (body.handling_fees as HandlingFees | undefined) ?? { fixed_surcharge: 0 },
      is_fallback: (body.is_fallback as boolean | undefined) ?? false,
      channel_ids: (body.channel_ids as number[] | undefined) ?? [...ALL_CHANNELS],
    };
    this.methods.set(id, stored);
    return this.render(stored, 'create');
  }

  update(id: number, body: Record<string, unknown>): Record<string, unknown> {
    const stored = this.methods.get(id);
    if (!stored) throw new Error(`no method ${id}`);
    // PUT is partial: fields left out keep their value.
    const updated = { ...stored, ...structuredClone(body), id } as StoredMethod;
    this.methods.set(id, updated);
    return this.render(updated, 'single');
  }

  delete(id: number): void {
    if (!this.methods.delete(id)) throw new Error(`no method ${id}`);
  }

  list(): Record<string, unknown>[] {
    return [...this.methods.values()]
      .sort((a, b) => a.id - b.id)
      .map((method) => this.render(method, 'list'));
  }

  get(id: number): Record<string, unknown> {
    const stored = this.methods.get(id);
    if (!stored) throw new Error(`no method ${id}`);
    return this.render(stored, 'single');
  }

  ids(): number[] {
    return [...this.methods.keys()].sort((a, b) => a - b);
  }

  private render(method: StoredMethod, view: 'list' | 'single' | 'create'): Record<string, unknown> {
    const zeroFee = Object.values(method.handling_fees)[0] === 0;
    const rendered = renderMethod(
      {
        ...method,
        handling_fees: zeroFee ? undefined : method.handling_fees,
        settings: view === 'list' && listedWithoutSettings(method.type) ? undefined : method.settings,
      },
      bigCommerceQuirks,
    );
    // The create response carries no is_fallback at all (createShippingMethod, Example 1).
    if (view === 'create') delete rendered.is_fallback;
    return rendered;
  }
}

/** Lists the zone, then GETs every managed method listed without settings, as the apply step does. */
export const observeZone = (zone: ResolvedZone, store: InMemoryZone): ObservedMethod[] => {
  const listed = store.list().map(normalizeMethod);
  const needingDetail = new Set(methodsNeedingDetail(zone, listed));
  return listed.map((method) =>
    needingDetail.has(method.id) ? normalizeMethod(store.get(method.id)) : method,
  );
};

/** Applies a plan's method actions to the zone the way the BigCommerce client would send them. */
export const applyActions = (store: InMemoryZone, actions: readonly PlanAction[]): void => {
  for (const action of actions) {
    if (action.kind === 'create-method') normalizeMethod(store.create(toRequestBody(action.method)));
    else if (action.kind === 'update-method')
      normalizeMethod(store.update(action.methodId, toRequestBody(action.method, action.previous)));
    else if (action.kind === 'delete-method') store.delete(action.methodId);
  }
};
