/**
 * The plan: what must change in a zone for it to match its profile. Methods are matched by identity (type +
 * name, and channels when the profile lists them); only the fields a profile manages are compared, on the
 * canonical forms of `normalize.ts`.
 */
import type { Profile } from './profile.ts';
import type {
  DesiredMethod,
  FieldChange,
  HandlingFees,
  MethodAction,
  MethodIdentity,
  MethodKey,
  MethodSettings,
  ObservedMethod,
  PlanAction,
  ResolvedZone,
} from './types.ts';
import { formatValue, isRecord, readFlag, sameValue } from './values.ts';

const sortedChannels = (channels: readonly number[]): number[] =>
  [...new Set(channels)].sort((a, b) => a - b);

/** Type and name, plus the channel set when there is one: a profile may manage one "Standard" per channel. */
export const identityOf = (method: MethodIdentity): string => {
  const typeAndName = `${method.type}\u0000${method.name.trim()}`;
  return method.channel_ids
    ? `${typeAndName}\u0000${sortedChannels(method.channel_ids).join(',')}`
    : typeAndName;
};

export const describeMethod = (method: MethodKey): string => `${method.name} (${method.type})`;

const describeChannels = (method: MethodIdentity): string =>
  method.channel_ids ? ` on channels [${sortedChannels(method.channel_ids).join(', ')}]` : '';

/**
 * The identity among `managed` that a store method belongs to: the one with its type, name and exactly its
 * channels, else the one with its type and name that lists no channels (it manages the method whatever its
 * channels). A store without the channels feature lists none for any method: such a method belongs to the
 * one profile method of its type and name, scoped or not, or the run would create it again on every apply.
 */
const managingIdentity = (method: ObservedMethod, managed: ReadonlySet<string>): string | undefined => {
  const scoped = identityOf(method);
  if (method.channel_ids && managed.has(scoped)) return scoped;
  const unscoped = identityOf({ type: method.type, name: method.name });
  if (managed.has(unscoped)) return unscoped;
  if (method.channel_ids) return undefined;
  const sameName = [...managed].filter((identity) => identity.startsWith(`${unscoped}\u0000`));
  return sameName.length === 1 ? sameName[0] : undefined;
};

/** Whether a store method is one `identity` designates, by the rule plan and verify match methods with. */
export const hasIdentity = (method: ObservedMethod, identity: MethodIdentity): boolean =>
  managingIdentity(method, new Set([identityOf(identity)])) !== undefined;

export interface ZoneMatch {
  /** Store methods by the identity of the profile method that manages them, lowest id (the one kept) first. */
  managed: Map<string, ObservedMethod[]>;
  /** Store methods no profile method manages, by type and name, lowest id first. */
  unmanaged: Map<string, ObservedMethod[]>;
}

export const matchMethods = (zone: ResolvedZone, observed: readonly ObservedMethod[]): ZoneMatch => {
  const identities = new Set(zone.methods.map(identityOf));
  const match: ZoneMatch = { managed: new Map(), unmanaged: new Map() };
  for (const method of [...observed].sort((a, b) => a.id - b.id)) {
    const identity = managingIdentity(method, identities);
    const [groups, key] =
      identity === undefined
        ? [match.unmanaged, identityOf({ type: method.type, name: method.name })]
        : [match.managed, identity];
    groups.set(key, [...(groups.get(key) ?? []), method]);
  }
  return match;
};

/** Extra copies of a managed method, left alone because the profile does not prune. */
export const duplicateWarning = (
  zoneName: string,
  method: DesiredMethod,
  kept: ObservedMethod,
  extras: readonly ObservedMethod[],
): string => {
  const ids = extras.map((extra) => extra.id).join(', ');
  return (
    `duplicate: zone ${zoneName} has ${extras.length + 1} methods "${method.name}" (${method.type})` +
    `${describeChannels(method)}; bcship manages id ${kept.id} and leaves id${extras.length > 1 ? 's' : ''} ${ids}`
  );
};

/** A fee of 0 and no fee charge the same: both compare as "none". */
const effectiveFee = (fees: HandlingFees | undefined): HandlingFees | undefined => {
  if (!fees) return undefined;
  const amount = 'fixed_surcharge' in fees ? fees.fixed_surcharge : fees.percentage_surcharge;
  return Math.round(amount * 10_000) === 0 ? undefined : fees;
};

/**
 * App and usps carrier options have no catalogue to say which are flags, so a desired boolean reads `"1"` too;
 * a store may leave a flag out when it is false.
 */
const sameOption = (desired: unknown, actual: unknown): boolean =>
  typeof desired === 'boolean'
    ? (actual === undefined ? false : readFlag(actual)) === desired
    : sameValue(desired, actual);

const compareKeys = (
  prefix: string,
  desired: Record<string, unknown>,
  actual: Record<string, unknown> | undefined,
  changes: FieldChange[],
) => {
  for (const [key, value] of Object.entries(desired)) {
    const found = actual?.[key];
    // Carrier options are compared one option at a time: options the profile leaves out are unmanaged.
    if (key === 'carrier_options' && isRecord(value)) {
      compareKeys(`${prefix}.${key}`, value, isRecord(found) ? found : undefined, changes);
    } else if (!sameOption(value, found)) {
      changes.push({ path: `${prefix}.${key}`, desired: value, actual: found });
    }
  }
};

/**
 * The managed fields on which `observed` differs from `desired`: `enabled` always; each setting the profile
 * declares; `handling_fees`, `is_fallback` and `channel_ids` only when the profile sets them.
 */
export const diffMethod = (desired: DesiredMethod, observed: ObservedMethod): FieldChange[] => {
  if (observed.settings === undefined) {
    throw new Error(
      `Cannot compare method ${observed.id} ${describeMethod(observed)}: its settings are unknown; ` +
        'GET the single method and normalize it before planning (see methodsNeedingDetail)',
    );
  }
  const changes: FieldChange[] = [];
  if (desired.enabled !== observed.enabled) {
    changes.push({ path: 'enabled', desired: desired.enabled, actual: observed.enabled });
  }
  compareKeys('settings', desired.settings, observed.settings, changes);
  if (
    desired.handling_fees &&
    !sameValue(effectiveFee(desired.handling_fees), effectiveFee(observed.handling_fees))
  ) {
    changes.push({ path: 'handling_fees', desired: desired.handling_fees, actual: observed.handling_fees });
  }
  if (desired.is_fallback !== undefined && desired.is_fallback !== observed.is_fallback) {
    changes.push({ path: 'is_fallback', desired: desired.is_fallback, actual: observed.is_fallback });
  }
  // A store without the channels feature lists none: nothing to compare there.
  if (desired.channel_ids && observed.channel_ids && !sameValue(desired.channel_ids, observed.channel_ids)) {
    changes.push({ path: 'channel_ids', desired: desired.channel_ids, actual: observed.channel_ids });
  }
  return changes;
};

/**
 * Ids of the zone's managed methods listed without settings: GET each and re-normalize before planning.
 * With `prune`, unmanaged methods are included too, so that a pruned method can be recreated with its
 * settings if the run is rolled back.
 */
export const methodsNeedingDetail = (
  zone: ResolvedZone,
  observed: readonly ObservedMethod[],
  options: { prune: boolean } = { prune: false },
): number[] => {
  const identities = new Set(zone.methods.map(identityOf));
  return observed
    .filter(
      (method) =>
        method.settings === undefined &&
        (options.prune || managingIdentity(method, identities) !== undefined),
    )
    .map((method) => method.id)
    .sort((a, b) => a - b);
};

/** What a zone needs, and what the plan saw but leaves alone (duplicates without `prune`). */
export interface ZonePlan {
  actions: MethodAction[];
  warnings: string[];
}

type DeleteAction = Extract<PlanAction, { kind: 'delete-method' }>;

const deleteAction = (zone: ResolvedZone, method: ObservedMethod): DeleteAction => ({
  kind: 'delete-method',
  zoneId: zone.zoneId,
  zoneName: zone.zoneName,
  methodId: method.id,
  previous: method,
});

export const planZoneChanges = (
  zone: ResolvedZone,
  observed: readonly ObservedMethod[],
  options: { prune: boolean },
): ZonePlan => {
  const { zoneId, zoneName } = zone;
  const { managed, unmanaged } = matchMethods(zone, observed);
  const duplicateDeletes: MethodAction[] = [];
  const updates: MethodAction[] = [];
  const creates: MethodAction[] = [];
  const warnings: string[] = [];
  for (const method of zone.methods) {
    const [kept, ...extras] = managed.get(identityOf(method)) ?? [];
    if (!kept) {
      creates.push({ kind: 'create-method', zoneId, zoneName, method });
      continue;
    }
    // The lowest id is the managed copy; the others are not the profile's, so only `prune` deletes them.
    if (options.prune) duplicateDeletes.push(...extras.map((extra) => deleteAction(zone, extra)));
    else if (extras.length > 0) warnings.push(duplicateWarning(zoneName, method, kept, extras));
    const changes = diffMethod(method, kept);
    if (changes.length > 0) {
      updates.push({
        kind: 'update-method',
        zoneId,
        zoneName,
        methodId: kept.id,
        method,
        previous: kept,
        changes,
      });
    }
  }
  const pruned = options.prune
    ? [...unmanaged.values()].flat().map((method) => deleteAction(zone, method))
    : [];
  return { actions: [...duplicateDeletes, ...updates, ...creates, ...pruned], warnings };
};

/** The carriers to connect: those not connected yet, or with `reconnect` every carrier of the profile. */
export const planCarrierConnections = (
  profile: Profile,
  connected: readonly string[],
  options: { reconnect?: boolean } = {},
): Extract<PlanAction, { kind: 'connect-carrier' }>[] =>
  profile.carriers
    .filter((carrier) => options.reconnect === true || !connected.includes(carrier.id))
    .map((carrier) => ({ kind: 'connect-carrier', carrierId: carrier.id }));

/**
 * The settings an update sends. BigCommerce replaces a method's settings with those of a PUT, so the ones the
 * profile leaves unmanaged are sent back as the store has them, carrier options one by one.
 */
const settingsForUpdate = (desired: MethodSettings, previous: MethodSettings | undefined): MethodSettings => {
  if (previous === undefined) return desired;
  const merged: MethodSettings = { ...previous, ...desired };
  const desiredOptions = desired.carrier_options;
  const previousOptions = previous.carrier_options;
  if (isRecord(desiredOptions) && isRecord(previousOptions)) {
    merged.carrier_options = { ...previousOptions, ...desiredOptions };
  }
  return merged;
};

/**
 * The POST/PUT body for a method: everything the profile manages, nothing it leaves to the store. For an
 * update, pass the method as observed (`previous`): its settings fill in the ones the profile does not set.
 */
export const toRequestBody = (method: DesiredMethod, previous?: ObservedMethod): Record<string, unknown> => {
  const body: Record<string, unknown> = {
    name: method.name,
    type: method.type,
    enabled: method.enabled,
    settings: previous ? settingsForUpdate(method.settings, previous.settings) : method.settings,
  };
  if (method.handling_fees) body.handling_fees = method.handling_fees;
  if (method.is_fallback !== undefined) body.is_fallback = method.is_fallback;
  if (method.channel_ids) body.channel_ids = method.channel_ids;
  return body;
};

/** The PUT (or POST) body that puts a method back as it was, used to roll a change back. */
export const toRestoreBody = (previous: ObservedMethod): Record<string, unknown> => {
  const body: Record<string, unknown> = {
    name: previous.name,
    type: previous.type,
    enabled: previous.enabled,
    is_fallback: previous.is_fallback,
    // "No fee" normalizes to an absent fee: restore it explicitly, or a fee the update set would remain.
    handling_fees: previous.handling_fees ?? { fixed_surcharge: 0 },
  };
  if (previous.settings !== undefined) body.settings = previous.settings;
  if (previous.channel_ids) body.channel_ids = previous.channel_ids;
  return body;
};

/** `settings.carrier_options.delivery_services`-style paths to each leaf of a record, arrays kept whole. */
const leaves = (prefix: string, value: unknown): Array<[string, unknown]> =>
  isRecord(value) && Object.keys(value).length > 0
    ? Object.entries(value).flatMap(([key, item]) => leaves(prefix ? `${prefix}.${key}` : key, item))
    : [[prefix, value]];

/**
 * What a create sends, one `path = value` per managed field (`settings.rate = 7`), as `terraform plan` shows a
 * resource it would create: an operator reviewing a plan sees the values, not only a name.
 */
export const describeCreatedValues = (method: DesiredMethod): string[] => {
  const { type: _type, name: _name, ...fields } = method;
  return leaves('', fields).map(([path, value]) => `${path} = ${formatValue(value)}`);
};

const describeChange = (change: FieldChange): string =>
  `${change.path} ${formatValue(change.actual)} → ${formatValue(change.desired)}`;

export const describeAction = (action: PlanAction): string => {
  switch (action.kind) {
    case 'connect-carrier':
      return `+ connect carrier ${action.carrierId}`;
    case 'create-method':
      return `+ create  ${action.zoneName} / ${describeMethod(action.method)}`;
    case 'update-method':
      return `~ update  ${action.zoneName} / ${describeMethod(action.method)}: ${action.changes.map(describeChange).join('; ')}`;
    case 'delete-method':
      return `- delete  ${action.zoneName} / ${describeMethod(action.previous)} #${action.methodId}`;
    case 'create-zone':
      return `+ create  zone ${action.zoneName}`;
    case 'update-zone':
      return `~ update  zone ${action.zoneName}: ${action.changes.map(describeChange).join('; ')}`;
    case 'delete-zone':
      // Loud on purpose: a zone's delete takes every method of the zone with it.
      return (
        `- DELETE  ZONE ${action.zoneName} #${action.zoneId} AND ITS ${action.methods.length} METHOD(S)` +
        (action.methods.length > 0 ? ` (${action.methods.map(describeMethod).join(', ')})` : '')
      );
  }
};
