/**
 * Checkout expectations: what a shopper at a given address, with a given cart, must be offered at checkout.
 * The profile declares them under `checkout`; the checkout probe builds each cart and compares the shipping
 * options BigCommerce offers with them here.
 *
 * Parsed as part of the profile (profile.ts passes its messages), so problems carry the full path
 * (`checkout[0].expect[1].cost: must be >= 0`).
 */
import * as z from 'zod/mini';
import { amount, label, lazily, positiveId } from './limits.ts';

export interface CheckoutAddress {
  country: string;
  state?: string;
  zip?: string;
  city?: string;
}
export type CheckoutItem =
  | { sku: string; quantity: number }
  | { productId: number; variantId?: number; quantity: number };
type ExpectedCost = number | { min: number; max: number };
export interface OptionExpectation {
  method: string;
  cost?: ExpectedCost;
  quoted?: boolean;
}
export interface CheckoutExpectation {
  /** Always set after parsing: the default label when the profile gives none. */
  name: string;
  address: CheckoutAddress;
  items: CheckoutItem[];
  channel: number;
  expect: OptionExpectation[];
  absent: string[];
}
/** One shipping option a shopper is offered (from `available_shipping_options`). */
export interface OfferedOption {
  description: string;
  type: string;
  cost: number;
  transitTime?: string;
}
export interface ExpectationOutcome {
  name: string;
  ok: boolean;
  offered: OfferedOption[];
  /** One line per unmet expectation, e.g. `Flat Rate: expected cost 8, offered 7`. */
  problems: string[];
}

// ---------------------------------------------------------------------------------------------------------
// Schema.

/** Shared with the profile's zone selectors, so that an address and a zone are written alike. */
export const countryCode = z
  .string()
  .check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code (e.g. US)'));
export const stateCode = z
  .string()
  .check(z.regex(/^[A-Z0-9]{1,3}$/, 'must be a state or province code (e.g. TX)'));

const text = z.string().check(z.trim(), z.minLength(1));
/** Long enough for any postal code (`SW1A 1AA`, `78701-1234`), short enough to catch a pasted address. */
const MAX_ZIP_LENGTH = 12;
/** A probe cart stands for one shopper's order: a larger quantity is more likely a typo than a test. */
const MAX_QUANTITY = 1000;

export const checkoutAddressSchema = lazily(() =>
  z.strictObject({
    country: countryCode,
    state: z.optional(stateCode),
    zip: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_ZIP_LENGTH))),
    city: z.optional(text),
  }),
);

const ITEM_SHAPES = 'must be exactly one of { sku, quantity } or { productId, variantId?, quantity }';

export const checkoutItemSchema = lazily(() =>
  z.pipe(
    z.strictObject({
      sku: z.optional(text),
      productId: z.optional(positiveId),
      variantId: z.optional(positiveId),
      quantity: z.int().check(z.positive(), z.maximum(MAX_QUANTITY)),
    }),
    z.transform((item, ctx): CheckoutItem => {
      const { sku, productId, variantId, quantity } = item;
      if (sku !== undefined && productId === undefined && variantId === undefined) return { sku, quantity };
      if (sku === undefined && productId !== undefined) {
        return variantId === undefined ? { productId, quantity } : { productId, variantId, quantity };
      }
      ctx.issues.push({ code: 'custom', message: ITEM_SHAPES, input: item });
      return z.NEVER;
    }),
  ),
);

const expectedCostSchema = () =>
  z.union(
    [
      amount,
      z
        .strictObject({ min: amount, max: amount })
        .check(z.refine((range) => range.min <= range.max, { path: ['max'], error: 'must be >= min' })),
    ],
    { error: 'must be a number >= 0 or { min, max }' },
  );

const optionSchema = () =>
  z.pipe(
    z.strictObject({
      method: label,
      cost: z.optional(expectedCostSchema()),
      quoted: z.optional(z.literal(true)),
    }),
    z.transform((option, ctx): OptionExpectation => {
      const { method, cost, quoted } = option;
      if ((cost === undefined) === (quoted === undefined)) {
        ctx.issues.push({
          code: 'custom',
          message: 'must have exactly one of cost or quoted: true',
          input: option,
        });
        return z.NEVER;
      }
      return cost === undefined ? { method, quoted: true } : { method, cost };
    }),
  );

type ParsedEntry = Omit<CheckoutExpectation, 'name'> & { name?: string | undefined };

const methodKey = (method: string): string => method.trim().toLowerCase();

const checkEntry = (entry: ParsedEntry, ctx: z.core.$RefinementCtx<ParsedEntry>) => {
  if (entry.expect.length === 0 && entry.absent.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['expect'],
      message: 'must not be empty unless absent lists a method',
    });
  }
  const expected = new Map<string, number>();
  entry.expect.forEach((option, index) => {
    if (!expected.has(methodKey(option.method))) expected.set(methodKey(option.method), index);
  });
  entry.absent.forEach((method, index) => {
    const first = expected.get(methodKey(method));
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['absent', index],
        message: `"${method}" is also expected in expect[${first}]`,
      });
    }
  });
};

const entrySchema = () =>
  z
    .strictObject({
      name: z.optional(label),
      address: checkoutAddressSchema(),
      items: z.array(checkoutItemSchema()).check(z.minLength(1)),
      channel: z._default(positiveId, 1),
      expect: z._default(z.array(optionSchema()), []),
      absent: z._default(z.array(label), []),
    })
    .check(z.superRefine(checkEntry));

/** `US/TX/78701 #1`, leaving out what the address does not give. */
const defaultLabel = (address: CheckoutAddress, index: number): string =>
  `${[address.country, address.state, address.zip].filter(Boolean).join('/')} #${index + 1}`;

const nameEntries = (entries: ParsedEntry[], ctx: z.core.ParsePayload): CheckoutExpectation[] => {
  const named = entries.map((entry, index) => ({
    ...entry,
    name: entry.name ?? defaultLabel(entry.address, index),
  }));
  const seen = new Map<string, number>();
  named.forEach((entry, index) => {
    const first = seen.get(entry.name);
    if (first === undefined) seen.set(entry.name, index);
    else {
      ctx.issues.push({
        code: 'custom',
        path: [index, 'name'],
        message: `same name as checkout[${first}]`,
        input: entry.name,
      });
    }
  });
  return named;
};

/** The profile's `checkout` field. */
export const checkoutSchema = lazily(() =>
  z.pipe(z._default(z.array(entrySchema()), []), z.transform(nameEntries)),
);

// ---------------------------------------------------------------------------------------------------------
// Comparing what is offered with what is expected.

/** Costs are quoted in cents; anything closer than half a cent is the same price. */
const HALF_CENT = 0.005;

/** Step Functions caps an error cause at 32 768 characters; the full list stays on the error object. */
const MAX_LISTED_PROBLEMS = 50;

/**
 * BigCommerce names a carrier's option after the method and appends the service: `USPS (Priority Mail)`.
 * Nothing else counts: "Standard" is not "Standard Express".
 */
const offersMethod = (option: OfferedOption, method: string): boolean => {
  const description = methodKey(option.description);
  const wanted = methodKey(method);
  return description === wanted || description.startsWith(`${wanted} (`);
};

const formatCost = (cost: number): string =>
  Number.isFinite(cost) ? String(Math.round(cost * 10_000) / 10_000) : String(cost);

const describeCost = (cost: ExpectedCost): string =>
  typeof cost === 'number' ? formatCost(cost) : `${formatCost(cost.min)}–${formatCost(cost.max)}`;

const costFits = (offered: number, cost: ExpectedCost): boolean => {
  const [min, max] = typeof cost === 'number' ? [cost, cost] : [cost.min, cost.max];
  return offered >= min - HALF_CENT && offered <= max + HALF_CENT;
};

const offeredCosts = (options: OfferedOption[]): string => options.map((o) => formatCost(o.cost)).join(', ');

/** The problem with one expected method, or undefined when the offer meets it. */
const optionProblem = (expectation: OptionExpectation, offered: OfferedOption[]): string | undefined => {
  const matching = offered.filter((option) => offersMethod(option, expectation.method));
  const { method, cost } = expectation;
  if (cost === undefined) {
    const quoted = matching.some((option) => Number.isFinite(option.cost) && option.cost >= 0);
    return quoted ? undefined : `${method}: expected a quote, none offered`;
  }
  if (matching.some((option) => costFits(option.cost, cost))) return undefined;
  const what = matching.length === 0 ? 'not offered' : `offered ${offeredCosts(matching)}`;
  return `${method}: expected cost ${describeCost(cost)}, ${what}`;
};

const absentProblem = (method: string, offered: OfferedOption[]): string | undefined => {
  const matching = offered.filter((option) => offersMethod(option, method));
  return matching.length === 0
    ? undefined
    : `${method}: offered (cost ${offeredCosts(matching)}) but must be absent`;
};

export const checkExpectation = (
  expectation: CheckoutExpectation,
  offered: OfferedOption[],
): ExpectationOutcome => {
  const problems = [
    ...expectation.expect.map((option) => optionProblem(option, offered)),
    ...expectation.absent.map((method) => absentProblem(method, offered)),
  ].filter((problem): problem is string => problem !== undefined);
  return { name: expectation.name, ok: problems.length === 0, offered, problems };
};

/** Like verify's report: the store, the profile, and each problem of each failed expectation. */
export const probeReport = (
  storeHash: string,
  profileName: string,
  outcomes: ExpectationOutcome[],
): string => {
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const lines = failed.flatMap((outcome) => outcome.problems.map((problem) => `${outcome.name}: ${problem}`));
  const listed = lines.slice(0, MAX_LISTED_PROBLEMS);
  const more = lines.length - listed.length;
  return (
    `Store ${storeHash}: what shoppers are offered does not match profile ${profileName} ` +
    `(${failed.length} expectation${failed.length === 1 ? '' : 's'} failed): ${listed.join('; ')}` +
    (more > 0 ? `; and ${more} more` : '')
  );
};
