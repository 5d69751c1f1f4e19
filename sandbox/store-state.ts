/**
 * One store's shipping configuration and the rules BigCommerce applies when it changes (REFERENCE.md §1).
 * Bodies arrive here already checked against the spec; this module adds the rules the spec cannot express.
 * Records are kept in the spec's types (numbers and booleans); response quirks are applied when rendering.
 */
import { carrierOfMethodType, checkConnectionFields, isKnownCarrier } from './carriers.ts';
import { notFound, requiredFieldsMissing, V2Error } from './v2-errors.ts';

export type ZoneType = 'zip' | 'country' | 'state' | 'global';

export interface ZoneLocation {
  id: number;
  zip?: string;
  country_iso2?: string;
  state_iso2?: string;
}

interface ZoneFreeShipping {
  enabled: boolean;
  minimum_sub_total: string;
  exclude_fixed_shipping_products: boolean;
}

export interface Zone {
  id: number;
  name: string;
  type: ZoneType;
  locations: ZoneLocation[];
  free_shipping: ZoneFreeShipping;
  handling_fees?: Record<string, unknown>;
  enabled: boolean;
}

type MethodHandlingFees = { fixed_surcharge: number } | { percentage_surcharge: number };

export interface Method {
  id: number;
  name: string;
  type: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  handling_fees: MethodHandlingFees;
  is_fallback: boolean;
  channel_ids: number[];
}

export interface StoreSnapshot {
  zones: Zone[];
  /** Keyed by zone id; every zone has an entry, sorted by method id. */
  methodsByZone: Record<number, Method[]>;
  /** Keyed by carrier_id: the connection fields as sent (these hold carrier credentials). */
  connections: Record<string, Record<string, unknown>>;
}

type Body = Record<string, unknown>;

const defaultFreeShipping: ZoneFreeShipping = {
  enabled: false,
  minimum_sub_total: '0.0000',
  exclude_fixed_shipping_products: false,
};

export class StoreState {
  readonly #zones = new Map<number, Zone>();
  readonly #methods = new Map<number, Method[]>();
  readonly #connections = new Map<string, Record<string, unknown>>();
  readonly #channelIds: number[];
  #nextZoneId = 1;
  #nextMethodId = 1;
  #nextLocationId = 1;

  constructor(channelIds: number[]) {
    this.#channelIds = [...channelIds];
  }

  /** The channels a new method joins when its body gives none. */
  defaultChannelIds(): readonly number[] {
    return this.#channelIds;
  }

  // ---- zones

  listZones(): Zone[] {
    return [...this.#zones.values()].sort((a, b) => a.id - b.id);
  }

  getZone(zoneId: number): Zone {
    const zone = this.#zones.get(zoneId);
    if (!zone) throw notFound(`The shipping zone ${zoneId} was not found.`);
    return zone;
  }

  /** `fixedId` is for seeding only: the API always assigns the next id. */
  createZone(body: Body, fixedId?: number): Zone {
    const missing = ['name', 'type'].filter((field) => body[field] === undefined);
    if (missing.length > 0) throw requiredFieldsMissing(missing);
    const id = this.#claimId(fixedId, this.#nextZoneId, (candidate) => this.#zones.has(candidate), 'zone');
    this.#nextZoneId = Math.max(this.#nextZoneId, id + 1);
    const zone: Zone = {
      id,
      name: String(body.name),
      type: body.type as ZoneType,
      locations: this.#locationsOf(body.locations),
      free_shipping: {
        ...defaultFreeShipping,
        ...(body.free_shipping as Partial<ZoneFreeShipping> | undefined),
      },
      enabled: body.enabled === undefined ? true : Boolean(body.enabled),
      ...(body.handling_fees === undefined ? {} : { handling_fees: { ...(body.handling_fees as Body) } }),
    };
    this.#zones.set(id, zone);
    this.#methods.set(id, []);
    return zone;
  }

  updateZone(zoneId: number, body: Body): Zone {
    const zone = this.getZone(zoneId);
    if (body.name === undefined) throw requiredFieldsMissing(['name']);
    zone.name = String(body.name);
    if (body.type !== undefined) zone.type = body.type as ZoneType;
    if (body.locations !== undefined) zone.locations = this.#locationsOf(body.locations);
    if (body.free_shipping !== undefined) {
      zone.free_shipping = { ...zone.free_shipping, ...(body.free_shipping as Partial<ZoneFreeShipping>) };
    }
    if (body.handling_fees !== undefined) zone.handling_fees = { ...(body.handling_fees as Body) };
    if (body.enabled !== undefined) zone.enabled = Boolean(body.enabled);
    return zone;
  }

  /** Deleting a zone deletes its methods. */
  deleteZone(zoneId: number): void {
    this.getZone(zoneId);
    this.#zones.delete(zoneId);
    this.#methods.delete(zoneId);
  }

  // ---- methods

  listMethods(zoneId: number): Method[] {
    this.getZone(zoneId);
    return [...(this.#methods.get(zoneId) ?? [])].sort((a, b) => a.id - b.id);
  }

  getMethod(zoneId: number, methodId: number): Method {
    const method = this.listMethods(zoneId).find((candidate) => candidate.id === methodId);
    if (!method) throw notFound(`The shipping method ${methodId} was not found in shipping zone ${zoneId}.`);
    return method;
  }

  /**
   * The spec marks no method field required; BigCommerce cannot create a method without a type, and a nameless
   * method cannot be told apart at checkout, so both are required here.
   */
  createMethod(zoneId: number, body: Body, fixedId?: number): Method {
    const methods = this.#methods.get(this.getZone(zoneId).id) ?? [];
    const missing = ['name', 'type'].filter((field) => body[field] === undefined);
    if (missing.length > 0) throw requiredFieldsMissing(missing);
    const type = String(body.type);
    this.#requireConnectedCarrier(type);
    const id = this.#claimId(
      fixedId,
      this.#nextMethodId,
      (candidate) => this.#methodExists(candidate),
      'method',
    );
    this.#nextMethodId = Math.max(this.#nextMethodId, id + 1);
    const method: Method = {
      id,
      name: String(body.name),
      type,
      settings: structuredClone((body.settings as Body | undefined) ?? {}),
      enabled: body.enabled === undefined ? true : Boolean(body.enabled),
      handling_fees: handlingFeesOf(body.handling_fees) ?? { fixed_surcharge: 0 },
      is_fallback: body.is_fallback === undefined ? false : Boolean(body.is_fallback),
      // "When creating a new method, all available channels are associated by default."
      channel_ids: [...((body.channel_ids as number[] | undefined) ?? this.#channelIds)],
    };
    methods.push(method);
    this.#methods.set(zoneId, methods);
    return method;
  }

  /**
   * A partial update: top-level fields given replace the stored ones; `settings` is replaced as given, or with
   * `merge` merged over the stored settings (the `method-put-settings` variant).
   */
  updateMethod(
    zoneId: number,
    methodId: number,
    body: Body,
    settings: 'replace' | 'merge' = 'replace',
  ): Method {
    const method = this.getMethod(zoneId, methodId);
    if (body.type !== undefined && body.type !== method.type)
      this.#requireConnectedCarrier(String(body.type));
    if (body.name !== undefined) method.name = String(body.name);
    if (body.type !== undefined) method.type = String(body.type);
    if (body.settings !== undefined) {
      const given = structuredClone(body.settings as Body);
      method.settings = settings === 'merge' ? (mergedOver(method.settings, given) as Body) : given;
    }
    if (body.enabled !== undefined) method.enabled = Boolean(body.enabled);
    const handlingFees = handlingFeesOf(body.handling_fees);
    if (handlingFees) method.handling_fees = handlingFees;
    if (body.is_fallback !== undefined) method.is_fallback = Boolean(body.is_fallback);
    if (body.channel_ids !== undefined) method.channel_ids = [...(body.channel_ids as number[])];
    return method;
  }

  deleteMethod(zoneId: number, methodId: number): void {
    const method = this.getMethod(zoneId, methodId);
    this.#methods.set(
      zoneId,
      (this.#methods.get(zoneId) ?? []).filter((candidate) => candidate !== method),
    );
  }

  // ---- carrier connections

  /**
   * Connecting a carrier that is already connected: BigCommerce documents no behaviour for it (the
   * `connection-post` variant). `reject` refuses it, so a client must use PUT to change credentials; `upsert`
   * accepts it and the fields given replace the stored ones.
   */
  connectCarrier(body: Body, connected: 'reject' | 'upsert' = 'reject'): void {
    const carrierId = this.#validConnection(body);
    if (this.#connections.has(carrierId) && connected === 'reject') {
      throw new V2Error(
        400,
        `The carrier '${carrierId}' is already connected. Use PUT to update its connection.`,
      );
    }
    this.#connections.set(carrierId, structuredClone((body.connection as Body | undefined) ?? {}));
  }

  /**
   * Updating or disconnecting a carrier that is not connected is refused with 400: the spec documents 204 and
   * 400 for both, and a 400 tells a client that tries PUT first that it must POST.
   */
  updateCarrierConnection(body: Body): void {
    const carrierId = this.#validConnection(body);
    if (!this.#connections.has(carrierId)) {
      throw new V2Error(400, `The carrier '${carrierId}' is not connected. Use POST to connect it.`);
    }
    this.#connections.set(carrierId, structuredClone((body.connection as Body | undefined) ?? {}));
  }

  /** Disconnecting leaves the carrier's methods in place (only uninstalling a provider app removes them); see
   *  updateCarrierConnection for a carrier that is not connected. */
  disconnectCarrier(body: Body): void {
    if (body.carrier_id === undefined) throw requiredFieldsMissing(['carrier_id']);
    const carrierId = String(body.carrier_id);
    if (!this.#connections.delete(carrierId)) {
      throw new V2Error(400, `The carrier '${carrierId}' is not connected.`);
    }
  }

  isConnected(carrierId: string): boolean {
    return this.#connections.has(carrierId);
  }

  snapshot(): StoreSnapshot {
    const methodsByZone: Record<number, Method[]> = {};
    for (const zone of this.listZones()) methodsByZone[zone.id] = this.listMethods(zone.id);
    return structuredClone({
      zones: this.listZones(),
      methodsByZone,
      connections: Object.fromEntries(this.#connections),
    });
  }

  // ---- rules

  #requireConnectedCarrier(methodType: string): void {
    const carrierId = carrierOfMethodType(methodType);
    if (carrierId !== undefined && !this.#connections.has(carrierId)) {
      throw new V2Error(
        400,
        `The carrier '${carrierId}' is not connected. Connect it with POST /shipping/carrier/connection before creating or switching to a '${methodType}' method.`,
      );
    }
  }

  #validConnection(body: Body): string {
    if (body.carrier_id === undefined) throw requiredFieldsMissing(['carrier_id']);
    const carrierId = String(body.carrier_id);
    if (!isKnownCarrier(carrierId)) {
      throw new V2Error(400, `The carrier_id '${carrierId}' is not a carrier BigCommerce can connect.`);
    }
    const problems = checkConnectionFields(carrierId, (body.connection as Body | undefined) ?? {});
    if (problems.missing.length > 0) throw requiredFieldsMissing(problems.missing);
    if (problems.wrongType.length > 0) {
      throw new V2Error(
        400,
        problems.wrongType.map(
          ({ field, expected }) => `The field 'connection.${field}' must be a ${expected}.`,
        ),
      );
    }
    return carrierId;
  }

  #methodExists(methodId: number): boolean {
    for (const methods of this.#methods.values())
      if (methods.some((method) => method.id === methodId)) return true;
    return false;
  }

  #claimId(fixedId: number | undefined, next: number, taken: (id: number) => boolean, what: string): number {
    if (fixedId === undefined) return next;
    if (taken(fixedId)) throw new Error(`duplicate ${what} id ${fixedId}`);
    return fixedId;
  }

  #locationsOf(value: unknown): ZoneLocation[] {
    const given = (value as Body[] | undefined) ?? [];
    return given.map((location) => {
      const { id: _ignored, ...fields } = location;
      return { id: this.#nextLocationId++, ...(fields as Omit<ZoneLocation, 'id'>) };
    });
  }
}

/** `given` merged over `stored`: objects key by key, arrays and every other value replaced. */
function mergedOver(stored: unknown, given: unknown): unknown {
  const isObject = (value: unknown): value is Body =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(stored) || !isObject(given)) return given;
  const merged: Body = { ...stored };
  for (const [key, value] of Object.entries(given)) merged[key] = mergedOver(stored[key], value);
  return merged;
}

/**
 * The method schema types surcharges as numbers, while the spec's own request example sends `"3"`: accept a
 * number or a numeric string, keep a number. Exactly one of the two surcharge kinds.
 */
function handlingFeesOf(value: unknown): MethodHandlingFees | undefined {
  if (value === undefined) return undefined;
  const fees = value as Body;
  const kinds = (['fixed_surcharge', 'percentage_surcharge'] as const).filter(
    (kind) => fees[kind] !== undefined,
  );
  if (kinds.length > 1) {
    throw new V2Error(
      400,
      "The field 'handling_fees' takes either fixed_surcharge or percentage_surcharge, not both.",
    );
  }
  const kind = kinds[0] ?? 'fixed_surcharge';
  const raw = fees[kind] ?? 0;
  const amount = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw new V2Error(400, `The field 'handling_fees.${kind}' must be a non-negative number.`);
  }
  return kind === 'fixed_surcharge' ? { fixed_surcharge: amount } : { percentage_surcharge: amount };
}
