/**
 * The shipping profile: its schema, its parsing from YAML or JSON, and its canonical form for diffing.
 *
 * Validation rejects what BigCommerce would reject or silently misapply, and every problem is reported with the
 * path of the offending field (`zones[0].methods[1].settings.rate: must be >= 0`).
 */
import * as z from 'zod/mini';
import {
  BUILT_IN_CARRIER_TYPES,
  carrierIdOfType,
  carrierModel,
  isCarrierType,
  nativeTypeNearMiss,
  STATIC_METHOD_TYPES,
} from './carriers.ts';
import { checkoutSchema, countryCode, stateCode } from './checkout.ts';
import { type FieldIssue, InvalidProfile } from './errors.ts';
import { amount, boundedText, label, lazily, PERCENTAGE_PROBLEM, percentage, positiveId } from './limits.ts';
import { identityOf } from './plan.ts';
import type {
  DesiredMethod,
  DesiredZone,
  HandlingFees,
  MethodSettings,
  Range,
  ZoneSelector,
} from './types.ts';
import { type ProfileUnits, WEIGHT_UNITS } from './units.ts';
import { formatPath } from './values.ts';
import { zoneDeclarationSchema } from './zone-declarations.ts';

/** Every value of the spec's `ShippingMethodType`, plus `zoom2u` (documented outside the enum). */
const METHOD_TYPES = [...STATIC_METHOD_TYPES, ...BUILT_IN_CARRIER_TYPES] as const;

const TYPE_LIST = `${METHOD_TYPES.join(', ')} or an app carrier id such as carrier_33`;

/** ` (a typo of fedex?)` when `id` is a near miss of a native type, else nothing. */
const typoHint = (id: string): string => {
  const native = nativeTypeNearMiss(id);
  return native === undefined ? '' : ` (a typo of ${native}?)`;
};

/**
 * A method list past this is a mistake (43,728 methods in one zone were once planned without a word), and a
 * run carries a zone's methods and plan through Step Functions, whose state must stay small (256 KiB).
 */
const MAX_METHODS_PER_ZONE = 250;
/**
 * BigCommerce documents no limit on a store's zones (REFERENCE.md gives one only for a zip zone's locations).
 * Most stores have a handful; one zone per region or zip cluster reaches a few hundred. The run's state carries
 * one small entry per zone (the rest is in the run's artifacts: see workflow-contract.ts), under 64 KB for 250,
 * so the cap stops a profile generated wrong rather than a large store.
 */
const MAX_ZONES_PER_PROFILE = 250;

// ---------------------------------------------------------------------------------------------------------
// Messages: short, specific, and without zod's "Invalid input:" prefix.

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
};

const bound = (
  direction: 'least' | 'most',
  origin: string,
  limit: unknown,
  inclusive: boolean | undefined,
): string => {
  if (origin === 'array') {
    return direction === 'least' && limit === 1
      ? 'must not be empty'
      : `must have at ${direction} ${limit} items`;
  }
  if (origin === 'string') {
    return direction === 'least' && limit === 1
      ? 'must not be empty'
      : `must be at ${direction} ${limit} characters`;
  }
  const operator = direction === 'least' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${operator} ${limit}`;
};

const messageFor = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      // YAML's .inf and .nan are numbers to JavaScript, but no store can hold them.
      if (issue.expected === 'number' && typeof issue.input === 'number') return 'must be a finite number';
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return bound('least', issue.origin, issue.minimum, issue.inclusive);
    case 'too_big':
      return bound('most', issue.origin, issue.maximum, issue.inclusive);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'unknown field';
    default:
      return undefined;
  }
};

/** How profile fields word their problems; the CLI checks its own options the same way. */
export const parseOptions = { error: messageFor };

/** One issue per field: zod reports unknown keys as one issue on the parent object. */
const toFieldIssues = (issues: readonly z.core.$ZodIssue[]): { path: PropertyKey[]; message: string }[] =>
  issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key], message: 'unknown field' }))
      : [{ path: [...issue.path], message: issue.message }],
  );

// ---------------------------------------------------------------------------------------------------------
// Settings, one schema per method type.

const noDuplicates = (what: string) => (items: readonly unknown[], ctx: z.core.$RefinementCtx<unknown[]>) => {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = JSON.stringify(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else ctx.addIssue({ code: 'custom', path: [index], message: `${what} ${key} is listed twice` });
  });
};

const checkRanges = (ranges: readonly Range[], ctx: z.core.$RefinementCtx<Range[]>) => {
  ranges.forEach((range, index) => {
    if (range.upper_limit <= range.lower_limit) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'upper_limit'],
        message: `must be greater than lower_limit (${range.lower_limit})`,
      });
    }
  });
  // Ranges may be listed in any order; touching ends (0–20, 20–40) are how BigCommerce chains them.
  const ordered = ranges
    .map((range, index) => ({ range, index }))
    .filter(({ range }) => range.upper_limit > range.lower_limit)
    .sort((a, b) => a.range.lower_limit - b.range.lower_limit || a.index - b.index);
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1]!;
    const current = ordered[i]!;
    if (current.range.lower_limit < previous.range.upper_limit) {
      const later = current.index > previous.index ? current : previous;
      const earlier = later === current ? previous : current;
      ctx.addIssue({
        code: 'custom',
        path: [later.index],
        message: `overlaps range[${earlier.index}] (${earlier.range.lower_limit}–${earlier.range.upper_limit})`,
      });
    }
  }
};

const rateSettings = lazily(() => z.strictObject({ rate: amount }));

const rangeSettings = lazily(() =>
  z
    .strictObject({
      default_cost: z.optional(z.nullable(amount)),
      default_cost_type: z.optional(z.enum(['percentage_of_total', 'fixed_amount'])),
      range: z
        .array(z.strictObject({ lower_limit: amount, upper_limit: amount, shipping_cost: amount }))
        .check(z.minLength(1), z.superRefine(checkRanges)),
    })
    .check(
      z.superRefine((settings, ctx) => {
        const cost = settings.default_cost;
        if (settings.default_cost_type === 'percentage_of_total' && typeof cost === 'number' && cost > 100) {
          ctx.addIssue({
            code: 'custom',
            path: ['default_cost'],
            message: `${PERCENTAGE_PROBLEM} of the total, as default_cost_type says`,
          });
        }
      }),
    ),
);

const freeShippingSettings = lazily(() => z.optional(z.strictObject({})));

const freeFormCarrierSettings = lazily(() =>
  z.optional(z.strictObject({ carrier_options: z._default(z.record(z.string(), z.unknown()), {}) })),
);

const builtInCarrierSettings = (type: string): z.ZodMiniType<MethodSettings> => {
  const model = carrierModel(type)!;
  const services = new Set(model.deliveryServices);
  const options: Record<string, z.ZodMiniType> = {
    delivery_services: z.array(z.string()).check(
      z.minLength(1),
      z.superRefine(noDuplicates('delivery service')),
      z.superRefine((list, ctx) => {
        list.forEach((service, index) => {
          if (!services.has(service)) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message: `"${service}" is not a delivery service of ${type} (${type} offers: ${model.deliveryServices.join(', ')})`,
            });
          }
        });
      }),
    ),
  };
  for (const [key, spec] of Object.entries(model.options)) {
    options[key] =
      spec.kind === 'boolean'
        ? z.optional(z.boolean())
        : z.optional(z.enum(spec.values as [string, ...string[]]));
  }
  return z.strictObject({ carrier_options: z.strictObject(options) });
};

const carrierSettings = lazily(
  () =>
    new Map(
      BUILT_IN_CARRIER_TYPES.filter((type) => carrierModel(type)).map((type) => [
        type as string,
        builtInCarrierSettings(type),
      ]),
    ),
);

const settingsSchemaFor = (type: string): z.ZodMiniType | undefined => {
  switch (type) {
    case 'perorder':
    case 'peritem':
      return rateSettings();
    case 'weight':
    case 'total':
      return rangeSettings();
    case 'freeshipping':
      return freeShippingSettings();
    default:
      if (carrierSettings().has(type)) return carrierSettings().get(type);
      // usps has no documented options and app carriers define their own: accepted as written.
      return isCarrierType(type) ? freeFormCarrierSettings() : undefined;
  }
};

// ---------------------------------------------------------------------------------------------------------
// Methods, zones, profile.

const handlingFeesSchema = lazily(() =>
  z.pipe(
    z.strictObject({ fixed_surcharge: z.optional(amount), percentage_surcharge: z.optional(percentage) }),
    z.transform((fees, ctx): HandlingFees => {
      if (fees.fixed_surcharge !== undefined && fees.percentage_surcharge === undefined) {
        return { fixed_surcharge: fees.fixed_surcharge };
      }
      if (fees.percentage_surcharge !== undefined && fees.fixed_surcharge === undefined) {
        return { percentage_surcharge: fees.percentage_surcharge };
      }
      ctx.issues.push({
        code: 'custom',
        message: 'must have exactly one of fixed_surcharge or percentage_surcharge',
        input: fees,
      });
      return z.NEVER;
    }),
  ),
);

export interface ProfileMethod {
  name: string;
  type: string;
  enabled: boolean;
  settings: MethodSettings;
  handling_fees?: HandlingFees;
  is_fallback?: boolean;
  channel_ids?: number[];
}

const methodSchema = lazily(() =>
  z.pipe(
    z.strictObject({
      name: label,
      type: z.string(),
      enabled: z._default(z.boolean(), true),
      settings: z.optional(z.unknown()),
      handling_fees: z.optional(handlingFeesSchema()),
      is_fallback: z.optional(z.boolean()),
      channel_ids: z.optional(
        z.array(positiveId).check(z.minLength(1), z.superRefine(noDuplicates('channel'))),
      ),
    }),
    z.transform((method, ctx): ProfileMethod => {
      const schema = settingsSchemaFor(method.type);
      if (!schema) {
        ctx.issues.push({
          code: 'custom',
          path: ['type'],
          message: `unknown method type "${method.type}"${typoHint(method.type)} (expected ${TYPE_LIST})`,
          input: method.type,
        });
        return z.NEVER;
      }
      const settings = z.safeParse(schema, method.settings, parseOptions);
      if (!settings.success) {
        for (const issue of toFieldIssues(settings.error.issues)) {
          ctx.issues.push({
            code: 'custom',
            path: ['settings', ...issue.path],
            message: issue.message,
            input: method.settings,
          });
        }
        return z.NEVER;
      }
      const { handling_fees, is_fallback, channel_ids } = method;
      return {
        name: method.name,
        type: method.type,
        enabled: method.enabled,
        settings: (settings.data ??
          (isCarrierType(method.type) ? { carrier_options: {} } : {})) as MethodSettings,
        ...(handling_fees === undefined ? {} : { handling_fees }),
        ...(is_fallback === undefined ? {} : { is_fallback }),
        ...(channel_ids === undefined ? {} : { channel_ids }),
      };
    }),
  ),
);

const SELECTOR_SHAPES = 'must be exactly one of { id }, { name }, { country } or { country, state }';

const selectorSchema = lazily(() =>
  z.pipe(
    z.strictObject({
      id: z.optional(positiveId),
      name: z.optional(label),
      country: z.optional(countryCode),
      state: z.optional(stateCode),
    }),
    z.transform((match, ctx): ZoneSelector => {
      const keys = Object.keys(match).filter((key) => match[key as keyof typeof match] !== undefined);
      const only = (key: string) => keys.length === 1 && keys[0] === key;
      if (only('id')) return { id: match.id! };
      if (only('name')) return { name: match.name! };
      if (only('country')) return { country: match.country! };
      if (keys.length === 2 && match.country !== undefined && match.state !== undefined) {
        return { country: match.country, state: match.state };
      }
      ctx.issues.push({ code: 'custom', message: SELECTOR_SHAPES, input: match });
      return z.NEVER;
    }),
  ),
);

const zoneSchema = lazily(() =>
  z
    .strictObject({
      match: z.optional(selectorSchema()),
      zone: z.optional(zoneDeclarationSchema()),
      methods: z.array(methodSchema()).check(
        z.maxLength(MAX_METHODS_PER_ZONE, {
          error: `must have at most ${MAX_METHODS_PER_ZONE} methods per zone`,
        }),
      ),
    })
    .check(
      z.superRefine((entry, ctx) => {
        if (entry.match === undefined && entry.zone === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['match'],
            message: 'is required unless the entry declares its zone (zone: { name, type, locations })',
          });
        }
      }),
    ),
);

/** A profile's zone entry: a store zone selected (`match`), declared (`zone`), or both. */
export interface ProfileZone {
  match?: ZoneSelector | undefined;
  zone?: DesiredZone | undefined;
  methods: ProfileMethod[];
}

const carrierSchema = lazily(() =>
  z.strictObject({
    id: z.string().check(
      z.refine(isCarrierType, {
        error: (issue) =>
          `unknown carrier "${String(issue.input)}"${typoHint(String(issue.input))} (expected one of ${BUILT_IN_CARRIER_TYPES.join(', ')} or an app carrier id such as carrier_33 or example_carrier)`,
      }),
    ),
  }),
);

const unitsSchema = lazily(
  () =>
    z.strictObject({
      currency: z
        .string()
        .check(z.regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 currency code in capitals (e.g. USD)')),
      weight: z.optional(z.enum(WEIGHT_UNITS)),
    }) satisfies z.ZodMiniType<ProfileUnits>,
);

/** Selectors are compared as BigCommerce resolves them: names case-insensitively. */
const selectorKey = (entry: ProfileZone): string | undefined => {
  const selector = entry.match ?? (entry.zone ? { name: entry.zone.name } : undefined);
  if (selector === undefined) return undefined;
  if ('id' in selector) return `id:${selector.id}`;
  if ('name' in selector) return `name:${selector.name.trim().toLowerCase()}`;
  return `country:${selector.country}/${selector.state ?? ''}`;
};

interface ParsedProfile {
  units?: ProfileUnits | undefined;
  carriers: { id: string }[];
  zones: ProfileZone[];
}

const checkAcrossFields = (profile: ParsedProfile, ctx: z.core.$RefinementCtx<ParsedProfile>) => {
  const carrierIds = new Map<string, number>();
  profile.carriers.forEach((carrier, index) => {
    const first = carrierIds.get(carrier.id);
    if (first === undefined) carrierIds.set(carrier.id, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: ['carriers', index, 'id'],
        message: `duplicates carriers[${first}]`,
      });
  });

  const selectors = new Map<string, number>();
  profile.zones.forEach((zone, zoneIndex) => {
    // An entry with neither match nor zone has no key: it is reported on its own.
    const key = selectorKey(zone) ?? `entry:${zoneIndex}`;
    const first = selectors.get(key);
    if (first === undefined) selectors.set(key, zoneIndex);
    else {
      ctx.addIssue({
        code: 'custom',
        path: ['zones', zoneIndex, 'match'],
        message: `same zone selector as zones[${first}].match`,
      });
    }

    const identities = new Map<string, number>();
    zone.methods.forEach((method, methodIndex) => {
      const path = ['zones', zoneIndex, 'methods', methodIndex];
      // One "Standard" per channel set is fine; the same channels (or none) twice is not.
      const identity = identityOf(method);
      const firstMethod = identities.get(identity);
      if (firstMethod === undefined) identities.set(identity, methodIndex);
      else {
        const fields = method.channel_ids ? 'type, name and channels' : 'type and name';
        const channels = method.channel_ids ? ` on channels [${method.channel_ids.join(', ')}]` : '';
        ctx.addIssue({
          code: 'custom',
          path,
          message: `same ${fields} as methods[${firstMethod}] (${method.type} "${method.name}"${channels})`,
        });
      }
      const carrierId = carrierIdOfType(method.type);
      if (carrierId !== undefined && !carrierIds.has(carrierId)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'type'],
          message: `carrier ${carrierId} is not listed in carriers`,
        });
      }
      if (method.type === 'freeshipping' && method.channel_ids) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'channel_ids'],
          message: 'free shipping cannot be limited to channels (BigCommerce applies it to all channels)',
        });
      }
    });
  });
};

/**
 * Amounts are in the store's currency and weight ranges in its weight unit; BigCommerce converts neither, so a
 * profile with methods states its currency, and its weight unit when a method is of type weight.
 */
const checkUnits = (profile: ParsedProfile, ctx: z.core.$RefinementCtx<ParsedProfile>) => {
  const methods = profile.zones.flatMap((zone) => zone.methods);
  if (methods.length === 0) return;
  if (!profile.units) {
    ctx.addIssue({
      code: 'custom',
      path: ['units'],
      message:
        'is required when the profile has methods: the currency of its amounts (e.g. { currency: USD })',
    });
    return;
  }
  const zoneIndex = profile.zones.findIndex((zone) =>
    zone.methods.some((method) => method.type === 'weight'),
  );
  if (zoneIndex >= 0 && profile.units.weight === undefined) {
    const methodIndex = profile.zones[zoneIndex]!.methods.findIndex((method) => method.type === 'weight');
    ctx.addIssue({
      code: 'custom',
      path: ['units', 'weight'],
      message: `is required when a method is of type weight (zones[${zoneIndex}].methods[${methodIndex}]): the unit of its ranges, one of ${WEIGHT_UNITS.join(', ')}`,
    });
  }
};

const profileSchema = lazily(() =>
  z
    .strictObject({
      name: z
        .string()
        .check(
          z.regex(
            /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
            'must be a slug: lowercase letters and digits separated by single hyphens',
          ),
        ),
      description: z.optional(boundedText),
      units: z.optional(unitsSchema()),
      carriers: z._default(z.array(carrierSchema()), []),
      zones: z
        .array(zoneSchema())
        .check(
          z.minLength(1),
          z.maxLength(MAX_ZONES_PER_PROFILE, { error: `must have at most ${MAX_ZONES_PER_PROFILE} zones` }),
        ),
      prune: z._default(z.boolean(), false),
      /** Delete the store's zones the profile neither selects nor declares, with their methods. */
      pruneZones: z._default(z.boolean(), false),
      checkout: checkoutSchema(),
    })
    .check(z.superRefine(checkAcrossFields), z.superRefine(checkUnits)),
);

export type Profile = z.output<ReturnType<typeof profileSchema>>;

export const parseProfile = (input: unknown, source?: string): Profile => {
  const result = z.safeParse(profileSchema(), input, parseOptions);
  if (result.success) return result.data;
  const issues: FieldIssue[] = toFieldIssues(result.error.issues).map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  throw new InvalidProfile(issues, source);
};

const canonicalSettings = (type: string, settings: MethodSettings): MethodSettings => {
  switch (type) {
    case 'perorder':
    case 'peritem':
      return { rate: settings.rate };
    case 'weight':
    case 'total': {
      const result: MethodSettings = {};
      if ('default_cost' in settings && settings.default_cost !== undefined)
        result.default_cost = settings.default_cost;
      if (settings.default_cost_type !== undefined) result.default_cost_type = settings.default_cost_type;
      // BigCommerce needs a cost type with a default cost; fixed is what its control panel preselects.
      else if (typeof settings.default_cost === 'number') result.default_cost_type = 'fixed_amount';
      result.range = [...(settings.range as Range[])]
        .sort((a, b) => a.lower_limit - b.lower_limit)
        .map((range) => ({ ...range }));
      return result;
    }
    case 'freeshipping':
      return {};
    default: {
      const options = { ...(settings.carrier_options as Record<string, unknown>) };
      if (Array.isArray(options.delivery_services))
        options.delivery_services = [...options.delivery_services].sort();
      return { carrier_options: options };
    }
  }
};

/** A profile method in the canonical form `normalizeMethod` gives a store's method. */
export const desiredMethod = (method: ProfileMethod): DesiredMethod => {
  const desired: DesiredMethod = {
    type: method.type,
    name: method.name.trim(),
    enabled: method.enabled ?? true,
    settings: canonicalSettings(method.type, method.settings),
  };
  if (method.handling_fees) desired.handling_fees = { ...method.handling_fees };
  if (method.is_fallback !== undefined) desired.is_fallback = method.is_fallback;
  if (method.channel_ids) desired.channel_ids = [...method.channel_ids].sort((a, b) => a - b);
  return desired;
};

/** A zone entry's selector as written in a profile, for messages: `{ country: US, state: TX }`. */
export const describeZoneEntry = (entry: ProfileZone): string =>
  entry.match ? describeSelector(entry.match) : `{ zone: ${entry.zone!.name} }`;

const describeSelector = (selector: ZoneSelector): string => {
  if ('id' in selector) return `{ id: ${selector.id} }`;
  if ('name' in selector) return `{ name: ${selector.name} }`;
  return selector.state === undefined
    ? `{ country: ${selector.country} }`
    : `{ country: ${selector.country}, state: ${selector.state} }`;
};
