/**
 * The plan: what must change in a zone for it to match its profile. Methods are matched by identity
 * (type + name); only the fields a profile manages are compared, on the canonical forms of `normalize.ts`.
 */
import type { Profile } from './profile.ts';
import type {
  DesiredMethod,
  FieldChange,
  HandlingFees,
  MethodKey,
  MethodSettings,
  ObservedMethod,
  PlanAction,
  ResolvedZone,
} from './types.ts';
import { formatValue, isRecord, readFlag, sameValue } from './values.ts';

export const identityOf = (method: MethodKey): string => `${method.type}\u0000${method.name.trim()}`;

export const describeMethod = (method: MethodKey): string => `${method.name} (${method.type})`;

/** Observed methods grouped by identity, lowest id first (the copy that is kept when there are several). */
export const groupByIdentity = (observed: readonly ObservedMethod[]): Map<string, ObservedMethod[]> => {
  const groups = new Map<string, ObservedMethod[]>();
  for (const method of [...observed].sort((a, b) => a.id - b.id)) {
    const key = identityOf(method);
    groups.set(key, [...(groups.get(key) ?? []), method]);
  }
  return groups;
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
  if (desired.channel_ids && !sameValue(desired.channel_ids, observed.channel_ids)) {
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
  const managed = new Set(zone.methods.map(identityOf));
  return observed
    .filter((method) => method.settings === undefined && (options.prune || managed.has(identityOf(method))))
    .map((method) => method.id)
    .sort((a, b) => a - b);
};

export const planZoneChanges = (
  zone: ResolvedZone,
  observed: readonly ObservedMethod[],
  options: { prune: boolean },
): PlanAction[] => {
  const { zoneId, zoneName } = zone;
  const groups = groupByIdentity(observed);
  const duplicateDeletes: PlanAction[] = [];
  const updates: PlanAction[] = [];
  const creates: PlanAction[] = [];
  for (const method of zone.methods) {
    const [kept, ...extras] = groups.get(identityOf(method)) ?? [];
    if (!kept) {
      creates.push({ kind: 'create-method', zoneId, zoneName, method });
      continue;
    }
    // The profile declares exactly one method per identity: extra copies go, whatever `prune` says.
    for (const extra of extras) {
      duplicateDeletes.push({ kind: 'delete-method', zoneId, zoneName, methodId: extra.id, previous: extra });
    }
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
  const managed = new Set(zone.methods.map(identityOf));
  const pruned: PlanAction[] = options.prune
    ? [...groups.entries()]
        .filter(([identity]) => !managed.has(identity))
        .flatMap(([, methods]) => methods)
        .map((method) => ({ kind: 'delete-method', zoneId, zoneName, methodId: method.id, previous: method }))
    : [];
  return [...duplicateDeletes, ...updates, ...creates, ...pruned];
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
  }
};
